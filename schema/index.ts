/** Canonical models: the hub of hub-and-spoke. See docs/CONTRACTS.md, section "schema/". */
export { UnifiedBase, IsoDate, IsoDateTime, baseFields, serialize, type Serialized } from './base';
export { UnifiedAddress } from './models/address';
export { UnifiedCompany } from './models/company';
export { UnifiedCustomer, UnifiedCustomerV1_0_0, UnifiedCustomerV1_1_0 } from './models/customer';
export { UnifiedEvent } from './models/event';
export { INVOICE_STATUSES, UnifiedInvoice } from './models/invoice';
export { UnifiedLineItem } from './models/line-item';
export { UnifiedMessage } from './models/message';
export { TICKET_STATUS_CATEGORIES, UnifiedTicket } from './models/ticket';
export {
  CURRENT_VERSION,
  MODEL_NAMES,
  SCHEMA_VERSIONS,
  SchemaVersionError,
  downgradeRecord,
  isModelName,
  migrateRecord,
  schemaFor,
  upgradeRecord,
  type ModelName,
  type ModelVersion,
} from './versions';
export {
  formatIssues,
  formatPath,
  parseRecord,
  parseStored,
  toFieldIssues,
  type FieldIssue,
  type ModelTypes,
  type ParseOptions,
  type ParseResult,
  type StoredRecord,
} from './parse';
export { Amount, CurrencyCode, MoneyError, currencyExponent, fromMinorUnits, toMinorUnits } from './money';
