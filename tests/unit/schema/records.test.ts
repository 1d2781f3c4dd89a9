import { UnifiedBase, formatIssues, formatPath, parseRecord, serialize, type ModelName } from '../../../schema';

const customer = {
  source_system: 'stripe',
  source_id: 'cus_123',
  email: 'ada@example.com',
  full_name: 'Ada Lovelace',
  billing_address: { city: 'London', country: 'gb', floor: 3 },
  raw_data: { id: 'cus_123', object: 'customer' },
  stripe_tax_exempt: 'none',
};
const invoice = (over: Record<string, unknown>) => ({
  source_system: 'stripe',
  source_id: 'in_1',
  customer_id: 'cus_123',
  status: 'paid',
  issue_date: '2026-01-31',
  ...over,
});

describe('records', () => {
  it('keeps raw_data and unknown fields; serialize() leaves raw_data out', () => {
    const result = parseRecord('customer', customer);
    if (!result.ok) throw new Error(formatIssues(result.issues));
    expect(result.value.raw_data).toEqual(customer.raw_data);
    expect(result.value).toMatchObject({ stripe_tax_exempt: 'none', tags: [], custom_fields: {} });
    expect(result.value.billing_address).toEqual({ city: 'London', country: 'GB', floor: 3 });
    const out = serialize(result.value);
    expect(out).not.toHaveProperty('raw_data');
    expect(out).toHaveProperty('stripe_tax_exempt', 'none');
    expect(UnifiedBase.parse({ source_system: 's', source_id: 'i', extra: true })).toHaveProperty('extra', true);
  });

  it('checks JPY and KWD invoices to their own decimals', () => {
    const jpy = parseRecord(
      'invoice',
      invoice({ currency: 'JPY', subtotal: '1500', tax: '150', total: '1650', line_items: [{ quantity: 3, unit_price: '500', total: '1500' }] }),
    );
    expect(jpy.ok).toBe(true);
    const jpyCents = parseRecord('invoice', invoice({ currency: 'JPY', subtotal: '15.00', tax: '0', total: '15.5' }));
    expect(jpyCents.ok === false && jpyCents.issues.map((i) => i.path)).toEqual(['total', 'total']);
    const kwd = parseRecord(
      'invoice',
      invoice({ currency: 'kwd', subtotal: '1.851', tax: '0.001', total: '1.852', line_items: [{ quantity: 3, unit_price: '0.617', total: '1.851' }] }),
    );
    expect(kwd.ok && kwd.value.currency).toBe('KWD');
    const usd = parseRecord('invoice', invoice({ currency: 'USD', subtotal: '1.851', total: '1.851' }));
    expect(usd.ok === false && formatIssues(usd.issues)).toMatch(/^subtotal: has more decimals than USD allows \(2\)/);
  });

  it('rejects a line total finer than the currency', () => {
    const r = parseRecord(
      'invoice',
      invoice({ currency: 'JPY', subtotal: '1.5', total: '1.5', line_items: [{ quantity: 1, unit_price: '1.5', total: '1.5' }] }),
    );
    expect(r.ok === false && r.issues.map((i) => i.path)).toEqual(['subtotal', 'total', 'line_items[0].total']);
  });

  it('allows a line total rounded from a finer unit price, and a discount', () => {
    const r = parseRecord(
      'invoice',
      invoice({
        currency: 'USD',
        subtotal: '10.00',
        discount: '1.00',
        tax: '0.90',
        total: '9.90',
        line_items: [{ quantity: 3, unit_price: '3.333333', total: '10.00' }],
      }),
    );
    expect(r.ok).toBe(true);
    const off = parseRecord(
      'invoice',
      invoice({ currency: 'USD', subtotal: '10.01', total: '10.01', line_items: [{ quantity: 3, unit_price: '3.333333', total: '10.01' }] }),
    );
    expect(off.ok === false && off.issues).toEqual([{ path: 'line_items[0].total', message: expect.stringMatching(/quantity × unit_price \(9\.999999\)/) }]);
  });

  it('skips cross-checks when a field is already wrong, so each problem is reported once', () => {
    const r = parseRecord('invoice', invoice({ currency: 'ZZZ', subtotal: '1', total: 'lots' }));
    expect(r.ok === false && r.issues.map((i) => i.path).sort()).toEqual(['currency', 'total']);
  });

  it('reports each failing field with path and reason, on one line, without echoing values', () => {
    const r = parseRecord('customer', { source_system: 'stripe', email: 'secret-person@nowhere', full_name: '' });
    if (r.ok) throw new Error('accepted');
    expect(r.issues.map((i) => i.path)).toEqual(['source_id', 'email', 'full_name']);
    const reason = formatIssues(r.issues);
    expect(reason).toMatch(/^source_id: is required: .*; email: must be a valid email address .*; full_name: must not be empty/);
    expect(reason).not.toContain('secret-person');
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['line_items', 0, 'total'])).toBe('line_items[0].total');
    expect(formatPath([0])).toBe('[0]');
  });

  it('rejects non-objects and unknown models without throwing', () => {
    expect(parseRecord('customer', null)).toEqual({ ok: false, issues: [expect.objectContaining({ path: '(root)' })] });
    expect(parseRecord('customer', 'x', { version: '1.0.0' })).toEqual({
      ok: false,
      issues: [{ path: '(root)', message: expect.stringMatching(/JSON object/) }],
    });
    const unknown = parseRecord('order' as ModelName, {});
    expect(unknown.ok === false && unknown.issues[0]).toEqual({ path: '(model)', message: expect.stringMatching(/use one of customer, invoice/) });
  });
});
