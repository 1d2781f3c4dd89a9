import { push } from '../../../client/push';
import { startSync } from '../../../client/sync';
import { PUSH_EVENT_TYPE } from '../../../adapters/slack';
import { testDb } from '../../helpers/db';
import { createTestConfig, testCredentials } from '../../helpers/fixtures';
import { configStore } from '../../../app/activity-deps';
import { startSlackFake, type FakeChannel, type FakeMessage, type SlackFake } from '../../helpers/slack-fake';
import { startTestWorker, testClient } from '../../helpers/temporal';

/** Slack syncs and pushes through real Temporal and Postgres, against the spec-checked Slack fake. */
const db = testDb(6);
let temporal: Awaited<ReturnType<typeof testClient>>;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
const fakes: SlackFake[] = [];
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
  for (const f of fakes) expect(f.violations).toEqual([]); // every request and response matched Slack's OpenAPI document
});

async function workspace(o: Parameters<typeof startSlackFake>[0]) {
  const fake = await startSlackFake(o);
  fakes.push(fake);
  // pacing off: the fake has no budget; the declared Tier 3 would make this test take minutes
  const config = { baseUrl: fake.url, pageSize: 7, retryBaseDelayMs: 10, rateLimit: false };
  const { configId, deps } = await createTestConfig(db, { connector: 'slack', config, secrets: { access_token: fake.token } });
  return { fake, configId, deps };
}

async function sync(configId: string, mode: 'full' | 'incremental') {
  const s = await startSync(temporal.client, worker.taskQueue, configId, { mode, models: ['message'] });
  return temporal.client.workflow.getHandle(s.workflowId).result();
}

const iso = (ts: string) => new Date(Math.floor(Number(ts.replace('.', '')) / 1000)).toISOString();
/** What the database must hold: every message of every channel the app is in, replies and edits included. */
function expected(fake: SlackFake) {
  return fake.channels
    .filter((c) => c.is_member)
    .flatMap((c) =>
      c.messages.map((m) => ({
        source_id: `${c.id}:${m.ts}`,
        text: m.text,
        thread_id: m.thread_ts && m.thread_ts !== m.ts ? `${c.id}:${m.thread_ts}` : null,
        edited_at: m.edited ? iso(m.edited.ts) : null,
      })),
    )
    .sort((a, b) => a.source_id.localeCompare(b.source_id));
}
async function stored(configId: string) {
  const r = await db.query<{ source_id: string; text: string; thread_id: string | null; edited_at: string | null }>(
    `select source_id, data->>'text' as text, data->>'thread_id' as thread_id, data->>'edited_at' as edited_at
       from public.unified_records where config_id = $1 and model = 'message' and not deleted order by source_id collate "C"`,
    [configId],
  );
  return r.rows;
}
const post = (fake: SlackFake, ch: FakeChannel, text: string, thread?: FakeMessage) => {
  const m: FakeMessage = { type: 'message', ts: fake.nextTs(), text, user: 'U0SOMEONE', ...(thread ? { thread_ts: thread.ts } : {}) };
  ch.messages.push(m);
  return m;
};

it("a full sync under 429s and changes while it runs, then an incremental one, land exactly the fake's messages, threads and edits", async () => {
  const { fake, configId } = await workspace({ channels: 3, messagesPerChannel: 40, threadEvery: 6, repliesPerThread: 4 });
  const [a, b, c] = fake.channels as [FakeChannel, FakeChannel, FakeChannel];
  fake.rateLimitNext(2, 1);
  // while the full sync runs: a message and a reply land in channels it has already read, a message in another is edited
  fake.afterRequests(8, () => {
    post(fake, a, 'late message');
    post(fake, a, 'late reply', a.messages[0]);
    fake.edit(c.messages[3]!, 'edited while syncing');
  });
  const full = await sync(configId, 'full');
  expect(full.status).toBe('completed');
  expect(fake.calls.filter((x) => x.status === 429)).toHaveLength(2); // answered with Retry-After, retried inline
  expect((await stored(configId)).length).toBeGreaterThanOrEqual(3 * (40 + 7 * 4));
  expect((await stored(configId)).map((r) => r.source_id)).not.toContain(`${fake.channels[3]!.id}:${fake.channels[3]!.messages[0]!.ts}`); // not a member

  // after it: new messages, a reply to an old thread, an edit of an old message and of an old reply
  post(fake, b, 'new top-level message');
  const oldThread = b.messages.find((m) => !m.thread_ts && b.messages.some((r) => r.thread_ts === m.ts))!;
  post(fake, b, 'new reply to an old thread', oldThread);
  fake.edit(a.messages[5]!, 'edited after the sync');
  fake.edit(
    b.messages.find((m) => m.thread_ts && m.thread_ts !== m.ts)!,
    'edited reply',
  );
  const before = fake.calls.length;
  const inc = await sync(configId, 'incremental');
  expect(inc.status).toBe('completed');
  expect(await stored(configId)).toEqual(expected(fake));
  const history = fake.calls.slice(before).filter((x) => x.method === 'conversations.history');
  expect(history.length).toBeGreaterThan(0);
  expect(history.every((x) => typeof x.query.oldest === 'string')).toBe(true); // incremental: only the look-back window

  // a deleted message and a deleted reply are found by the next full sync
  const plain = c.messages.findIndex((m) => !m.thread_ts && !c.messages.some((r) => r.thread_ts === m.ts));
  const gone = c.messages.splice(plain, 1)[0]!;
  const goneReply = c.messages.splice(
    c.messages.findIndex((m) => m.thread_ts && m.thread_ts !== m.ts),
    1,
  )[0]!;
  expect((await sync(configId, 'full')).status).toBe('completed');
  expect(await stored(configId)).toEqual(expected(fake));
  const tomb = await db.query<{ deleted: boolean }>(`select deleted from public.unified_records where config_id = $1 and source_id = any($2)`, [
    configId,
    [gone, goneReply].map((m) => `${c.id}:${m.ts}`),
  ]);
  expect(tomb.rows.map((r) => r.deleted)).toEqual([true, true]);
});

it('an incremental sync outside the look-back misses an old edit by design; a full sync lands it', async () => {
  const { fake, configId } = await workspace({ channels: 1, messagesPerChannel: 12, startSec: Math.floor(Date.now() / 1000) - 30 * 86_400 });
  await sync(configId, 'full');
  const [ch] = fake.channels as [FakeChannel];
  fake.edit(ch.messages[0]!, 'edited a month later');
  await sync(configId, 'incremental');
  expect((await stored(configId)).find((r) => r.source_id === `${ch.id}:${ch.messages[0]!.ts}`)?.text).not.toBe('edited a month later');
  await sync(configId, 'full');
  expect(await stored(configId)).toEqual(expected(fake));
});

it('a push whose response is lost posts one message: the retry finds it by its client message id', async () => {
  const { fake, configId } = await workspace({ channels: 1, messagesPerChannel: 3 });
  const [ch] = fake.channels as [FakeChannel];
  fake.loseNextResponse('chat.postMessage');
  const message = { source_system: 'fabric', source_id: `m-${Date.now()}`, channel_id: ch.id, text: 'hello from fabric', sent_at: new Date().toISOString() };
  const first = await push(temporal.client, worker.taskQueue, configId, 'message', message);
  const posted = ch.messages.filter((m) => m.text === 'hello from fabric');
  expect(posted).toHaveLength(1);
  expect(posted[0]!.metadata).toMatchObject({ event_type: PUSH_EVENT_TYPE, event_payload: { client_msg_id: expect.stringMatching(/^push:/) } });
  expect(first).toMatchObject({ action: 'created', externalId: `${ch.id}:${posted[0]!.ts}` });
  expect(fake.calls.map((x) => `${x.method}:${x.status}`)).toEqual(expect.arrayContaining(['chat.postMessage:0', 'conversations.history:200']));
  expect(fake.calls.filter((x) => x.method === 'chat.postMessage')).toHaveLength(1);

  const reply = { ...message, source_id: `${message.source_id}-r`, text: 'a threaded reply', thread_id: first.externalId };
  fake.loseNextResponse('chat.postMessage');
  const second = await push(temporal.client, worker.taskQueue, configId, 'message', reply);
  expect(ch.messages.filter((m) => m.text === 'a threaded reply').map((m) => m.thread_ts)).toEqual([posted[0]!.ts]);
  expect(second.action).toBe('created');

  const edited = await push(temporal.client, worker.taskQueue, configId, 'message', { ...message, text: 'hello again' });
  expect(edited).toMatchObject({ action: 'updated', externalId: first.externalId });
  expect(posted[0]).toMatchObject({ text: 'hello again', edited: { ts: expect.any(String) } });
});
