import { ToolMessage } from '@langchain/core/messages';
import { asCaller } from '../../../agents/context';
import { askAgent } from '../../../agents/langgraph';
import { claudeChatModel } from '../../../agents/model';
import { queryRecords, searchRecordsInput } from '../../../agents/tools/records';
import { testDb } from '../../helpers/db';
import { scriptedMessagesApi, toolResults } from '../../helpers/messages-api';
import { testClient, withWorker } from '../../helpers/temporal';
import { contextFor, syncNow, twoTenants } from './fixtures';

describe('RLS: an agent acting as user A never sees user B', () => {
  const db = testDb();
  let stack: Awaited<ReturnType<typeof twoTenants>>;
  let temporal: Awaited<ReturnType<typeof testClient>>;
  beforeAll(async () => {
    stack = await twoTenants(db, [12, 5]);
    temporal = await testClient();
  });
  afterAll(async () => {
    await stack.stop();
    await temporal.connection.close();
    await db.close();
  });

  it("reads only A's configs and records, even when the model asks for B's config or B's emails", async () => {
    const { a, b } = stack;
    await withWorker(stack.deps, async ({ taskQueue }) => {
      await syncNow(temporal.client, taskQueue, a.configId);
      await syncNow(temporal.client, taskQueue, b.configId);
      const ctxA = await contextFor(db, temporal.client, taskQueue, a.userId);
      const ctxB = await contextFor(db, temporal.client, taskQueue, b.userId);
      const bEmails = (
        await db.query<{ email: string }>(`select data ->> 'email' as email from public.unified_records where config_id = $1 and model = 'customer'`, [
          b.configId,
        ])
      ).rows.map((r) => r.email);
      expect(bEmails).toHaveLength(5);

      const api = await scriptedMessagesApi([
        { tool: 'list_configs', input: {} },
        { tool: 'fetch_customers', input: { config_id: b.configId } },
        {
          tool: 'search_records',
          input: (req) => ({ model: 'customer', config_id: (toolResults(req)[0]!.configs as Array<{ id: string }>)[0]!.id, email: bEmails[0] }),
        },
        { tool: 'search_records', input: { model: 'customer', config_id: a.configId, text: bEmails[1]!.split('@')[0] } },
        { tool: 'fetch_customers', input: { config_id: a.configId, limit: 50 } },
        { text: 'done' },
      ]);
      try {
        const { messages } = await askAgent(ctxA, claudeChatModel({ apiKey: 'sk-ant-test', baseURL: api.url }), 'show me every customer you can find');
        const results = messages
          .filter((m): m is ToolMessage => ToolMessage.isInstance(m))
          .map((m) => JSON.parse(String(m.content)) as Record<string, unknown>);
        expect((results[0]!.configs as Array<{ id: string }>).map((c) => c.id)).toEqual([a.configId]);
        expect(results[1]).toMatchObject({ error: { code: 'not_yours' } });
        expect(results[2]).toMatchObject({ total_matching: 0, records: [] });
        expect(results[3]).toMatchObject({ total_matching: 0, records: [] });
        expect(results[4]).toMatchObject({ total_matching: 12, returned: 12 });
        const everything = JSON.stringify(results);
        for (const email of bEmails) expect(everything).not.toContain(email);
        expect(everything).not.toContain(b.userId);
      } finally {
        await api.close();
      }

      // The scoping is RLS itself, not only the ownership check: the bare query as A on B's config finds nothing.
      const input = searchRecordsInput.parse({ model: 'customer', config_id: b.configId, limit: 50 });
      expect(await queryRecords(ctxA, input)).toMatchObject({ total_matching: 0, records: [] });
      expect(await queryRecords(ctxB, input)).toMatchObject({ total_matching: 5 });
      const seen = await asCaller(ctxA, (tx) =>
        tx.query<{ n: number; users: string[] }>(`select count(*)::int as n, array_agg(distinct user_id::text) as users from public.unified_records`),
      );
      expect(seen.rows[0]).toEqual({ n: 24, users: [a.userId] }); // 12 customers + 12 invoices, all A's
      const role = await asCaller(ctxA, (tx) => tx.query<{ role: string; uid: string }>('select current_user as role, auth.uid()::text as uid'));
      expect(role.rows[0]).toEqual({ role: 'authenticated', uid: a.userId });
    });
  }, 120_000);
});
