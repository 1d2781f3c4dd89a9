import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import { configStore, buildActivityDeps } from '../app/activity-deps';
import { adapterCatalogue, discoverAdapters } from '../adapters/core/catalogue';
import { startMockApi, type MockApiOptions } from '../adapters/mock';
import { startSync } from '../client/sync';
import { loadEnv } from '../config/env';
import { upsertConnector } from '../store/connectors';
import { CredentialManager, generateKey, parseKey } from '../store/credentials';
import type { SyncSummary } from '../contracts/sync';
import { createWorker, installRuntime } from '../worker';
import { benchTemporal, freshBenchDatabase } from './_bench-env';

/**
 * `npm run bench -- ratelimit [--records 10000] [--storm-records 20000] [--page-size 100]`:
 *   pacing: a sync against `--limit-rps 25` with the config's limit set to 25/s: achieved/allowed, 429s, early retries;
 *   storms: the same sync clean, then under 429/503 storms (Retry-After 1 s, honoured): time against the clean run.
 */
export async function run(args: string[]): Promise<void> {
  const opt = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    const n = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} ${args[i + 1]}: give a positive whole number`);
    return n;
  };
  const records = opt('records', 10_000);
  const stormRecords = opt('storm-records', 20_000);
  const pageSize = opt('page-size', 100);
  const database = await freshBenchDatabase('fabric_bench_ratelimit');
  const temporal = await benchTemporal();
  const key = generateKey('bench');
  const taskQueue = `bench-ratelimit-${randomUUID()}`;
  installRuntime('ERROR');
  const env = loadEnv({ ...process.env, DATABASE_URL: database.url, FABRIC_ENCRYPTION_KEY: key });
  const connection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createWorker({ connection, namespace: 'default', taskQueue, deps: buildActivityDeps(database.db, env) });
  const running = worker.run();
  discoverAdapters();
  const def = adapterCatalogue.get('mock');
  const configs = configStore(database.db, new CredentialManager(parseKey(key)));
  const user = randomUUID();
  await database.db.query(`insert into auth.users (id, email) values ($1, 'bench@example.test')`, [user]);
  await upsertConnector(database.db, { name: def.name, version: def.version, capabilities: [...def.capabilities] });

  async function syncAgainst(api: MockApiOptions, n: number, config: Record<string, unknown> = {}, size = pageSize) {
    const source = await startMockApi({ ...api, records: n, seed: 12, apiKey: 'bench-key' });
    const cfg = await configs.createConfig({
      connector: 'mock',
      userId: user,
      name: `bench-${randomUUID()}`,
      config: { baseUrl: source.url, ...config },
      secrets: { api_key: 'bench-key' },
    });
    const started = performance.now();
    const sync = await startSync(temporal.client, taskQueue, cfg.id, { mode: 'full', models: ['customer'], pageSize: size });
    const summary = (await temporal.client.workflow.getHandle(sync.workflowId).result()) as SyncSummary;
    const seconds = (performance.now() - started) / 1000;
    await source.stop();
    return { seconds, records: summary.counts.customer?.records ?? 0, stats: source.stats };
  }

  const lines: string[] = [];
  try {
    const paced = await syncAgainst({ records, limitRps: 25 }, records, { rateLimit: { requestsPerSecond: 25 } });
    const s = paced.stats;
    const achieved = (s.requests - 1) / ((s.lastRequestAt! - s.firstRequestAt!) / 1000);
    lines.push(
      `pacing: ${paced.records} records, ${s.requests} requests against --limit-rps 25 in ${paced.seconds.toFixed(1)} s`,
      `  achieved ${achieved.toFixed(2)} requests/s of 25 allowed = ${((achieved / 25) * 100).toFixed(1)}%   ` +
        `429s: ${s.rateLimited} (${((s.rateLimited / s.requests) * 100).toFixed(2)}%)   early retries: ${s.earlyRetries}`,
    );
    for (const size of [...new Set([pageSize, 1000])]) {
      const clean = await syncAgainst({ records: stormRecords }, stormRecords, {}, size);
      lines.push(`storms, ${stormRecords} records in pages of ${size}: clean ${clean.seconds.toFixed(2)} s`);
      for (const [rateLimitRate, errorRate] of [
        [0.3, 0.1],
        [0.5, 0.1],
      ] as const) {
        const storm = await syncAgainst({ records: stormRecords, rateLimitRate, errorRate }, stormRecords, {}, size);
        const st = storm.stats;
        lines.push(
          `  --rate-limit-rate ${rateLimitRate} --error-rate ${errorRate}: ${storm.records} records in ${storm.seconds.toFixed(2)} s = ` +
            `${(storm.seconds / clean.seconds).toFixed(2)}x clean; ${st.requests} requests, ${st.rateLimited} answered 429 ` +
            `(${st.rateLimited} s of Retry-After honoured, serially), ${st.failed} answered 503, early retries ${st.earlyRetries}`,
          // one cursor and an account-wide Retry-After: no client can finish sooner than the clean run plus the waits
          `    floor (clean + Retry-After waits) ${(clean.seconds + st.rateLimited).toFixed(2)} s; ours/floor ` +
            `${(storm.seconds / (clean.seconds + st.rateLimited)).toFixed(2)}x`,
        );
      }
    }
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await temporal.stop();
    await database.drop();
  }
  console.log(`\nratelimit benchmark (${new Date().toISOString()})`);
  for (const line of lines) console.log(`  ${line}`);
}
