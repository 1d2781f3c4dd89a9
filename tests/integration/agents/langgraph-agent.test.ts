import { ToolMessage } from '@langchain/core/messages';
import { askAgent } from '../../../agents/langgraph';
import { claudeChatModel } from '../../../agents/model';
import { runCli } from '../../../cli/main';
import { testDb } from '../../helpers/db';
import { scriptedMessagesApi, toolResults } from '../../helpers/messages-api';
import { testClient, withWorker } from '../../helpers/temporal';
import { contextFor, syncNow, twoTenants } from './fixtures';

describe('LangGraph agent with a scripted Claude (local Messages API) against the real stack', () => {
  const db = testDb();
  let stack: Awaited<ReturnType<typeof twoTenants>>;
  let temporal: Awaited<ReturnType<typeof testClient>>;
  beforeAll(async () => {
    stack = await twoTenants(db, [30, 4]);
    temporal = await testClient();
  });
  afterAll(async () => {
    await stack.stop();
    await temporal.connection.close();
    await db.close();
  });

  const question = (configId: string) => `How many customers does config ${configId} have? And sync it.`;
  const script = (configId: string) => [
    { tool: 'fetch_customers', input: { config_id: configId, limit: 1 } },
    { tool: 'start_sync', input: { config_id: configId } },
    {
      text: (req: Parameters<typeof toolResults>[0]) => {
        const [customers, sync] = toolResults(req) as [{ total_matching: number }, { workflow_id: string }];
        return `Config ${configId} has ${customers.total_matching} customers. I started ${sync.workflow_id}.`;
      },
    },
  ];

  it('answers "how many customers does config X have, and sync it" with the real count and a real sync', async () => {
    const { a } = stack;
    await withWorker(stack.deps, async ({ taskQueue }) => {
      await syncNow(temporal.client, taskQueue, a.configId);
      const before = a.api.stats.requests;
      const api = await scriptedMessagesApi(script(a.configId));
      try {
        const ctx = await contextFor(db, temporal.client, taskQueue, a.userId);
        const model = claudeChatModel({ apiKey: 'sk-ant-test', baseURL: api.url, model: 'claude-test' });
        const result = await askAgent(ctx, model, question(a.configId));

        expect(result.toolCalls).toEqual([
          { name: 'fetch_customers', args: { config_id: a.configId, limit: 1 } },
          { name: 'start_sync', args: { config_id: a.configId } },
        ]);
        expect(result.answer).toBe(`Config ${a.configId} has 30 customers. I started sync:${a.configId}.`);
        // the model saw the tools with their schemas, and the graph looped model → tools → model three times
        expect(api.requests).toHaveLength(3);
        expect(api.requests[0]!.tools!.map((t) => t.name)).toEqual(expect.arrayContaining(['fetch_customers', 'start_sync', 'push_record']));
        expect(api.requests[0]!.tools!.find((t) => t.name === 'search_records')!.input_schema).toMatchObject({ type: 'object' });
        expect(JSON.stringify(api.requests[0]!.system)).toMatch(/Connectivity Fabric/);
        const toolMessages = result.messages.filter((m): m is ToolMessage => ToolMessage.isInstance(m));
        expect(toolMessages.map((m) => m.name)).toEqual(['fetch_customers', 'start_sync']);
        expect(toolMessages.every((m) => m.status !== 'error')).toBe(true);

        // final state: the sync the agent started is a real workflow that ran against the fake API
        const handle = temporal.client.workflow.getHandle(`sync:${a.configId}`);
        const summary = (await handle.result()) as { mode: string; status: string };
        expect(summary).toMatchObject({ mode: 'incremental', status: 'completed' });
        expect(a.api.stats.requests).toBeGreaterThan(before);
      } finally {
        await api.close();
      }
    });
  }, 120_000);

  it('fabric agent "<question>" runs the same graph once from the CLI, with model and base URL configurable', async () => {
    const { a } = stack;
    await withWorker(stack.deps, async ({ taskQueue }) => {
      const api = await scriptedMessagesApi(script(a.configId));
      const out: string[] = [];
      const err: string[] = [];
      try {
        const env = {
          DATABASE_URL: process.env.DATABASE_URL,
          TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
          TEMPORAL_TASK_QUEUE: taskQueue,
          ANTHROPIC_API_KEY: 'sk-ant-test',
          ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
        };
        const args = ['agent', question(a.configId), '--user', a.userId, '--base-url', api.url, '--model', 'claude-cli-test'];
        const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
        expect(err.join('\n')).toBe('');
        expect(code).toBe(0);
        expect(out.join('\n')).toMatch(new RegExp(`→ fetch_customers .*\\n→ start_sync .*\\nConfig ${a.configId} has 30 customers`));
        expect(api.requests[0]!.model).toBe('claude-cli-test');
        await temporal.client.workflow.getHandle(`sync:${a.configId}`).result();

        const noKey = await runCli(['agent', 'hi', '--user', a.userId], { out: () => undefined, err: (t) => err.push(t) }, { ...env, ANTHROPIC_API_KEY: '' });
        expect(noKey).toBe(1);
        expect(err.join('\n')).toMatch(/ANTHROPIC_API_KEY is unset/);
      } finally {
        await api.close();
      }
    });
  }, 120_000);
});
