import { parseRecord } from '../../../schema';
import { listAll } from '../../../adapters/core/base';
import { HubspotAdapter, hubspotVendorSignals } from '../../../adapters/hubspot';
import { startHubspotFake, type HubspotFake } from './hubspot-fake';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  for (const f of fakes) expect(f.violations).toEqual([]); // every request and response matched the contacts OpenAPI document
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
});
async function fake(opts: Parameters<typeof startHubspotFake>[0]) {
  const f = await startHubspotFake(opts);
  fakes.push(f);
  return f;
}
const adapterFor = (f: HubspotFake) =>
  new HubspotAdapter({ config: { baseUrl: f.url, properties: [], retryBaseDelayMs: 1 }, credentials: { access_token: 'pat-na1-test-token' } });

test('a full listing pages with `after`, 100 at a time, and maps contacts to valid customers', async () => {
  const f = await fake({ contacts: 250 });
  const adapter = adapterFor(f);
  const ids: string[] = [];
  let watermark: string | null | undefined;
  for await (const page of listAll(adapter, 'customer')) {
    ids.push(...page.items.map((i) => i.sourceId));
    watermark = page.highWatermark;
    for (const item of page.items) {
      const parsed = parseRecord('customer', adapter.toUnified('customer', item.raw));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    }
  }
  expect(ids).toHaveLength(250);
  expect(new Set(ids).size).toBe(250);
  expect(f.calls.filter((c) => c.method === 'GET')).toHaveLength(3);
  expect(watermark).toMatch(/^\d{4}-/);
  const uk = adapter.toUnified('customer', f.contacts[1]);
  expect(uk).toMatchObject({ full_name: 'Contact 2', billing_address: { country: 'GB' } });
});

test('incremental search re-anchors on lastmodifieddate before the 10,000-result cap and misses nothing', async () => {
  const f = await fake({ contacts: 12_500, sameTimestampRun: 3 });
  const adapter = adapterFor(f);
  const seen = new Set<string>();
  let reads = 0;
  let watermark: string | null | undefined;
  for await (const page of listAll(adapter, 'customer', { since: '2026-01-01T00:00:00Z' })) {
    for (const i of page.items) seen.add(i.sourceId);
    reads += page.items.length;
    watermark = page.highWatermark ?? watermark;
  }
  expect(seen.size).toBe(12_500);
  const searches = f.calls.filter((c) => c.path.endsWith('/search'));
  const anchors = new Set(searches.map((c) => (c.body as { filterGroups: Array<{ filters: Array<{ value: string }> }> }).filterGroups[0]!.filters[0]!.value));
  expect(anchors.size).toBeGreaterThanOrEqual(2); // the window moved
  expect(searches.every((c) => c.status === 200 && (c.body as { limit: number }).limit === 200)).toBe(true);
  expect(reads - seen.size).toBeLessThan(10); // only records sharing the anchor timestamp are read twice
  expect(watermark).toBe(f.contacts.at(-1)!.properties.lastmodifieddate);

  f.touch(5, Date.parse('2026-03-01T00:00:00Z'));
  const next = await adapter.listPage('customer', { since: watermark });
  // since is inclusive: the contacts sharing the watermark's timestamp come back, then the one that changed
  expect(next.items.map((i) => i.sourceId)).toEqual(['12499', '12500', '6']);
});

test("a 429 with HubSpot's error body is retried after the policy window; a DAILY limit surfaces to Temporal", async () => {
  const f = await fake({ contacts: 20 });
  const adapter = adapterFor(f);
  f.rateLimitNext(2, 'TEN_SECONDLY_ROLLING', 100);
  const started = Date.now();
  const page = await adapter.listPage('customer');
  expect(page.items).toHaveLength(20);
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  expect(f.calls.filter((c) => c.status === 429)).toHaveLength(2);
  f.rateLimitNext(1, 'DAILY');
  await expect(adapter.listPage('customer')).rejects.toMatchObject({ name: 'RateLimitedError', policy: 'DAILY', retryable: true });
});

test('vendor signals: SECONDLY waits a second, TEN_SECONDLY_ROLLING the interval header, DAILY until midnight UTC', () => {
  const res = (h: Record<string, string> = {}) => new Response('{}', { status: 429, headers: h });
  expect(hubspotVendorSignals(res(), { policyName: 'SECONDLY' })?.delayMs).toBe(1000);
  expect(hubspotVendorSignals(res({ 'x-hubspot-ratelimit-interval-milliseconds': '10000' }), { policyName: 'TEN_SECONDLY_ROLLING' })?.delayMs).toBe(10_000);
  expect(hubspotVendorSignals(res(), { policyName: 'DAILY' }, Date.parse('2026-05-05T23:00:00Z'))?.delayMs).toBe(3_600_000);
});

test('batch create, update and upsert go out in chunks of 100; a repeated create returns the existing contact', async () => {
  const f = await fake({ contacts: 0 });
  const adapter = adapterFor(f);
  const records = Array.from({ length: 230 }, (_, i) => ({
    record: { source_system: 'x', source_id: String(i), email: `b${i}@example.com`, full_name: `Batch Person${i}` },
  }));
  const created = await adapter.batch('create', records);
  expect(created).toHaveLength(230);
  const sizes = f.calls.filter((c) => c.path.endsWith('/batch/create')).map((c) => (c.body as { inputs: unknown[] }).inputs.length);
  expect(sizes).toEqual([100, 100, 30]);
  await adapter.batch(
    'update',
    created.slice(0, 150).map((c, i) => ({ id: c.externalId, record: { ...records[i]!.record, phone: '+1 555' } })),
  );
  const upserted = await adapter.batch(
    'upsert',
    records.slice(0, 120).map((r) => ({ record: { ...r.record, company: 'Acme' } })),
  );
  expect(new Set(upserted.map((u) => u.externalId))).toEqual(new Set(created.slice(0, 120).map((c) => c.externalId)));
  expect(f.contacts).toHaveLength(230); // upsert by email created nothing new
  const one = { source_system: 'x', source_id: 'z', email: 'b7@example.com', full_name: 'Again' };
  const again = await adapter.create('customer', one, { idempotencyKey: 'k' });
  expect(again.externalId).toBe(created[7]!.externalId);
  const updated = await adapter.update('customer', again.externalId, { ...one, full_name: 'Ada King' }, { idempotencyKey: 'k2' });
  expect(adapter.toUnified('customer', updated.raw)).toMatchObject({ full_name: 'Ada King' });
});

test('archived contacts are reported as deletions since a watermark', async () => {
  const f = await fake({ contacts: 5 });
  Object.assign(f.contacts[1]!, { archived: true, archivedAt: '2026-02-01T00:00:00.000Z' });
  Object.assign(f.contacts[3]!, { archived: true, archivedAt: '2025-12-01T00:00:00.000Z' });
  const deleted = await adapterFor(f).listDeletedSince('customer', '2026-01-01T00:00:00Z');
  expect(deleted.items).toEqual([{ sourceId: '2', deletedAt: '2026-02-01T00:00:00.000Z' }]);
  expect(deleted.highWatermark).toMatch(/^\d{4}-/);
});
