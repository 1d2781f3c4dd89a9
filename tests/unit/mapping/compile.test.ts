import { compileMapping, MappingError } from '../../../mapping/compile';
import { parseMapping, type MappingInput } from '../../../mapping/format';
import { invertMapping } from '../../../mapping/inverse';

const base = (rules: MappingInput['rules']): MappingInput => ({ model: 'invoice', source_system: 'acme', resource: 'invoice', rules });

describe('compiled mappings', () => {
  it('applies every transform', () => {
    const m = compileMapping(
      base([
        { target: 'source_id', source: { path: 'id' } },
        { target: 'currency', source: { path: 'cur' }, transforms: [{ op: 'trim' }, { op: 'upper' }] },
        { target: 'total', source: { path: 'amount' }, transforms: [{ op: 'minor_to_decimal', currency_path: 'cur' }] },
        { target: 'tax', source: { path: 'tax' }, transforms: [{ op: 'minor_to_decimal', currency: 'JPY' }] },
        { target: 'issue_date', source: { path: 'created' }, transforms: [{ op: 'unix_to_date' }] },
        { target: 'created_at', source: { path: 'created' }, transforms: [{ op: 'unix_to_iso' }] },
        { target: 'updated_at', source: { path: 'ms' }, transforms: [{ op: 'unix_ms_to_iso' }] },
        { target: 'status', source: { path: 'state' }, transforms: [{ op: 'lower' }, { op: 'lookup', table: { open: 'pending' }, fallback: 'draft' }] },
        { target: 'invoice_number', source: { join: [{ path: 'prefix' }, { const: 'X' }, { path: 'missing' }], sep: '-' } },
        { target: 'customer_id', source: { coalesce: [{ path: 'nope' }, { path: 'cust.id' }] } },
        {
          target: 'due_date',
          source: { path: 'due' },
          transforms: [
            { op: 'split', sep: 'T', index: 0 },
            { op: 'default', value: '2024-12-31' },
          ],
        },
      ]),
    );
    expect(
      m({ id: 7, cur: ' kwd ', amount: 12345, tax: 500, created: 1704164645, ms: 1704164645000, state: 'OPEN', prefix: 'INV', cust: { id: 'c1' } }),
    ).toEqual({
      source_system: 'acme',
      source_id: '7',
      currency: 'KWD',
      total: '12.345',
      tax: '500',
      issue_date: '2024-01-02',
      created_at: '2024-01-02T03:04:05.000Z',
      updated_at: '2024-01-02T03:04:05.000Z',
      status: 'pending',
      invoice_number: 'INV-X',
      customer_id: 'c1',
      due_date: '2024-12-31',
    });
    expect(m({ id: 'a', state: 'weird' }).status).toBe('draft');
  });

  it('names the field when a transform fails', () => {
    const m = compileMapping(
      base([
        { target: 'source_id', source: { path: 'id' } },
        { target: 'total', source: { path: 'amount' }, transforms: [{ op: 'minor_to_decimal', currency_path: 'cur' }] },
      ]),
    );
    expect(() => m({ id: 'x', amount: 5 })).toThrow(MappingError);
    expect(() => m({ id: 'x', amount: 5 })).toThrow(/^total: /);
  });

  it('rejects unsafe or malformed mappings with the field and the fix', () => {
    const bad = parseMapping(base([{ target: 'source_id', source: { path: 'a"];process.exit();//' } }]));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^rules\.0\.source/);
    const twice = parseMapping(
      base([
        { target: 'source_id', source: { path: 'id' } },
        { target: 'source_id', source: { path: 'x' } },
      ]),
    );
    expect(twice.ok).toBe(false);
    const noId = parseMapping(base([{ target: 'email', source: { path: 'email' } }]));
    expect(!noId.ok && noId.errors.join()).toMatch(/source_id/);
  });

  it('keeps hostile constants as data, never as code', () => {
    const evil = '"); globalThis.pwned = true; ("';
    const m = compileMapping(
      base([
        { target: 'source_id', source: { const: evil } },
        { target: 'status', source: { path: 's' }, transforms: [{ op: 'lookup', table: { [evil]: evil } }] },
      ]),
    );
    expect(m({ s: evil })).toMatchObject({ source_id: evil, status: evil });
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    expect(m.code).not.toContain('pwned');
  });

  it('inverts what can be inverted and says what cannot', () => {
    const inv = invertMapping({
      model: 'customer',
      source_system: 's',
      resource: 'r',
      rules: [
        { target: 'source_id', source: { path: 'id' } },
        { target: 'full_name', source: { join: [{ path: 'p.first' }, { path: 'p.last' }], sep: ' ' } },
        { target: 'created_at', source: { path: 'created' }, transforms: [{ op: 'unix_to_iso' }] },
        { target: 'company', source: { const: 'ACME' } },
        { target: 'email', source: { path: 'email' }, transforms: [{ op: 'split', sep: ',', index: 0 }] },
      ],
    });
    expect(inv.fromUnified({ source_id: 'c1', full_name: 'Ada King Lovelace', created_at: '2024-01-02T03:04:05.000Z' })).toEqual({
      id: 'c1',
      p: { first: 'Ada', last: 'King Lovelace' },
      created: 1704164645,
    });
    expect(inv.skipped.map((s) => s.target)).toEqual(['company', 'email']);
    const money = invertMapping(
      base([
        { target: 'source_id', source: { path: 'id' } },
        { target: 'currency', source: { path: 'cur' } },
        { target: 'total', source: { path: 'amt' }, transforms: [{ op: 'minor_to_decimal', currency_path: 'cur' }] },
      ]),
    );
    expect(money.fromUnified({ source_id: 'i', currency: 'USD', total: '12.34' })).toEqual({ id: 'i', cur: 'USD', amt: 1234 });
  });
});
