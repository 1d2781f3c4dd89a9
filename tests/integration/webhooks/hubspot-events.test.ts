import { Signature } from '@hubspot/api-client';
import { runCli } from '../../../cli/main';
import { startSync } from '../../../client/sync';
import { webhookEndpointResolver, startHttpServer, type RunningServer } from '../../../server';
import { getRecord } from '../../../store/records';
import { testDb } from '../../helpers/db';
import { TEST_KEY_TEXT } from '../../helpers/fixtures';
import { startTestWorker, temporalAddress, testClient } from '../../helpers/temporal';
import { startHubspotFake, type HubspotFake } from '../../unit/adapters/hubspot-fake';
import { post, stripeEndpoint, testStores, waitFor } from './fixtures';

/** HubSpot's documented webhook payload, signed with @hubspot/api-client 13.x, against the spec-checked HubSpot fake. */
const db = testDb(8);
const stores = testStores(db);
let temporal: Awaited<ReturnType<typeof testClient>>;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let server: RunningServer;
const fakes: HubspotFake[] = [];
beforeAll(async () => {
  temporal = await testClient();
  worker = await startTestWorker({ db, configs: stores.configs });
  server = await startHttpServer(
    { db, endpoints: webhookEndpointResolver(stores), temporal: { client: temporal.client, taskQueue: worker.taskQueue } },
    { host: '127.0.0.1', port: 0 },
  );
}, 60_000);
afterAll(async () => {
  await server.close();
  await worker.stop();
  await temporal.connection.close();
  for (const f of fakes) await f.stop();
  await db.close();
});
afterEach(() => {
  for (const f of fakes) expect(f.violations).toEqual([]); // every request and response matched HubSpot's OpenAPI document
});

let nextPortal = 7_000_000 + Math.floor(Math.random() * 1_000_000);
/** A HubSpot portal: its fake API and its connector config, which knows its portalId. */
async function portal(contacts = 5) {
  const fake = await startHubspotFake({ contacts });
  fakes.push(fake);
  const portalId = nextPortal++;
  const ep = await stripeEndpoint(stores, 'hubspot', {
    config: { baseUrl: fake.url, portalId: String(portalId) },
    secrets: { access_token: 'pat-na1-test-token' },
  });
  return { fake, portalId, ...ep };
}
type Portal = Awaited<ReturnType<typeof portal>>;

let eventId = Math.floor(Math.random() * 1e9);
const event = (p: { portalId: number }, subscriptionType: string, objectId: number, extra: Record<string, unknown> = {}) => ({
  eventId: eventId++,
  subscriptionId: 2_034_455,
  portalId: p.portalId,
  appId: 1_160_452,
  occurredAt: Date.now(),
  subscriptionType,
  attemptNumber: 0,
  objectId,
  changeSource: 'CRM_UI',
  ...extra,
});

/** POSTs a batch to the app's one endpoint, signed v3 by HubSpot's own library. */
async function send(endpoint: Portal, events: unknown[]) {
  const body = JSON.stringify(events);
  const url = `${server.url}${endpoint.path}`;
  const timestamp = Date.now();
  const signature = Signature.getSignature('POST', 'v3', { signature: '', clientSecret: endpoint.secret, requestBody: body, url, timestamp });
  return post(server.url, endpoint.path, body, { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) });
}

async function processed(hookId: string, count: number) {
  return waitFor(
    async () => {
      const r = await db.query<{ event_id: string; config_id: string | null; status: string; error: string | null }>(
        'select event_id, config_id, status, error from public.webhook_events where webhook_config_id = $1 order by received_at, event_id',
        [hookId],
      );
      return r.rows.length >= count && r.rows.every((x) => x.status !== 'received') ? r.rows : undefined;
    },
    30_000,
    `${count} HubSpot events processed`,
  );
}

const record = (p: Portal, id: string) => getRecord(db, { configId: p.configId, model: 'customer', sourceId: id });
const touch = (c: HubspotFake['contacts'][number], props: Record<string, string>) => {
  Object.assign(c.properties, props, { lastmodifieddate: new Date().toISOString() });
  c.updatedAt = c.properties.lastmodifieddate!;
};

it('end to end: propertyChange updates, deletion tombstones, creation creates, fetched in one batch/read', async () => {
  const a = await portal();
  const s = await startSync(temporal.client, worker.taskQueue, a.configId, { mode: 'full', models: ['customer'] });
  await temporal.client.workflow.getHandle(s.workflowId).result();
  touch(a.fake.contacts[1]!, { firstname: 'Renamed' });
  Object.assign(a.fake.contacts[2]!, { archived: true, archivedAt: new Date().toISOString() });
  a.fake.contacts.push({
    ...a.fake.contacts[0]!,
    id: '6',
    archived: false,
    properties: { ...a.fake.contacts[0]!.properties, email: 'new@example.com', firstname: 'New', lastname: 'Person', hs_object_id: '6' },
  });
  const before = a.fake.calls.length;
  const r = await send(a, [
    event(a, 'contact.propertyChange', 2, { propertyName: 'firstname', propertyValue: 'Renamed' }),
    event(a, 'contact.deletion', 3),
    event(a, 'contact.creation', 6),
  ]);
  expect(r.status).toBe(200);
  expect((await processed(a.hookId, 3)).map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
  expect((await record(a, '2'))?.data).toMatchObject({ full_name: 'Renamed 2', email: 'c2@example.com' });
  expect((await record(a, '3'))?.deleted).toBe(true);
  expect((await record(a, '6'))?.data).toMatchObject({ full_name: 'New Person', email: 'new@example.com' });
  expect(a.fake.calls.slice(before).map((c) => `${c.method} ${c.path}`)).toEqual(['POST /crm/v3/objects/contacts/batch/read']);
  const webhookShape = (await record(a, '2'))?.data;
  const again = await startSync(temporal.client, worker.taskQueue, a.configId, { mode: 'full', models: ['customer'] });
  await temporal.client.workflow.getHandle(again.workflowId).result();
  expect((await record(a, '2'))?.data).toEqual(webhookShape); // the webhook stored exactly what a sync stores
});

it("one request with two portals updates each portal's own config; an unknown portal touches nothing", async () => {
  const [a, b] = [await portal(), await portal()];
  touch(a.fake.contacts[0]!, { firstname: 'Alpha' });
  touch(b.fake.contacts[0]!, { firstname: 'Beta' });
  const events = [event(a, 'contact.propertyChange', 1), event(b, 'contact.propertyChange', 1), event({ portalId: 1 }, 'contact.propertyChange', 1)];
  events[1]!.eventId = events[0]!.eventId; // HubSpot's eventId is unique only within its delivery: same id, two portals
  expect((await send(a, events)).json).toMatchObject({ received: true, duplicates: [] });
  const rows = await processed(a.hookId, 3);
  expect(rows.map((x) => [x.config_id, x.status])).toEqual(
    expect.arrayContaining([
      [a.configId, 'applied'],
      [b.configId, 'applied'],
      [null, 'failed'],
    ]),
  );
  expect(rows.find((x) => x.config_id === null)?.error).toMatch(/^account 1: no single active hubspot config/);
  expect((await record(a, '1'))?.data.full_name).toBe('Alpha 1');
  expect((await record(b, '1'))?.data.full_name).toBe('Beta 1');
  const total = await db.query<{ n: number }>('select count(*)::int as n from public.unified_records where config_id = any($1::uuid[])', [
    [a.configId, b.configId],
  ]);
  expect(total.rows[0]!.n).toBe(2);
  expect((await send(a, events)).json).toMatchObject({ duplicates: events.map((e) => String(e.eventId)) }); // redelivery
});

it('privacyDeletion erases personal data (records and stored events); merge retires the merged id', async () => {
  const a = await portal();
  touch(a.fake.contacts[0]!, { firstname: 'Private' });
  await send(a, [
    event(a, 'contact.propertyChange', 1, { propertyName: 'firstname', propertyValue: 'Private' }),
    event(a, 'contact.creation', 5),
    event(a, 'contact.creation', 4),
  ]);
  await processed(a.hookId, 3);
  Object.assign(a.fake.contacts[0]!, { archived: true });
  Object.assign(a.fake.contacts[4]!, { archived: true });
  touch(a.fake.contacts[3]!, { lastname: 'Merged' });
  await send(a, [event(a, 'contact.privacyDeletion', 1), event(a, 'contact.merge', 4, { primaryObjectId: 4, mergedObjectIds: [5], newObjectId: 4 })]);
  expect((await processed(a.hookId, 5)).map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
  const erased = await record(a, '1');
  expect(erased).toMatchObject({ deleted: true, data: { source_system: 'hubspot', source_id: '1', erased_at: expect.any(String) } });
  expect(Object.keys(erased!.data).sort()).toEqual(['erased_at', 'source_id', 'source_system']);
  const stored = await db.query<{ raw: string }>(`select raw_body || coalesce(payload::text, '') as raw from public.webhook_events where config_id = $1`, [
    a.configId,
  ]);
  expect(stored.rows.map((x) => x.raw).join('')).not.toContain('Private');
  expect(await record(a, '5')).toMatchObject({ deleted: true, data: { merged_into: '4', email: 'c5@example.com' } });
  expect((await record(a, '4'))?.data.full_name).toBe('Contact Merged');
});

it('an object that fails validation is stored failed with the field named, and `fabric webhooks replay` applies it after the fix', async () => {
  const a = await portal(1);
  a.fake.contacts.push({ ...a.fake.contacts[0]!, id: '2', properties: { ...a.fake.contacts[0]!.properties, email: 'not-an-email', hs_object_id: '2' } });
  const creation = event(a, 'contact.creation', 2);
  await send(a, [creation]);
  const [row] = await processed(a.hookId, 1);
  expect(row).toMatchObject({ status: 'failed', error: expect.stringMatching(/^customer 2: email/) });
  expect(await record(a, '2')).toBeUndefined();
  touch(a.fake.contacts[1]!, { email: 'fixed@example.com' }); // fixed at the source
  const out: string[] = [];
  const env = {
    DATABASE_URL: process.env.DATABASE_URL,
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: worker.taskQueue,
    FABRIC_ENCRYPTION_KEY: TEST_KEY_TEXT,
  };
  const code = await runCli(
    ['webhooks', 'replay', String(creation.eventId), '--config', a.configId, '--json'],
    { out: (t) => out.push(t), err: (t) => out.push(t) },
    env,
  );
  expect({ code, result: JSON.parse(out.join('\n')) }).toMatchObject({ code: 0, result: { status: 'applied', error: null } });
  expect((await record(a, '2'))?.data.email).toBe('fixed@example.com');
});
