import { configStore } from '../../../app/activity-deps';
import { listAll } from '../../../adapters/core/base';
import { JiraAdapter, PUSH_PROPERTY, jiraConfigSchema } from '../../../adapters/jira';
import { push } from '../../../client/push';
import { startSync } from '../../../client/sync';
import { testDb } from '../../helpers/db';
import { createTestConfig, testCredentials } from '../../helpers/fixtures';
import { startJiraFake, type JiraFake } from '../../helpers/jira-fake';
import { startTestWorker, testClient } from '../../helpers/temporal';

/** Jira syncs and pushes through real Temporal and Postgres, against the spec-checked Jira fake. */
const db = testDb(6);
let temporal: Awaited<ReturnType<typeof testClient>>;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
const fakes: JiraFake[] = [];
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
  for (const f of fakes) expect(f.violations).toEqual([]); // every request and response matched Atlassian's OpenAPI document
});

const settings = (fake: JiraFake) => ({
  baseUrl: fake.url,
  projects: ['PROJ'],
  defaultProject: 'PROJ',
  pageSize: 40,
  retryBaseDelayMs: 10,
  rateLimit: false as const,
});
async function site(o: Parameters<typeof startJiraFake>[0]) {
  const fake = await startJiraFake(o);
  fakes.push(fake);
  const { configId } = await createTestConfig(db, { connector: 'jira', config: settings(fake), secrets: fake.credentials });
  return { fake, configId };
}
async function sync(configId: string, mode: 'full' | 'incremental') {
  const s = await startSync(temporal.client, worker.taskQueue, configId, { mode, models: ['ticket'] });
  return temporal.client.workflow.getHandle(s.workflowId).result();
}
const iso = (jira: string) => new Date(Date.parse(jira.replace(/(\d\d)(\d\d)$/, '$1:$2'))).toISOString();
const expected = (fake: JiraFake) =>
  fake.issues
    .map((i) => ({ source_id: i.id, title: String(i.fields.summary), updated_at: iso(i.fields.updated) }))
    .sort((a, b) => a.source_id.localeCompare(b.source_id));
async function stored(configId: string) {
  const r = await db.query<{ source_id: string; title: string; updated_at: string }>(
    `select source_id, data->>'title' as title, data->>'updated_at' as updated_at from public.unified_records
      where config_id = $1 and model = 'ticket' and not deleted order by source_id collate "C"`,
    [configId],
  );
  return r.rows;
}

it('re-anchoring: 300 issues sharing one timestamp are each listed exactly once, full and incremental', async () => {
  const fake = await startJiraFake({ issues: 300, sameTimestampRun: 130 }); // 130, 130, 40 per millisecond-identical timestamp
  fakes.push(fake);
  const adapter = new JiraAdapter({ config: jiraConfigSchema.parse(settings(fake)), credentials: fake.credentials });
  const seen = new Map<string, number>();
  let watermark: string | null = null;
  for await (const page of listAll(adapter, 'ticket')) {
    for (const item of page.items) seen.set(item.sourceId, (seen.get(item.sourceId) ?? 0) + 1);
    watermark = page.highWatermark ?? watermark;
  }
  expect(seen.size).toBe(300);
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
  expect(watermark).toMatch(/#PROJ-300$/);
  const tokens = fake.calls.filter((c) => c.query.nextPageToken).length;
  expect(tokens).toBeGreaterThan(0); // more issues share the anchor minute than a page holds: the token goes on inside it

  const at = Date.now();
  for (const i of fake.issues.slice(100, 230)) fake.touch(i, at, `${String(i.fields.summary)} (edited)`); // 130 edits in one ms
  const again = new Map<string, number>();
  for await (const page of listAll(adapter, 'ticket', { since: watermark }))
    for (const item of page.items) again.set(item.sourceId, (again.get(item.sourceId) ?? 0) + 1);
  expect([...again.keys()].sort()).toEqual(
    fake.issues
      .slice(100, 230)
      .map((i) => i.id)
      .sort(),
  );
  expect([...again.values()].every((n) => n === 1)).toBe(true);
});

it("full and incremental syncs under 429s and edits while they run land exactly the fake's issues; a full sync finds deletes", async () => {
  const { fake, configId } = await site({ issues: 150, sameTimestampRun: 60 });
  fake.rateLimitNext(2, 1);
  fake.afterRequests(3, () => {
    fake.touch(fake.issues[0]!, Date.now(), 'edited while the full sync ran'); // already read: moves to the end
    fake.touch(fake.issues[149]!, Date.now(), 'edited ahead of the sync');
  });
  expect((await sync(configId, 'full')).status).toBe('completed');
  expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(2);
  expect(await stored(configId)).toEqual(expected(fake));

  const at = Date.now();
  for (const i of fake.issues.slice(20, 70)) fake.touch(i, at, `${String(i.fields.summary)} v2`);
  fake.afterRequests(2, () => fake.touch(fake.issues[5]!, Date.now() + 5, 'edited while the incremental sync ran'));
  const before = fake.calls.length;
  expect((await sync(configId, 'incremental')).status).toBe('completed');
  expect(await stored(configId)).toEqual(expected(fake));
  const jqls = fake.calls
    .slice(before)
    .map((c) => String(c.query.jql ?? ''))
    .filter(Boolean);
  expect(jqls[0]).toMatch(/^project in \("PROJ"\) AND updated >= "\d{4}-\d\d-\d\d \d\d:\d\d" ORDER BY updated ASC, key ASC$/);

  const [gone] = fake.issues.splice(10, 1);
  expect((await sync(configId, 'full')).status).toBe('completed');
  expect(await stored(configId)).toEqual(expected(fake));
  const tomb = await db.query<{ deleted: boolean }>(`select deleted from public.unified_records where config_id = $1 and source_id = $2`, [configId, gone!.id]);
  expect(tomb.rows[0]?.deleted).toBe(true);
});

it('a create whose response is lost makes one issue: the retry finds it by its issue property; an edit updates it', async () => {
  const { fake, configId } = await site({ issues: 3 });
  fake.loseNextCreate();
  const ticket = {
    source_system: 'fabric',
    source_id: `t-${Date.now()}`,
    title: 'Pushed from fabric',
    status: 'To Do',
    description: 'line one\nline two',
    labels: ['from fabric'],
  };
  const first = await push(temporal.client, worker.taskQueue, configId, 'ticket', ticket);
  const created = fake.issues.filter((i) => i.fields.summary === 'Pushed from fabric');
  expect(created).toHaveLength(1);
  expect(created[0]!.properties[PUSH_PROPERTY]).toEqual({ client_id: expect.stringMatching(/^push:/) });
  expect(first).toMatchObject({ action: 'created', externalId: created[0]!.id });
  expect(created[0]!.fields).toMatchObject({ labels: ['from_fabric'], description: { type: 'doc', content: [{ type: 'paragraph' }, { type: 'paragraph' }] } });
  expect(fake.calls.filter((c) => c.method === 'POST').map((c) => c.status)).toEqual([0]); // one create, its answer lost

  const edited = await push(temporal.client, worker.taskQueue, configId, 'ticket', { ...ticket, title: 'Renamed in fabric' });
  expect(edited).toMatchObject({ action: 'updated', externalId: created[0]!.id });
  expect(created[0]!.fields.summary).toBe('Renamed in fabric');
  expect(fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
});
