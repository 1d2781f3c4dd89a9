import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SA } from '../contracts/search-attributes';

const { describeDatabase } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

/** The stack's end-to-end check: a workflow on the server runs an activity on a worker that reaches the database. */
export async function systemCheckWorkflow(): Promise<{ database: 'postgres' | 'pglite'; migrations: string[] }> {
  upsertSearchAttributes([{ key: SA.action, value: 'system-check' }]);
  const report = await describeDatabase();
  return { database: report.kind, migrations: report.migrations };
}
