import { randomBytes } from 'node:crypto';
import { verifyRequestSignature } from '@slack/events-api';
import { slackScheme } from '../../../adapters/core/webhook';
import { startSync } from '../../../client/sync';
import { webhookEndpointResolver, startHttpServer, type RunningServer } from '../../../server';
import { getRecord } from '../../../store/records';
import { testDb } from '../../helpers/db';
import { startSlackFake, type FakeChannel, type SlackFake } from '../../helpers/slack-fake';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { post, stripeEndpoint, testStores, waitFor } from '../webhooks/fixtures';

/** Slack's Events API through the server and the worker; every signature we send is first accepted by @slack/events-api. */
const db = testDb(6);
const stores = testStores(db);
let temporal: Awaited<ReturnType<typeof testClient>>;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let server: RunningServer;
let fake: SlackFake;
beforeAll(async () => {
  temporal = await testClient();
  worker = await startTestWorker({ db, configs: stores.configs });
  server = await startHttpServer(
    { db, endpoints: webhookEndpointResolver(stores), temporal: { client: temporal.client, taskQueue: worker.taskQueue } },
    { host: '127.0.0.1', port: 0 },
  );
  fake = await startSlackFake({ channels: 1, messagesPerChannel: 6, threadEvery: 3, repliesPerThread: 2 });
}, 60_000);
afterAll(async () => {
  await server.close();
  await worker.stop();
  await temporal.connection.close();
  await fake.stop();
  await db.close();
});
afterEach(() => expect(fake.violations).toEqual([]));

let team = '';
/** A workspace of its own (events are routed by team_id) with its config and Events API endpoint. */
const workspace = () => {
  team = `T0${randomBytes(5).toString('hex').toUpperCase()}`;
  return stripeEndpoint(stores, 'slack', { config: { baseUrl: fake.url, teamId: team, rateLimit: false }, secrets: { access_token: fake.token } });
};
type Endpoint = Awaited<ReturnType<typeof workspace>>;

/** Signs like Slack; the official verifier must accept the very headers that are sent. */
async function send(ep: Endpoint, body: unknown, extra: Record<string, string> = {}) {
  const raw = JSON.stringify(body);
  const h = slackScheme.sign({ rawBody: raw, secret: ep.secret });
  expect(
    verifyRequestSignature({
      signingSecret: ep.secret,
      requestSignature: h['x-slack-signature']!,
      requestTimestamp: Number(h['x-slack-request-timestamp']),
      body: raw,
    }),
  ).toBe(true);
  return post(server.url, ep.path, raw, { ...h, ...extra });
}
let n = 0;
const callback = (event: Record<string, unknown>, id = `Ev0${randomBytes(5).toString('hex').toUpperCase()}${n++}`) => ({
  token: 'deprecated-verification-token',
  team_id: team,
  api_app_id: 'A0FABRIC01',
  type: 'event_callback',
  event_id: id,
  event_time: Math.floor(Date.now() / 1000),
  event_context: '4-eyJldCI6Im1lc3NhZ2UifQ',
  authed_users: ['U0BOTUSER'],
  event: { ...event, event_ts: fake.nextTs() } as Record<string, unknown>,
});
const statuses = (hookId: string, count: number) =>
  waitFor(
    async () => {
      const r = await db.query<{ event_id: string; status: string; error: string | null }>(
        'select event_id, status, error from public.webhook_events where webhook_config_id = $1 order by received_at, event_id',
        [hookId],
      );
      return r.rows.length >= count && r.rows.every((x) => x.status !== 'received') ? r.rows : undefined;
    },
    30_000,
    `${count} Slack events processed`,
  );
const record = (ep: Endpoint, ch: FakeChannel, ts: string) => getRecord(db, { configId: ep.configId, model: 'message', sourceId: `${ch.id}:${ts}` });

it('answers url_verification with its challenge after the signature, and refuses a bad signature', async () => {
  const ep = await workspace();
  const challenge = randomBytes(16).toString('hex');
  expect(await send(ep, { token: 'x', challenge, type: 'url_verification' })).toEqual({ status: 200, json: { challenge } });
  const forged = await post(
    server.url,
    ep.path,
    JSON.stringify({ type: 'url_verification', challenge }),
    slackScheme.sign({ rawBody: '{}', secret: ep.secret }),
  );
  expect(forged.status).toBe(401);
});

it("message, message_changed and message_deleted apply in version order; a retry is a duplicate; the shape is a sync's", async () => {
  const ep = await workspace();
  const s = await startSync(temporal.client, worker.taskQueue, ep.configId, { mode: 'full', models: ['message'] });
  await temporal.client.workflow.getHandle(s.workflowId).result();
  const [ch] = fake.channels as [FakeChannel];
  const target = ch.messages.find((m) => !m.thread_ts && !ch.messages.some((r) => r.thread_ts === m.ts))!;
  // Slack edits the message twice; the events arrive newest first
  const first = { user: target.user, ts: fake.nextTs() };
  const second = { user: target.user, ts: fake.nextTs() };
  const changed = (text: string, edited: { user: string; ts: string }) => ({
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel: ch.id,
    channel_type: 'channel',
    ts: edited.ts,
    message: { type: 'message', user: target.user, text, ts: target.ts, edited },
    previous_message: { type: 'message', user: target.user, text: target.text, ts: target.ts },
  });
  const newer = callback(changed('second edit', second));
  expect((await send(ep, newer)).status).toBe(200);
  await send(ep, callback(changed('first edit', first)));
  const fresh = { type: 'message', channel: ch.id, channel_type: 'channel', user: 'U0SOMEONE', text: 'hi <@U01002ABC>', ts: fake.nextTs() };
  const created = callback(fresh);
  await send(ep, created);
  const reply = callback({
    type: 'message',
    channel: ch.id,
    user: 'U0SOMEONE',
    text: 'in thread',
    ts: fake.nextTs(),
    thread_ts: ch.messages[0]!.ts,
    parent_user_id: ch.messages[0]!.user,
  });
  await send(ep, reply);
  // Slack redelivers one it got no timely 200 for, with X-Slack-Retry-Num: same event_id, so a duplicate
  const again = await send(ep, created, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
  expect(again).toMatchObject({ status: 200, json: { duplicates: [created.event_id] } });
  expect((await send(ep, created, { 'x-slack-retry-num': 'one' })).status).toBe(400);
  expect((await statuses(ep.hookId, 4)).map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied']);

  expect((await record(ep, ch, target.ts))?.data).toMatchObject({
    text: 'second edit',
    edited_at: new Date(Math.floor(Number(second.ts) * 1000)).toISOString(),
  });
  expect((await record(ep, ch, fresh.ts))?.data).toMatchObject({ text: 'hi <@U01002ABC>', user_id: 'U0SOMEONE', mentions: ['U01002ABC'], thread_id: null });
  expect((await record(ep, ch, String(reply.event.ts)))?.data.thread_id).toBe(`${ch.id}:${ch.messages[0]!.ts}`);

  const deleted = callback({
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel: ch.id,
    ts: fake.nextTs(),
    deleted_ts: fresh.ts,
    previous_message: fresh,
  });
  await send(ep, deleted);
  const late = callback(changed('an edit older than the deletion', first), `Ev0LATE${n++}`);
  (late.event.message as { ts: string }).ts = fresh.ts;
  await send(ep, late);
  await send(ep, callback({ type: 'reaction_added', user: 'U0SOMEONE', reaction: 'thumbsup', item: { type: 'message', channel: ch.id, ts: fresh.ts } }));
  const rows = await statuses(ep.hookId, 7);
  expect(
    rows
      .slice(4)
      .map((x) => x.status)
      .sort(),
  ).toEqual(['applied', 'applied', 'ignored']);
  expect((await record(ep, ch, fresh.ts))?.deleted).toBe(true); // the late edit did not bring it back

  // the same message synced from the API is stored exactly as the webhook stored it
  const viaWebhook = (await record(ep, ch, target.ts))!.data;
  Object.assign(target, { text: 'second edit', edited: second });
  const again2 = await startSync(temporal.client, worker.taskQueue, ep.configId, { mode: 'full', models: ['message'] });
  await temporal.client.workflow.getHandle(again2.workflowId).result();
  const viaSync = (await record(ep, ch, target.ts))!.data;
  expect(viaSync).toEqual(viaWebhook);
});

it('an event for a workspace no config has is stored failed, naming the team', async () => {
  const ep = await workspace();
  const other = { ...callback({ type: 'message', channel: 'C0NOWHERE1', user: 'U0SOMEONE', text: 'x', ts: fake.nextTs() }), team_id: 'T0UNKNOWN9' };
  await send(ep, other);
  const [row] = await statuses(ep.hookId, 1);
  expect(row).toMatchObject({
    status: 'failed',
    error: expect.stringMatching(/^account T0UNKNOWN9: no single active slack config has it; set it on the config \(--set teamId=T0UNKNOWN9\)/),
  });
});
