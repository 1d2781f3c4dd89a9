/** fast-check arbitraries for valid canonical records (money built from minor units, so it is exact by construction). */
import fc from 'fast-check';
import { fromMinorUnits } from '../../../schema/money';

const MIN = new Date('1970-01-01T00:00:00Z');
const MAX = new Date('2100-12-31T23:59:59Z');
export const isoDateTime = fc.date({ min: MIN, max: MAX, noInvalidDate: true }).map((d) => d.toISOString());
export const isoDate = isoDateTime.map((s) => s.slice(0, 10));
export const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
export const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
export const nullish = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null), fc.constant(undefined));

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
export const email = fc
  .tuple(fc.stringMatching(/^[a-zA-Z0-9_+-]{1,16}$/), fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
  .map(([local, labels, tld]) => `${local}@${[...labels, tld].join('.')}`);

/** Unknown extra fields: prefixed so they never collide with model fields. */
export const extras = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });

export const base = fc.record(
  {
    source_system: fc.constantFrom('stripe', 'hubspot', 'slack', 'jira'),
    source_id: text,
    unified_id: nullish(fc.uuid()),
    created_at: nullish(isoDateTime),
    updated_at: nullish(isoDateTime),
    synced_at: maybe(isoDateTime),
    raw_data: maybe(fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: ['source_system', 'source_id'] },
);

export const address = fc.record(
  {
    street: nullish(fc.string()),
    city: nullish(fc.string()),
    postal_code: nullish(fc.string()),
    country: nullish(fc.constantFrom('US', 'DE', 'JP', 'KW', 'gb')),
  },
  { requiredKeys: [] },
);

const customerCommon = fc.record(
  {
    email,
    company: nullish(fc.string()),
    billing_address: nullish(address),
    shipping_address: nullish(address),
    tags: maybe(fc.array(fc.string(), { maxLength: 3 })),
    custom_fields: maybe(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })),
  },
  { requiredKeys: ['email'] },
);
const phone = nullish(fc.stringMatching(/^\+?[0-9 ]{4,15}[0-9]$/));

const merge = (...parts: object[]) => Object.assign({}, ...parts) as Record<string, unknown>;

export const customerV1_0_0 = fc.tuple(base, customerCommon, text, extras).map(([b, c, name, x]) => merge(x, b, c, { name }));
export const customerV1_1_0 = fc
  .tuple(base, customerCommon, text, phone, extras)
  .map(([b, c, name, p, x]) => merge(x, b, c, { name }, p === undefined ? {} : { phone: p }));
export const customer = fc
  .tuple(base, customerCommon, text, phone, extras)
  .map(([b, c, full_name, p, x]) => merge(x, b, c, { full_name }, p === undefined ? {} : { phone: p }));

/** Amounts far beyond 2^53 minor units are included on purpose. */
const minor = fc.oneof(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }), fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }));

export const invoice = fc
  .tuple(
    base,
    fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'BHD', 'usd'),
    fc.array(fc.tuple(fc.nat(1000), minor, maybe(fc.string())), { maxLength: 5 }),
    minor,
    minor,
    fc.constantFrom('draft', 'pending', 'paid', 'void', 'overdue'),
    isoDate,
    nullish(isoDate),
    extras,
  )
  .map(([b, currency, lines, discountMinor, taxMinor, status, issue_date, due_date, x]) => {
    const line_items = lines.map(([quantity, unit, description]) => ({
      quantity,
      unit_price: fromMinorUnits(unit, currency),
      total: fromMinorUnits(unit * BigInt(quantity), currency),
      ...(description === undefined ? {} : { description }),
    }));
    const subtotalMinor = lines.reduce((sum, [q, unit]) => sum + unit * BigInt(q), lines.length ? 0n : 123456789n);
    return merge(x, b, {
      customer_id: 'cus_1',
      invoice_number: 'INV-1',
      status,
      currency,
      subtotal: fromMinorUnits(subtotalMinor, currency),
      discount: fromMinorUnits(discountMinor, currency),
      tax: fromMinorUnits(taxMinor, currency),
      total: fromMinorUnits(subtotalMinor - discountMinor + taxMinor, currency),
      issue_date,
      due_date,
      line_items,
    });
  });

export const event = fc
  .tuple(
    base,
    text,
    maybe(fc.constantFrom('billing', 'crm', 'system')),
    maybe(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }))),
    nullish(fc.string()),
    isoDateTime,
    extras,
  )
  .map(([b, event_type, event_category, payload, user_id, occurred_at, x]) =>
    merge(x, b, { event_type, occurred_at, user_id }, event_category ? { event_category } : {}, payload ? { payload } : {}),
  );

export const message = fc
  .tuple(base, text, fc.string(), nullish(fc.string()), nullish(fc.string()), isoDateTime, nullish(isoDateTime), extras)
  .map(([b, channel_id, t, user_id, thread_id, sent_at, edited_at, x]) => merge(x, b, { channel_id, text: t, user_id, thread_id, sent_at, edited_at }));

export const ticket = fc
  .tuple(
    base,
    text,
    text,
    nullish(fc.constantFrom('todo', 'in_progress', 'done')),
    maybe(fc.array(fc.string(), { maxLength: 3 })),
    nullish(isoDate),
    nullish(fc.webUrl()),
    extras,
  )
  .map(([b, title, status, status_category, labels, due_date, url, x]) =>
    merge(x, b, { key: 'PROJ-1', title, status, status_category, due_date, url }, labels ? { labels } : {}),
  );

export const company = fc
  .tuple(base, text, nullish(label.map((l) => `${l}.com`)), nullish(fc.nat(100_000)), nullish(fc.constantFrom('1250000', '99.50')), nullish(address), extras)
  .map(([b, name, domain, employee_count, annual_revenue, addr, x]) => merge(x, b, { name, domain, employee_count, annual_revenue, address: addr }));

export const ARBITRARIES = { customer, invoice, event, message, ticket, company } as const;
