import { randomUUID } from 'node:crypto';
import { askAgent } from '../../../agents/langgraph';
import { claudeChatModel } from '../../../agents/model';
import { runCli } from '../../../cli/main';
import { proposePush, pushState } from '../../../client/push-approval';
import { getRecord } from '../../../store/records';
import { testDb } from '../../helpers/db';
import { scriptedMessagesApi, toolResults } from '../../helpers/messages-api';
import { testClient, withWorker } from '../../helpers/temporal';
import { contextFor, eventually, twoTenants } from './fixtures';

describe("an agent's push_record is proposed, not done, until a person decides", () => {
  const db = testDb();
  let stack: Awaited<ReturnType<typeof twoTenants>>;
  let temporal: Awaited<ReturnType<typeof testClient>>;
  beforeAll(async () => {
    stack = await twoTenants(db, [3, 3]);
    temporal = await testClient();
  });
  afterAll(async () => {
    await stack.stop();
    await temporal.connection.close();
    await db.close();
  });

  const customer = () => ({ source_system: 'crm', source_id: `crm_${randomUUID()}`, email: 'grace@example.com', full_name: 'Grace Hopper' });

  /** The agent proposes one push through the LangGraph tools; returns the push id its tool result named. */
  async function agentProposes(taskQueue: string, configId: string, userId: string, record: Record<string, unknown>) {
    const api = await scriptedMessagesApi([
      { tool: 'push_record', input: { config_id: configId, model: 'customer', record } },
      { text: (req) => String(toolResults(req)[0]!.message) },
    ]);
    try {
      const ctx = await contextFor(db, temporal.client, taskQueue, userId);
      const result = await askAgent(ctx, claudeChatModel({ apiKey: 'sk-ant-test', baseURL: api.url }), 'Add Grace Hopper as a customer');
      expect(result.answer).toMatch(/^Proposed, not done: nothing has been written to mock yet\. .*`fabric push approve push:/);
      return /fabric push approve (\S+)`/.exec(result.answer)![1]!;
    } finally {
      await api.close();
    }
  }

  async function fabric(taskQueue: string, ...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATABASE_URL: process.env.DATABASE_URL, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE: taskQueue };
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('does nothing at the target until approved, then creates the record exactly once', async () => {
    const { a } = stack;
    await withWorker(stack.deps, async ({ taskQueue }) => {
      const record = customer();
      const pushId = await agentProposes(taskQueue, a.configId, a.userId, record);
      expect(pushId).toMatch(new RegExp(`^push:${a.configId}:customer:proposed:${record.source_id}:`));
      // the workflow is running and waiting, with a worker polling: time passes, the target sees no write
      await new Promise((r) => setTimeout(r, 1500));
      expect(await pushState(temporal.client, pushId)).toMatchObject({ phase: 'awaiting-approval', requestedBy: `agent:${a.userId}` });
      expect(a.api.stats.created).toBe(0);
      expect(await getRecord(db, { configId: a.configId, model: 'customer', sourceId: record.source_id })).toBeUndefined();

      // proposing the same record again hands back the same proposal
      const again = await agentProposes(taskQueue, a.configId, a.userId, record).catch(() => 'different answer');
      expect(again).toBe(pushId);

      const approved = await fabric(taskQueue, 'push', 'approve', pushId, '--by', 'alice');
      expect(approved).toMatchObject({ code: 0, out: expect.stringMatching(/^approved: created customer crm_.* in mock: external id /) });
      expect(a.api.stats.created).toBe(1);
      const stored = await getRecord(db, { configId: a.configId, model: 'customer', sourceId: record.source_id });
      expect(stored?.externalId).toBeTruthy();

      const twice = await fabric(taskQueue, 'push', 'approve', pushId);
      expect(twice.code).toBe(1);
      expect(twice.err).toMatch(/already done by alice; a proposal is decided once/);
      await new Promise((r) => setTimeout(r, 500));
      expect(a.api.stats.created).toBe(1);
      expect(await pushState(temporal.client, pushId)).toMatchObject({ phase: 'done', decidedBy: 'alice' });
    });
  }, 120_000);

  it('never writes a rejected proposal', async () => {
    const { b } = stack;
    await withWorker(stack.deps, async ({ taskQueue }) => {
      const record = customer();
      const pushId = await agentProposes(taskQueue, b.configId, b.userId, record);
      const rejected = await fabric(taskQueue, 'push', 'reject', pushId, '--by', 'bob', '--reason', 'duplicate', '--json');
      expect(rejected.code).toBe(0);
      expect(JSON.parse(rejected.out)).toMatchObject({ pushId, action: 'rejected', decidedBy: 'bob', reason: 'duplicate' });
      const late = await fabric(taskQueue, 'push', 'approve', pushId);
      expect(late.err).toMatch(/already rejected by bob/);
      await new Promise((r) => setTimeout(r, 1000));
      expect(b.api.stats.created).toBe(0);
      expect(await getRecord(db, { configId: b.configId, model: 'customer', sourceId: record.source_id })).toBeUndefined();
      const missing = await fabric(taskQueue, 'push', 'approve', `push:${randomUUID()}:customer:nope`);
      expect(missing.err).toMatch(/no such push/);
    });
  }, 120_000);

  it('a proposal nobody decides expires without writing', async () => {
    const { a } = stack;
    await withWorker(stack.deps, async ({ taskQueue }) => {
      const created = a.api.stats.created;
      const p = await proposePush(temporal.client, taskQueue, {
        configId: a.configId,
        model: 'customer',
        record: customer(),
        requestedBy: 'test',
        timeoutSeconds: 1,
      });
      const outcome = await eventually(async () => {
        const s = await pushState(temporal.client, p.workflowId);
        return s.phase === 'expired' ? s : undefined;
      });
      expect(outcome.phase).toBe('expired');
      expect(await temporal.client.workflow.getHandle(p.workflowId).result()).toMatchObject({ action: 'expired' });
      expect(a.api.stats.created).toBe(created);
    });
  }, 60_000);
});
