// The canonical model names live in schema/ (docs/CONTRACTS.md); adapters re-export the type for connector authors.
export type { ModelName } from '../../schema';
