import { startSync } from '../../../client/sync';
import { startMockApi } from '../../../adapters/mock';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { countRecords, createTestConfig } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

const RECORDS = 20_000;

/**
 * Hostile sources: a share of requests answered 429 (Retry-After 1 s, honoured) and 503. Pages of 1,000 keep
 * the honoured waits inside the test's time; the clean-run comparison is `npm run bench -- ratelimit`.
 */
describe('syncs under 429/503 storms land every record exactly once (real Temporal, real Postgres)', () => {
  const db = testDb();
  afterAll(() => db.close());

  it.each([
    [0.3, 0.1],
    [0.5, 0.1],
  ])(
    'rate-limit rate %s, error rate %s: exactly 20k records',
    async (rateLimitRate, errorRate) => {
      const api = await startMockApi({ records: RECORDS, seed: 21, rateLimitRate, errorRate });
      const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
      const { client, connection } = await testClient();
      try {
        await withWorker(deps, async ({ taskQueue }) => {
          const started = await startSync(client, taskQueue, configId, { mode: 'full', models: ['customer'], pageSize: 1000 });
          const summary = (await client.workflow.getHandle(started.workflowId).result()) as SyncSummary;
          expect(summary.status).toBe('completed');
          expect(summary.counts.customer?.records).toBe(RECORDS);
          expect(await countRecords(db, configId, 'customer')).toBe(RECORDS);
          const distinct = await db.query<{ n: number }>(
            `select count(distinct source_id)::int as n from public.unified_records where config_id = $1 and model = 'customer'`,
            [configId],
          );
          expect(distinct.rows[0]?.n).toBe(RECORDS);
          expect(api.stats.rateLimited).toBeGreaterThan(0); // the storm really blew
          expect(api.stats.failed).toBeGreaterThan(0);
          expect(api.stats.earlyRetries).toBe(0); // every Retry-After was waited out
        });
      } finally {
        await connection.close();
        await api.stop();
      }
    },
    180_000,
  );
});
