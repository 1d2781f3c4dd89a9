import { randomUUID } from 'node:crypto';
import { systemCheckWorkflow } from '../../../workflows';
import { testDb } from '../../helpers/db';
import { testClient, withWorker } from '../../helpers/temporal';

describe('the stack end to end', () => {
  const db = testDb();
  afterAll(() => db.close());

  it('runs a workflow on the real Temporal dev server whose activity reads the real Postgres', async () => {
    const { client, connection } = await testClient();
    try {
      const result = await withWorker({ db }, async ({ taskQueue }) => {
        const handle = await client.workflow.start(systemCheckWorkflow, { taskQueue, workflowId: `system-check:${randomUUID()}` });
        const out = await handle.result();
        const history = await handle.fetchHistory();
        const kinds = (history.events ?? []).map((e) => e.eventType);
        return { out, activityRan: kinds.some((k) => String(k).includes('ACTIVITY_TASK_COMPLETED') || k === 12) };
      });
      expect(result.out.database).toBe('postgres');
      expect(result.out.migrations.length).toBeGreaterThan(0);
      expect(result.activityRan).toBe(true);
      process.stderr.write(`[system-check] workflow ran on ${process.env.TEMPORAL_ADDRESS}: ${JSON.stringify(result.out)}\n`);
    } finally {
      await connection.close();
    }
  });
});
