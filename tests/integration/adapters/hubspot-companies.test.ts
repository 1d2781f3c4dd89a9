import { configStore } from '../../../app/activity-deps';
import { interpretHubspotEvent } from '../../../adapters/hubspot/webhook';
import { push } from '../../../client/push';
import { startSync } from '../../../client/sync';
import { parseRecord } from '../../../schema';
import { testDb } from '../../helpers/db';
import { createTestConfig, testCredentials } from '../../helpers/fixtures';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { startHubspotFake, type HubspotFake } from '../../unit/adapters/hubspot-fake';

/** HubSpot companies as the company model, against the fake checked with hubspot_crm_companies.oas.json. */
const db = testDb(6);
let temporal: Awaited<ReturnType<typeof testClient>>;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
const fakes: HubspotFake[] = [];
beforeAll(async () => {
  temporal = await testClient();
  worker = await startTestWorker({ db, configs: configStore(db, testCredentials()) });
}, 60_000);
afterAll(async () => {
  await worker.stop();
  await temporal.connection.close();
  for (const f of fakes) await f.stop();
  await db.close();
});
afterEach(() => {
  for (const f of fakes) expect(f.violations).toEqual([]);
});

async function portal(companies: number) {
  const fake = await startHubspotFake({ contacts: 2, companies, sameTimestampRun: 7 });
  fakes.push(fake);
  const config = { baseUrl: fake.url, retryBaseDelayMs: 10, rateLimit: false };
  const { configId } = await createTestConfig(db, { connector: 'hubspot', config, secrets: { access_token: 'pat-na1-test-token' } });
  return { fake, configId };
}
async function sync(configId: string, mode: 'full' | 'incremental', models = ['company']) {
  const s = await startSync(temporal.client, worker.taskQueue, configId, { mode, models, pageSize: 20 });
  return temporal.client.workflow.getHandle(s.workflowId).result();
}
const expected = (fake: HubspotFake) =>
  fake.companies
    .filter((c) => !c.archived)
    .map((c) => ({ source_id: c.id, name: c.properties.name!, employee_count: Number(c.properties.numberofemployees) }))
    .sort((a, b) => a.source_id.localeCompare(b.source_id));
async function stored(configId: string) {
  const r = await db.query<{ source_id: string; name: string; employee_count: number }>(
    `select source_id, data->>'name' as name, (data->>'employee_count')::int as employee_count from public.unified_records
      where config_id = $1 and model = 'company' and not deleted order by source_id collate "C"`,
    [configId],
  );
  return r.rows;
}
const touch = (c: HubspotFake['companies'][number], props: Record<string, string>) => {
  Object.assign(c.properties, props, { hs_lastmodifieddate: new Date().toISOString() });
  c.updatedAt = c.properties.hs_lastmodifieddate!;
};

it("full and incremental syncs land exactly the fake's companies, as valid UnifiedCompany records; a full sync finds archived ones", async () => {
  const { fake, configId } = await portal(45);
  fake.rateLimitNext(1, 'SECONDLY');
  expect((await sync(configId, 'full')).status).toBe('completed');
  expect(await stored(configId)).toEqual(expected(fake));
  const row = await db.query<{ data: Record<string, unknown> }>(
    `select data from public.unified_records where config_id = $1 and model = 'company' and source_id = $2`,
    [configId, fake.companies[1]!.id],
  );
  expect(parseRecord('company', row.rows[0]!.data).ok).toBe(true);
  expect(row.rows[0]!.data).toMatchObject({
    domain: 'company2.example',
    annual_revenue: '1250000.50',
    address: { city: 'Berlin', country: 'DE' },
    industry: 'COMPUTER_SOFTWARE',
  });

  for (const c of fake.companies.slice(5, 12)) touch(c, { name: `${c.properties.name!} GmbH`, numberofemployees: '500' });
  const before = fake.calls.length;
  expect((await sync(configId, 'incremental')).status).toBe('completed');
  expect(await stored(configId)).toEqual(expected(fake));
  const searches = fake.calls.slice(before).filter((c) => c.path === '/crm/v3/objects/companies/search');
  expect(searches[0]?.body).toMatchObject({
    filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE' }] }],
    sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
  });

  Object.assign(fake.companies[3]!, { archived: true, archivedAt: new Date().toISOString() });
  expect((await sync(configId, 'full')).status).toBe('completed');
  expect(await stored(configId)).toEqual(expected(fake));
  // contacts and companies are separate models of one config
  expect((await sync(configId, 'full', ['customer', 'company'])).counts).toMatchObject({ customer: { records: 2 }, company: { records: 44 } });
});

it('a company push whose response is lost creates one company: the retry finds it by name and domain; an edit patches it', async () => {
  const { fake, configId } = await portal(3);
  fake.loseNextCreate();
  const company = {
    source_system: 'fabric',
    source_id: `co-${Date.now()}`,
    name: 'Analytical Engines Ltd',
    domain: 'engines.example',
    employee_count: 12,
    tags: [],
    custom_fields: {},
  };
  const first = await push(temporal.client, worker.taskQueue, configId, 'company', company);
  const made = fake.companies.filter((c) => c.properties.name === 'Analytical Engines Ltd');
  expect(made).toHaveLength(1);
  expect(first).toMatchObject({ action: 'created', externalId: made[0]!.id });
  expect(fake.calls.filter((c) => c.method === 'POST' && c.path === '/crm/v3/objects/companies').map((c) => c.status)).toEqual([0]);
  expect(made[0]!.properties).toMatchObject({ domain: 'engines.example', numberofemployees: '12' });

  const edited = await push(temporal.client, worker.taskQueue, configId, 'company', { ...company, employee_count: 40 });
  expect(edited).toMatchObject({ action: 'updated', externalId: made[0]!.id });
  expect(made[0]!.properties.numberofemployees).toBe('40');
});

it('company webhook events (classic and object.* 0-2) refresh or tombstone a company', () => {
  const base = { eventId: 1, portalId: 62515, occurredAt: 1_767_225_600_000, objectId: 900_001 };
  const at = new Date(base.occurredAt).toISOString();
  const ev = (payload: Record<string, unknown>) => interpretHubspotEvent({ eventId: '1', eventType: null, payload: { ...base, ...payload } });
  expect(ev({ subscriptionType: 'company.propertyChange' })).toEqual({
    status: 'apply',
    changes: [{ op: 'refresh', model: 'company', sourceId: '900001', at, version: null }],
  });
  expect(ev({ subscriptionType: 'object.deletion', objectTypeId: '0-2' })).toMatchObject({ changes: [{ op: 'delete', model: 'company' }] });
  expect(ev({ subscriptionType: 'deal.creation' })).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/contacts and companies/) });
});
