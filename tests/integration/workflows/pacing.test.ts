import { startSync } from '../../../client/sync';
import { startMockApi } from '../../../adapters/mock';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { countRecords, createTestConfig, testCredentials } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

const RECORDS = 2_500;

/**
 * Two configs (two users) hold the same API key. The vendor limits the key, not the config: against a source
 * that allows 25 requests/s per key, two concurrent syncs must share one budget (fabric_meta.rate_budgets), or
 * together they would run at twice the limit and learn it from 429s.
 */
describe('pacing: configs that share an API key share its request budget', () => {
  const db = testDb();
  afterAll(() => db.close());

  it("two concurrent syncs on one key stay under the key's limit: no 429, no early retry", async () => {
    const api = await startMockApi({ records: RECORDS, seed: 4, limitRps: 25, apiKey: 'shared-key' });
    const credentials = testCredentials();
    const config = { baseUrl: api.url, rateLimit: { requestsPerSecond: 25 } };
    const a = await createTestConfig(db, { connector: 'mock', config, secrets: { api_key: 'shared-key' }, credentials });
    const b = await createTestConfig(db, { connector: 'mock', config, secrets: { api_key: 'shared-key' }, credentials });
    const { client, connection } = await testClient();
    try {
      await withWorker(a.deps, async ({ taskQueue }) => {
        const syncs = await Promise.all([a, b].map((c) => startSync(client, taskQueue, c.configId, { mode: 'full', models: ['customer'] })));
        const summaries = (await Promise.all(syncs.map((s) => client.workflow.getHandle(s.workflowId).result()))) as SyncSummary[];
        for (const [i, c] of [a, b].entries()) {
          expect(summaries[i]?.counts.customer?.records).toBe(RECORDS);
          expect(await countRecords(db, c.configId, 'customer')).toBe(RECORDS);
        }
        const { requests, overLimit, earlyRetries, firstRequestAt, lastRequestAt } = api.stats;
        expect(requests).toBeGreaterThanOrEqual(50); // 25 pages per sync
        expect(overLimit).toBe(0);
        expect(earlyRetries).toBe(0);
        // Together they stayed at or under the key's rate (two unshared budgets would have gone near 2 × 25/s).
        const seconds = (lastRequestAt! - firstRequestAt!) / 1000;
        expect((requests - 1) / seconds).toBeLessThanOrEqual(25);
      });
    } finally {
      await connection.close();
      await api.stop();
    }
  });
});
