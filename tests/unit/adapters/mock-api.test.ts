import { parseRecord } from '../../../schema';
import { listAll } from '../../../adapters/core/base';
import { MockAdapter, startMockApi, type MockApi } from '../../../adapters/mock';

const servers: MockApi[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});
async function api(opts: Parameters<typeof startMockApi>[0]) {
  const s = await startMockApi(opts);
  servers.push(s);
  return s;
}
const adapterFor = (s: MockApi, extra: Record<string, unknown> = {}) =>
  new MockAdapter({ config: { baseUrl: s.url, retryBaseDelayMs: 1, ...extra }, credentials: {} });

test('serves deterministic records that map to valid canonical customers and invoices', async () => {
  const a = await api({ records: 50, seed: 9 });
  const b = await api({ records: 50, seed: 9 });
  const pa = await adapterFor(a).listPage('invoice', { pageSize: 20 });
  const pb = await adapterFor(b).listPage('invoice', { pageSize: 20 });
  expect(pa.items.map((i) => i.raw)).toEqual(pb.items.map((i) => i.raw));
  const adapter = adapterFor(a);
  for (const model of ['customer', 'invoice'] as const) {
    for await (const page of listAll(adapter, model, { pageSize: 17 })) {
      for (const item of page.items) {
        const parsed = parseRecord(model, adapter.toUnified(model, item.raw));
        if (!parsed.ok) throw new Error(`${item.sourceId}: ${JSON.stringify(parsed.issues)}`);
      }
    }
  }
});

test('cursor pagination returns every record exactly once and resumes from a saved cursor', async () => {
  const s = await api({ records: 250, seed: 1 });
  const adapter = adapterFor(s);
  const seen: string[] = [];
  let saved: string | null = null;
  for await (const page of listAll(adapter, 'customer', { pageSize: 40 })) {
    seen.push(...page.items.map((i) => i.sourceId));
    if (seen.length === 80) saved = page.nextCursor;
  }
  expect(seen).toHaveLength(250);
  expect(new Set(seen).size).toBe(250);
  const rest: string[] = [];
  for await (const page of listAll(adapter, 'customer', { pageSize: 40, cursor: saved })) rest.push(...page.items.map((i) => i.sourceId));
  expect(rest).toEqual(seen.slice(80));
});

test('an incremental listing from the high watermark finds exactly the records that changed', async () => {
  const s = await api({ records: 1000, seed: 3 });
  const adapter = adapterFor(s);
  let watermark: string | null = null;
  for await (const page of listAll(adapter, 'customer', { pageSize: 500 })) watermark = page.highWatermark ?? watermark;
  const changed = [s.mutate('customers', 10), s.mutate('customers', 500), s.mutate('customers', 10)];
  const found = [];
  for await (const page of listAll(adapter, 'customer', { since: watermark, pageSize: 100 })) found.push(...page.items);
  // since is inclusive, so the last record of the previous run comes back once; the changes follow in order
  const changes = found.filter((i) => i.sourceVersion! > 1);
  expect(changes.map((i) => [i.sourceId, i.sourceVersion])).toEqual([
    ['cus_000000500', 2],
    ['cus_000000010', 3],
  ]);
  expect(changed[2]!.version).toBe(3);
  expect(found.length).toBeLessThanOrEqual(3);
});

test('--mutate-every-ms changes records while it runs', async () => {
  const s = await api({ records: 100, mutateEveryMs: 5 });
  await new Promise((r) => setTimeout(r, 60));
  expect(s.stats.mutations).toBeGreaterThan(2);
});

test('429 with Retry-After and injected 5xx are retried by the ky client until the listing completes', async () => {
  const s = await api({ records: 300, rateLimitRate: 0.3, errorRate: 0.2, retryAfterSeconds: 0.01, seed: 5 });
  const adapter = adapterFor(s, { retries: 10 });
  let count = 0;
  for await (const page of listAll(adapter, 'customer', { pageSize: 50 })) count += page.items.length;
  expect(count).toBe(300);
  expect(s.stats.rateLimited).toBeGreaterThan(0);
  expect(s.stats.failed).toBeGreaterThan(0);
});

test('when retries run out a 429 surfaces as RateLimitedError carrying the Retry-After wait', async () => {
  const s = await api({ records: 10, rateLimitRate: 1, retryAfterSeconds: 30 });
  await expect(adapterFor(s, { retries: 1 }).listPage('customer')).rejects.toMatchObject({ name: 'RateLimitedError', retryAfterMs: 30_000, retryable: true });
});

test('create and update with idempotency keys apply once and bump the version', async () => {
  const s = await api({ records: 10 });
  const adapter = adapterFor(s);
  const record = {
    source_system: 'fabric',
    source_id: 'x',
    email: 'new@example.com',
    full_name: 'New Person',
    billing_address: { street: '1 Road', country: 'GB' },
  };
  const first = await adapter.create('customer', record, { idempotencyKey: 'k1' });
  const again = await adapter.create('customer', record, { idempotencyKey: 'k1' });
  expect(again.externalId).toBe(first.externalId);
  expect(s.stats.created).toBe(1);
  await expect(adapter.create('customer', { ...record, email: 'other@example.com' }, { idempotencyKey: 'k1' })).rejects.toMatchObject({
    name: 'ValidationError',
    status: 422,
  });
  const updated = await adapter.update('customer', first.externalId, { ...record, full_name: 'Renamed' }, { idempotencyKey: 'k2' });
  expect(updated.raw).toMatchObject({ name: 'Renamed', version: 2 });
  const back = adapter.toUnified('customer', await adapter.get('customer', first.externalId));
  expect(back).toMatchObject({ full_name: 'Renamed', email: 'new@example.com', billing_address: { street: '1 Road', country: 'GB' } });
  await expect(adapter.get('customer', 'cus_999999999')).rejects.toMatchObject({ name: 'NotFoundError', retryable: false });
});

test('serves a million records without building them: late pages are as cheap as early ones', async () => {
  const s = await api({ records: 1_000_000 });
  const adapter = adapterFor(s);
  const started = Date.now();
  const late = await adapter.listPage('invoice', { since: '2025-01-12T13:00:00.000Z', pageSize: 1000 });
  expect(late.items).toHaveLength(1000);
  const last = await adapter.listPage('customer', { since: new Date(Date.parse('2025-01-01T00:00:00Z') + 999_990_000).toISOString() });
  expect(last.items.map((i) => i.sourceId)).toEqual(Array.from({ length: 10 }, (_, k) => `cus_${String(999_990 + k).padStart(9, '0')}`));
  expect(last.nextCursor).toBeNull();
  expect(Date.now() - started).toBeLessThan(2000);
});
