import * as schemaApi from '../../../schema';

describe('schema/index.ts exports what docs/CONTRACTS.md promises', () => {
  it('has every contracted name, plus the helpers the other parts use', () => {
    const api = schemaApi as unknown as Record<string, unknown>;
    const contracted = [
      'UnifiedAddress',
      'UnifiedCustomer',
      'UnifiedInvoice',
      'UnifiedLineItem',
      'UnifiedEvent',
      'UnifiedMessage',
      'UnifiedTicket',
      'UnifiedCompany',
      'MODEL_NAMES',
      'CURRENT_VERSION',
      'parseRecord',
      'formatIssues',
      'upgradeRecord',
      'serialize',
      'fromMinorUnits',
      'toMinorUnits',
      'currencyExponent',
    ];
    const extra = [
      'UnifiedBase',
      'IsoDate',
      'IsoDateTime',
      'baseFields',
      'UnifiedCustomerV1_0_0',
      'UnifiedCustomerV1_1_0',
      'INVOICE_STATUSES',
      'TICKET_STATUS_CATEGORIES',
      'SCHEMA_VERSIONS',
      'SchemaVersionError',
      'downgradeRecord',
      'isModelName',
      'migrateRecord',
      'schemaFor',
      'formatPath',
      'parseStored',
      'toFieldIssues',
      'Amount',
      'CurrencyCode',
      'MoneyError',
    ];
    for (const name of [...contracted, ...extra]) expect([name, api[name]]).toEqual([name, expect.anything()]);
    expect(Object.keys(api).sort()).toEqual([...contracted, ...extra].sort());
  });
});
