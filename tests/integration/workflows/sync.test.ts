import { startSync, getSyncStatus } from '../../../client/sync';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { countRecords, createTestConfig } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

describe('syncWorkflow with the mock connector (real Temporal, real Postgres)', () => {
  const db = testDb();
  let api: MockApi;
  beforeAll(async () => {
    api = await startMockApi({ records: 1234, seed: 7 });
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it('full sync lands exactly the source records, detects deletes, and an incremental sync picks up changes', async () => {
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    // A record the source does not have: a full sync must mark it deleted.
    await db.query(
      `insert into public.unified_records (config_id, user_id, model, source_system, source_id, schema_version, data)
       select id, user_id, 'customer', 'mock', 'cus_gone', '2.0.0', '{}'::jsonb from public.connector_configs where id = $1`,
      [configId],
    );
    const { client, connection } = await testClient();
    try {
      await withWorker(deps, async ({ taskQueue }) => {
        const started = await startSync(client, taskQueue, configId, { mode: 'full' });
        expect(started.workflowId).toBe(`sync:${configId}`);
        const again = await startSync(client, taskQueue, configId, { mode: 'full' });
        expect(again.runId).toBe(started.runId); // one sync per config: the second start hands back the first

        const full = (await client.workflow.getHandle(started.workflowId).result()) as SyncSummary;
        expect(full.status).toBe('completed');
        expect(full.counts.customer?.records).toBe(1234);
        expect(full.counts.invoice?.records).toBe(1234);
        expect(full.counts.customer?.deleted).toBe(1);
        expect(await countRecords(db, configId, 'customer', 'not deleted')).toBe(1234);
        expect(await countRecords(db, configId, 'invoice', 'not deleted')).toBe(1234);
        expect(await countRecords(db, configId, 'customer', `source_id = 'cus_gone' and deleted`)).toBe(1);

        const changed = [api.mutate('customers', 5), api.mutate('customers', 900)];
        const inc = await startSync(client, taskQueue, configId, { mode: 'incremental', models: ['customer'] });
        const summary = (await client.workflow.getHandle(inc.workflowId).result()) as SyncSummary;
        expect(summary.mode).toBe('incremental');
        // Only the changed records (plus those sharing the watermark's timestamp) come back, not all 1234.
        expect(summary.counts.customer?.records).toBeGreaterThanOrEqual(2);
        expect(summary.counts.customer?.records).toBeLessThan(20);
        for (const rec of changed) {
          const row = await db.query<{ v: string }>(
            `select source_version::text as v from public.unified_records where config_id = $1 and model = 'customer' and source_id = $2`,
            [configId, rec.id],
          );
          expect(Number(row.rows[0]?.v)).toBe(rec.version);
        }
        const status = await getSyncStatus(client, configId);
        expect(status.status).toBe('COMPLETED');
        expect(status.summary?.syncRunId).toBe(summary.syncRunId);

        const runs = await db.query<{ status: string }>(`select status from public.sync_runs where config_id = $1`, [configId]);
        expect(runs.rows.map((r) => r.status)).toEqual(['completed', 'completed']);
      });
    } finally {
      await connection.close();
    }
  });

  it('continues-as-new on long syncs and still lands every record once', async () => {
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const { client, connection } = await testClient();
    try {
      await withWorker(deps, async ({ taskQueue }) => {
        // One batch per chunk and two chunks per run: 1234 records in pages of 100 need several runs.
        const started = await startSync(client, taskQueue, configId, {
          mode: 'full',
          models: ['customer'],
          tuning: { chunkBudgetMs: 1, chunksPerRun: 2 },
        });
        const summary = (await client.workflow.getHandle(started.workflowId).result()) as SyncSummary;
        expect(summary.counts.customer?.records).toBe(1234);
        expect(await countRecords(db, configId, 'customer')).toBe(1234);
        let runs = 0;
        for await (const wf of client.workflow.list({ query: `WorkflowId="${started.workflowId}"` })) {
          runs++;
          expect(wf.searchAttributes.ConfigId).toEqual([configId]);
        }
        expect(runs).toBeGreaterThan(2);
      });
    } finally {
      await connection.close();
    }
  });

  it('cancelling leaves a consistent checkpoint: the stored cursor covers exactly the stored records', async () => {
    const slow = await startMockApi({ records: 20_000, seed: 8, latencyMs: 30 });
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: slow.url } });
    const { client, connection } = await testClient();
    try {
      await withWorker(deps, async ({ taskQueue }) => {
        const started = await startSync(client, taskQueue, configId, { mode: 'full', models: ['customer'] });
        while ((await countRecords(db, configId, 'customer')) < 1000) await new Promise((r) => setTimeout(r, 50));
        const handle = client.workflow.getHandle(started.workflowId);
        await handle.cancel();
        await expect(handle.result()).rejects.toThrow();
        const run = await db.query<{ status: string }>(`select status from public.sync_runs where config_id = $1`, [configId]);
        expect(run.rows[0]?.status).toBe('cancelled');
        const state = await db.query<{ cursor: string }>(`select cursor from public.sync_state where config_id = $1 and model = 'customer'`, [configId]);
        const checkpoint = JSON.parse(state.rows[0]!.cursor) as { cursor: string | null; done: boolean; counts: { records: number } };
        const stored = await countRecords(db, configId, 'customer');
        expect(checkpoint.done).toBe(false);
        expect(checkpoint.cursor).not.toBeNull();
        expect(stored).toBeLessThan(20_000);
        expect(checkpoint.counts.records).toBe(stored); // no record beyond the checkpoint, none missing before it
      });
    } finally {
      await connection.close();
      await slow.stop();
    }
  });
});
