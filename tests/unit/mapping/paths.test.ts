import { compileMapping } from '../../../mapping/compile';
import { parseMapping, type MappingInput } from '../../../mapping/format';
import { invertMapping } from '../../../mapping/inverse';
import { parsePath, readPath, withoutBrackets } from '../../../mapping/paths';
import { helpers } from '../../../mapping/transforms';

const invoice = (rules: MappingInput['rules']): MappingInput => ({ model: 'invoice', source_system: 's', resource: 'r', rules });

describe('source paths with list steps and element predicates', () => {
  it('parses every step kind and rejects malformed paths', () => {
    expect(parsePath('Phones[PhoneType=DEFAULT].PhoneNumber')).toEqual([
      { kind: 'pick', name: 'Phones', key: 'PhoneType', value: 'DEFAULT' },
      { kind: 'prop', name: 'PhoneNumber' },
    ]);
    expect(parsePath('LineItems[].UnitAmount')).toEqual([
      { kind: 'each', name: 'LineItems' },
      { kind: 'prop', name: 'UnitAmount' },
    ]);
    expect(parsePath('a[k=v.1].b')?.[0]).toMatchObject({ value: 'v.1' });
    for (const bad of ['a..b', 'a[', 'a[k=v', 'a]"', 'a[k=v"];x']) expect(parsePath(bad)).toBeUndefined();
    expect(withoutBrackets('addresses[default_billing=true].street[]')).toBe('addresses.street');
    const refused = parseMapping(invoice([{ target: 'source_id', source: { path: 'a[k="x"]' } }]));
    expect(refused.ok).toBe(false);
  });

  it('picks one element of a typed list by predicate, case-insensitively, and [] reads the first element', () => {
    const raw = {
      id: 1,
      Phones: [
        { PhoneType: 'FAX', PhoneNumber: '1' },
        { PhoneType: 'default', PhoneNumber: '+1 555' },
      ],
      addresses: [
        { default_billing: false, city: 'A' },
        { default_billing: true, city: 'Paris' },
      ],
      emails: ['x@y.z'],
    };
    const m = compileMapping({
      model: 'customer',
      source_system: 's',
      resource: 'r',
      rules: [
        { target: 'source_id', source: { path: 'id' } },
        { target: 'phone', source: { path: 'Phones[PhoneType=DEFAULT].PhoneNumber' } },
        { target: 'billing_address.city', source: { path: 'addresses[default_billing=true].city' } },
        { target: 'email', source: { path: 'emails[]' } },
        { target: 'company', source: { path: 'Phones[PhoneType=MOBILE].PhoneNumber' } },
      ],
    });
    expect(m(raw)).toEqual({ source_system: 's', source_id: '1', phone: '+1 555', billing_address: { city: 'Paris' }, email: 'x@y.z' });
    expect(readPath(raw, 'addresses[default_billing=true].city')).toBe('Paris');
    expect(m({ id: 2, Phones: 'not a list' })).toEqual({ source_system: 's', source_id: '2' });
  });

  it('maps line items in one pass, with money, quantity and the record currency', () => {
    const m = compileMapping(
      invoice([
        { target: 'source_id', source: { path: 'id' } },
        { target: 'currency', source: { path: 'cur' } },
        { target: 'line_items[].description', source: { path: 'Lines[].Text' } },
        { target: 'line_items[].quantity', source: { path: 'Lines[].Qty' }, transforms: [{ op: 'to_number' }] },
        { target: 'line_items[].unit_price', source: { path: 'Lines[].Price.Amount' }, transforms: [{ op: 'minor_to_decimal', currency_path: 'cur' }] },
        { target: 'line_items[].total', source: { path: 'Lines[].Total' }, transforms: [{ op: 'to_decimal' }] },
      ]),
    );
    expect(m({ id: 'i', cur: 'EUR', Lines: [{ Text: 'a', Qty: '2', Price: { Amount: 150 }, Total: 3 }, { Text: 'b' }] })).toEqual({
      source_system: 's',
      source_id: 'i',
      currency: 'EUR',
      line_items: [{ description: 'a', quantity: 2, unit_price: '1.50', total: '3' }, { description: 'b' }],
    });
    expect(m({ id: 'j' })).toEqual({ source_system: 's', source_id: 'j' });
    expect(m.code).toContain('for (let i = 0;');
  });

  it('refuses line-item rules that read two lists or no list', () => {
    const two = parseMapping(
      invoice([
        { target: 'source_id', source: { path: 'id' } },
        { target: 'line_items[].quantity', source: { path: 'A[].q' } },
        { target: 'line_items[].total', source: { path: 'B[].t' } },
      ]),
    );
    expect(!two.ok && two.errors.join()).toMatch(/reads list "B\[\]" but other line-item rules read "A\[\]"/);
    const none = parseMapping(
      invoice([
        { target: 'source_id', source: { path: 'id' } },
        { target: 'line_items[].total', source: { path: 'total' } },
      ]),
    );
    expect(!none.ok && none.errors.join()).toMatch(/does not step into a list/);
  });

  it('reads dates as RFC 3339, date-only, unix seconds or ms, and MS-JSON; amounts as exact decimals', () => {
    expect(helpers.toIso('/Date(1704164645000+0000)/')).toBe('2024-01-02T03:04:05.000Z');
    expect(helpers.toDate('/Date(1704164645000)/')).toBe('2024-01-02');
    expect(helpers.toDate('2024-03-04')).toBe('2024-03-04');
    expect(helpers.toIso('2024-01-02T04:04:05+01:00')).toBe('2024-01-02T03:04:05.000Z');
    expect(helpers.unixMsDate(1704164645000)).toBe('2024-01-02');
    expect(helpers.decimal(0.1)).toBe('0.1');
    expect(helpers.decimal(1e-7)).toBe('0.0000001');
    expect(helpers.decimal(' 12.50 ')).toBe('12.50');
    expect(() => helpers.decimal(Infinity)).toThrow(/not an amount/);
    expect(helpers.toIso('not a date')).toBe('not a date');
  });

  it('does not invert rules that read list elements, and says why', () => {
    const inv = invertMapping(
      invoice([
        { target: 'source_id', source: { path: 'id' } },
        { target: 'line_items[].total', source: { path: 'L[].t' } },
        { target: 'issue_date', source: { path: 'd' }, transforms: [{ op: 'unix_ms_to_date' }] },
      ]),
    );
    expect(inv.skipped).toEqual([{ target: 'line_items[].total', reason: expect.stringContaining('elements of a list') }]);
    expect(inv.fromUnified({ source_id: 'x', issue_date: '2024-01-02' })).toEqual({ id: 'x', d: Date.UTC(2024, 0, 2) });
  });
});
