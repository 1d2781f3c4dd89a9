import {
  CURRENT_VERSION,
  MODEL_NAMES,
  SCHEMA_VERSIONS,
  SchemaVersionError,
  downgradeRecord,
  migrateRecord,
  parseRecord,
  parseStored,
  schemaFor,
  upgradeRecord,
  type ModelName,
} from '../../../schema';

describe('versions', () => {
  it('lists every version of every model; customer is at 2.0.0', () => {
    expect(CURRENT_VERSION).toEqual({ customer: '2.0.0', invoice: '1.0.0', event: '1.0.0', message: '1.0.0', ticket: '1.0.0', company: '1.0.0' });
    expect(SCHEMA_VERSIONS.customer.map((v) => v.version)).toEqual(['1.0.0', '1.1.0', '2.0.0']);
    for (const model of MODEL_NAMES) expect(schemaFor(model)).toBe(SCHEMA_VERSIONS[model].at(-1)!.schema);
  });

  it('upgrades 1.0.0 and 1.1.0 customers; parseRecord and parseStored do it on the way in', () => {
    const v1 = { source_system: 'hubspot', source_id: '1', email: 'a@b.io', name: 'Ada', x_keep: [1] };
    expect(upgradeRecord('customer', '1.0.0', v1)).toEqual({ source_system: 'hubspot', source_id: '1', email: 'a@b.io', full_name: 'Ada', x_keep: [1] });
    expect(upgradeRecord('customer', '2.0.0', { a: 1 })).toEqual({ a: 1 });
    expect(upgradeRecord('customer', '1.1.0', { a: 1 })).toEqual({ a: 1 });
    const parsed = parseRecord('customer', { ...v1, phone: '+1 555' }, { version: '1.1.0' });
    expect(parsed.ok && [parsed.value.full_name, parsed.value.phone]).toEqual(['Ada', '+1 555']);
    const stored = parseStored('customer', { schema_version: '1.0.0', data: v1 });
    expect(stored.ok && stored.value.full_name).toBe('Ada');
    expect(downgradeRecord('customer', '1.0.0', { full_name: 'Ada', phone: '1' })).toEqual({ name: 'Ada' });
    expect(downgradeRecord('customer', '1.1.0', { phone: '1' })).toEqual({ phone: '1' });
    expect(migrateRecord('invoice', '1.0.0', '1.0.0', { a: 1 })).toEqual({ a: 1 });
  });

  it('names unknown versions and models, listing the known ones', () => {
    expect(() => upgradeRecord('customer', '3.0.0', {})).toThrow(
      new SchemaVersionError('fromVersion: customer has no version "3.0.0" — known versions are 1.0.0, 1.1.0, 2.0.0'),
    );
    expect(() => migrateRecord('customer', '2.0.0', '9', {})).toThrow(/toVersion: customer has no version "9"/);
    expect(() => schemaFor('order' as ModelName)).toThrow(/model: "order" is not a canonical model/);
    expect(() => migrateRecord('customer', '1.0.0', '2.0.0', [] as unknown as Record<string, unknown>)).toThrow(/must be a JSON object/);
    const bad = parseStored('customer', { schema_version: '0.9.0', data: {} });
    expect(bad.ok === false && bad.issues[0]!.path).toBe('schema_version');
  });
});
