/**
 * The official stripe-mock validates every parameter against Stripe's OpenAPI spec and answers 400 to anything
 * unknown or malformed: each request the Stripe adapter sends must be accepted.
 */
import { parseRecord } from '../../../schema';
import { StripeAdapter } from '../../../adapters/stripe';
import { startStripeMock, type StripeMockServer } from '../../../scripts/stripe-mock';

let mock: StripeMockServer;
const sent: Array<{ method: string; url: string; status: number; body: string; headers: Record<string, string> }> = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const req = new Request(input as Request, init);
  const body = req.method === 'GET' ? '' : await req.clone().text();
  const res = await fetch(req);
  sent.push({ method: req.method, url: req.url, status: res.status, body, headers: Object.fromEntries(req.headers) });
  return res;
};

beforeAll(async () => {
  mock = await startStripeMock();
});
afterAll(async () => {
  await mock?.stop();
});

const adapter = (incremental: 'events' | 'created' = 'events') =>
  new StripeAdapter({ config: { baseUrl: mock.url, fetch: recordingFetch, incremental }, credentials: { api_key: 'sk_test_123' } });

test('every request the Stripe adapter sends is accepted by stripe-mock', async () => {
  const a = adapter();
  sent.length = 0;
  const customers = await a.listPage('customer', { pageSize: 100 });
  expect(customers.items.length).toBeGreaterThan(0);
  const resumed = await a.listPage('customer', { cursor: Buffer.from(JSON.stringify({ s: 1700000000, a: 'cus_123', t: 1690000000 })).toString('base64url') });
  expect(resumed.nextCursor).toBeNull();
  await a.listPage('customer', { since: '2026-01-01T00:00:00Z' });
  await a.listPage('invoice', { since: '2026-01-01T00:00:00Z' });
  await adapter('created').listPage('invoice', { since: '2026-01-01T00:00:00Z' });
  const invoices = await a.listPage('invoice', { pageSize: 10 });
  expect(invoices.items.length).toBeGreaterThan(0);
  await a.get!('customer', 'cus_123');
  await a.get!('invoice', 'in_123');
  await a.listDeletedSince!('customer', '2026-01-01T00:00:00Z');

  const customer = {
    source_system: 'fabric',
    source_id: 'u1',
    email: 'ada@example.com',
    full_name: 'Ada Lovelace',
    phone: '+44 20 0000 0000',
    billing_address: { street: '1 Main St', street2: 'Flat 2', city: 'London', postal_code: 'N1', country: 'GB' },
    shipping_address: { street: '2 Side St', city: 'London', country: 'GB' },
    custom_fields: { tier: 'gold', seats: 3 },
  };
  const created = await a.create('customer', customer, { idempotencyKey: 'push:cfg1:wf-1:act-1' });
  expect(created.externalId).toMatch(/^cus_/);
  await a.update('customer', created.externalId, customer, { idempotencyKey: 'push:cfg1:wf-2:act-1' });
  const invoice = {
    source_system: 'fabric',
    source_id: 'i1',
    customer_id: 'cus_123',
    status: 'draft',
    currency: 'JPY',
    subtotal: '1500',
    total: '1500',
    issue_date: '2026-01-31',
    due_date: '2026-02-28',
    invoice_number: 'F-1',
    line_items: [{ description: 'Widget', quantity: 3, unit_price: '500', total: '1500' }],
  };
  await a.create('invoice', invoice, { idempotencyKey: 'push:cfg1:wf-3:act-1' });
  await a.update('invoice', 'in_123', invoice, { idempotencyKey: 'push:cfg1:wf-4:act-1' });

  const rejected = sent.filter((r) => r.status >= 400);
  expect(rejected).toEqual([]);
  const events = sent.find((r) => r.url.includes('/v1/events') && r.url.includes('types'))!;
  expect(new URL(events.url).searchParams.getAll('types[]')).toEqual(['customer.created', 'customer.updated']);
  expect(sent.some((r) => r.url.includes('/v1/invoices?') && r.url.includes('created%5Bgte%5D'))).toBe(true);
  const posts = sent.filter((r) => r.method === 'POST');
  expect(posts.length).toBe(5);
  for (const p of posts) expect(p.headers['idempotency-key']).toMatch(/^push:cfg1:/);
  expect(posts[0]!.body).toContain('address%5Bline1%5D=1+Main+St');
  const item = posts.find((p) => p.url.endsWith('/v1/invoiceitems'))!;
  expect(new URLSearchParams(item.body).get('amount')).toBe('1500'); // JPY is zero-decimal: 1500 yen, not 150000
});

test('stripe-mock fixtures map to records that parseRecord accepts', async () => {
  const a = adapter();
  const [customer] = (await a.listPage('customer')).items;
  const unified = a.toUnified('customer', { ...(customer!.raw as object), email: 'x@example.com', name: 'X' });
  expect(parseRecord('customer', unified)).toMatchObject({ ok: true });
  const [invoice] = (await a.listPage('invoice')).items;
  const inv = a.toUnified('invoice', invoice!.raw);
  const parsed = parseRecord('invoice', inv);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
});

test('a wrong API key shape is a non-retryable AuthError', async () => {
  const a = new StripeAdapter({ config: { baseUrl: mock.url }, credentials: { api_key: 'sk_test_51Abc_x' } });
  await expect(a.listPage('customer')).rejects.toMatchObject({ name: 'AuthError', retryable: false, status: 401 });
  await a.listPage('customer').catch((err: Error) => expect(err.message).not.toContain('sk_test_51Abc_x'));
});
