import { randomUUID } from 'node:crypto';
import { createQueryStringHash, encodeSymmetric, fromMethodAndUrl } from 'atlassian-jwt';
import { startSync } from '../../../client/sync';
import { webhookEndpointResolver, startHttpServer, type RunningServer } from '../../../server';
import { getRecord } from '../../../store/records';
import { testDb } from '../../helpers/db';
import { startJiraFake, type FakeIssue, type JiraFake } from '../../helpers/jira-fake';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { post, stripeEndpoint, testStores, waitFor } from '../webhooks/fixtures';

// The package exports only an `import` condition; jest (CommonJS) loads its file by path and compiles it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const octokit = require('../../../node_modules/@octokit/webhooks-methods/dist-node/index.js') as typeof import('@octokit/webhooks-methods');

/** Jira webhooks through the server and the worker: Connect JWTs made by atlassian-jwt, secret signatures by octokit. */
const db = testDb(6);
const stores = testStores(db);
let temporal: Awaited<ReturnType<typeof testClient>>;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let server: RunningServer;
let fake: JiraFake;
beforeAll(async () => {
  temporal = await testClient();
  worker = await startTestWorker({ db, configs: stores.configs });
  server = await startHttpServer(
    { db, endpoints: webhookEndpointResolver(stores), temporal: { client: temporal.client, taskQueue: worker.taskQueue } },
    { host: '127.0.0.1', port: 0 },
  );
  fake = await startJiraFake({ issues: 4 });
}, 60_000);
afterAll(async () => {
  await server.close();
  await worker.stop();
  await temporal.connection.close();
  await fake.stop();
  await db.close();
});
afterEach(() => expect(fake.violations).toEqual([]));

const site = () => stripeEndpoint(stores, 'jira', { config: { baseUrl: fake.url, projects: ['PROJ'], rateLimit: false }, secrets: fake.credentials });
type Endpoint = Awaited<ReturnType<typeof site>>;

/** A Connect app's delivery: `Authorization: JWT`, HS256 with the shared secret, qsh over the request (atlassian-jwt). */
function jwt(ep: Endpoint, o: { path?: string; secret?: string; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const qsh = createQueryStringHash(fromMethodAndUrl('POST', o.path ?? ep.path));
  return {
    authorization: `JWT ${encodeSymmetric({ iss: 'jira:4b9e7d61-8a3f-4c2e-9d11-0f2a6b5c7e90', iat: now, exp: o.exp ?? now + 180, qsh }, o.secret ?? ep.secret)}`,
  };
}
const delivery = (webhookEvent: string, issue: Record<string, unknown>, timestamp = Date.now()) => ({
  timestamp,
  webhookEvent,
  issue_event_type_name: 'issue_generic',
  user: { accountId: '5b10a2844c20165700ede21', displayName: 'User 1' },
  issue,
});
const send = (ep: Endpoint, body: unknown, headers: Record<string, string>) =>
  post(server.url, ep.path, JSON.stringify(body), { 'x-atlassian-webhook-identifier': randomUUID(), ...headers });
const statuses = (hookId: string, count: number) =>
  waitFor(
    async () => {
      const r = await db.query<{ status: string; error: string | null; event_type: string }>(
        'select status, error, event_type from public.webhook_events where webhook_config_id = $1 order by received_at, event_id',
        [hookId],
      );
      return r.rows.length >= count && r.rows.every((x) => x.status !== 'received') ? r.rows : undefined;
    },
    30_000,
    `${count} Jira events processed`,
  );
const record = (ep: Endpoint, issue: FakeIssue) => getRecord(db, { configId: ep.configId, model: 'ticket', sourceId: issue.id });

it('Connect JWTs: a good one is accepted; another secret, an expired token or a token for another path is a 401', async () => {
  const ep = await site();
  const issue = fake.issues[0]!;
  const body = delivery('jira:issue_updated', fake.view(issue));
  expect((await send(ep, body, jwt(ep))).status).toBe(200);
  expect(await send(ep, body, jwt(ep, { secret: 'another-shared-secret' }))).toMatchObject({
    status: 401,
    json: { message: expect.stringMatching(/signature does not match/) },
  });
  expect(await send(ep, body, jwt(ep, { exp: Math.floor(Date.now() / 1000) - 120 }))).toMatchObject({
    status: 401,
    json: { message: expect.stringMatching(/expired/) },
  });
  expect(await send(ep, body, jwt(ep, { path: '/webhooks/jira/elsewhere' }))).toMatchObject({
    status: 401,
    json: { message: expect.stringMatching(/qsh does not match/) },
  });
  expect((await send(ep, body, {})).status).toBe(401);
  expect((await statuses(ep.hookId, 1)).map((x) => x.status)).toEqual(['applied']);
  expect((await record(ep, issue))?.data).toMatchObject({ key: issue.key, title: issue.fields.summary, project_key: 'PROJ' });
});

it('created, updated (in version order) and deleted apply; a redelivery is a duplicate; other events are ignored', async () => {
  const ep = await site();
  const s = await startSync(temporal.client, worker.taskQueue, ep.configId, { mode: 'full', models: ['ticket'] });
  await temporal.client.workflow.getHandle(s.workflowId).result();
  const hub = async (body: unknown, headers: Record<string, string> = {}) =>
    send(ep, body, { 'x-hub-signature': await octokit.sign(ep.secret, JSON.stringify(body)), ...headers });

  const [a, b] = fake.issues as [FakeIssue, FakeIssue];
  fake.touch(a, Date.now() - 1000, 'older edit');
  const older = delivery('jira:issue_updated', fake.view(a));
  fake.touch(a, Date.now(), 'newer edit');
  const newer = delivery('jira:issue_updated', fake.view(a));
  const id = randomUUID();
  expect((await hub(newer, { 'x-atlassian-webhook-identifier': id })).status).toBe(200);
  await hub(older);
  // Jira retries a delivery it got no 2xx for with the same identifier
  expect(await hub(newer, { 'x-atlassian-webhook-identifier': id, 'x-atlassian-webhook-retry': '1' })).toMatchObject({
    status: 200,
    json: { duplicates: [id] },
  });
  const fresh = { ...fake.view(b), id: '99001', key: 'PROJ-901' };
  await hub(delivery('jira:issue_created', fresh));
  await hub(delivery('jira:issue_deleted', fake.view(b)));
  await hub(delivery('comment_created', fake.view(b)));
  const rows = await statuses(ep.hookId, 5);
  expect(rows.map((x) => [x.event_type, x.status])).toEqual(
    expect.arrayContaining([
      ['jira:issue_updated', 'applied'],
      ['jira:issue_created', 'applied'],
      ['jira:issue_deleted', 'applied'],
      ['comment_created', 'ignored'],
    ]),
  );
  expect((await record(ep, a))?.data.title).toBe('newer edit'); // the older delivery, arriving later, did not win
  expect((await getRecord(db, { configId: ep.configId, model: 'ticket', sourceId: '99001' }))?.data).toMatchObject({
    key: 'PROJ-901',
    status_category: expect.any(String),
  });
  expect((await record(ep, b))?.deleted).toBe(true);
  expect((await hub({ timestamp: Date.now() })).status).toBe(400); // no webhookEvent
});
