// Mirrors schema/index.ts `ModelName` (docs/CONTRACTS.md); kept here so adapters/core has no hard dependency
// on schema/ while both land. A unit test checks the two lists agree.
export type ModelName = 'customer' | 'invoice' | 'event' | 'message' | 'ticket';
