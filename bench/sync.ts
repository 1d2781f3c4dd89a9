import { rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startSync } from '../client/sync';
import { upsertConnector } from '../store/connectors';
import { CredentialManager, generateKey, parseKey } from '../store/credentials';
import { configStore } from '../app/activity-deps';
import { adapterCatalogue, discoverAdapters } from '../adapters/core/catalogue';
import type { SyncSummary } from '../contracts/sync';
import { bundleWorkflows } from '../app/workflow-bundle';
import { benchTemporal, buildProject, freshBenchDatabase, spawnReady } from './_bench-env';
import { peerBackfill, rawLimit, type Timed } from './_sync-contenders';
import { rawFetchOnly, rawPipelined, rawWriteOnly } from './_sync-raw';

/**
 * `npm run bench -- sync [--records N] [--connector stripe|mock] [--cpu-prof DIR]`: one Stripe-shaped source on loopback feeds
 * our syncWorkflow, the raw limit (pipelined fetch + bulk upsert, nothing else; bench/_sync-raw.ts) with its parts
 * (fetch only, write only) and the older one-after-the-other loop, and stripe-sync-engine's backfill, into the same
 * Postgres. With --connector mock only ours runs (the 1M-record memory run).
 * BENCH_WORKER_NODE_ARGS adds node flags to our worker (e.g. "--trace-gc"); BENCH_WORKER_LINES saves its output there.
 */
const BASELINE_RECORDS = 100_000;

export async function run(args: string[]): Promise<void> {
  const opt = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const records = Number(opt('records', '20000'));
  const connector = opt('connector', 'stripe');
  const cpuProf = opt('cpu-prof', ''); // a directory: the worker writes V8 CPU profiles there
  if (!Number.isInteger(records) || records < 1) throw new Error(`--records ${opt('records', '')}: give a positive whole number`);
  if (!['stripe', 'mock'].includes(connector)) throw new Error(`--connector ${connector}: use stripe or mock`);

  const database = await freshBenchDatabase('fabric_bench_sync');
  const temporal = await benchTemporal();
  const source = await spawnReady('_sync-stack.ts', ['source', connector, String(records)], process.env);
  const key = generateKey('bench');
  const taskQueue = `bench-sync-${randomUUID()}`;
  // the worker runs as production workers should: from a prebuilt workflow bundle (no webpack in its memory)
  const bundle = await bundleWorkflows(`.tmp/bench-workflow-bundle-${process.pid}.js`);
  // and from compiled JavaScript (`npm run build`, `npm run start:worker`): no TypeScript loader in its memory
  const built = await buildProject(`.tmp/bench-build-${process.pid}`);
  const worker = await spawnReady(
    '_sync-stack.ts',
    ['worker'],
    {
      ...process.env,
      FABRIC_WORKFLOW_BUNDLE: bundle,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      FABRIC_ENCRYPTION_KEY: key,
      BENCH_TASK_QUEUE: taskQueue,
    },
    [...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : []), ...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    built,
  );
  const results: Record<string, Timed & { extra?: string; every5s?: number[] }> = {};
  let warmUpMs: number | undefined;
  try {
    discoverAdapters();
    const def = adapterCatalogue.get(connector);
    const configs = configStore(database.db, new CredentialManager(parseKey(key)));
    await database.db.query(`insert into auth.users (id, email) values ($1, 'bench@example.test')`, [randomUUID()]);
    const user = (await database.db.query<{ id: string }>('select id from auth.users limit 1')).rows[0]!.id;
    await upsertConnector(database.db, { name: def.name, version: def.version, capabilities: [...def.capabilities] });
    const ourSync = async (baseUrl: string, name: string) => {
      const cfg = await configs.createConfig({
        // rateLimit false: the local fake has no limit, and Stripe's test-mode 25/s would measure the pacer, not the engine
        connector,
        userId: user,
        name,
        config: { baseUrl, rateLimit: false },
        secrets: connector === 'stripe' ? { api_key: 'sk_test_123' } : {},
      });
      const started = performance.now();
      const sync = await startSync(temporal.client, taskQueue, cfg.id, { mode: 'full', models: ['customer'] });
      const handle = temporal.client.workflow.getHandle(sync.workflowId);
      // records/s in each 5 s of the run, from the workflow's own progress query (follows continue-as-new)
      const every5s: number[] = [];
      let last = 0;
      const sampler = setInterval(() => {
        void handle
          .query<{ records: number }>('progress')
          .then((p) => {
            every5s.push(Math.round((p.records - last) / 5));
            last = p.records;
          })
          .catch(() => undefined);
      }, 5_000);
      const summary = (await handle.result().finally(() => clearInterval(sampler))) as SyncSummary;
      const seconds = (performance.now() - started) / 1000;
      let historyEvents = 0;
      let runs = 0;
      for await (const wf of temporal.client.workflow.list({ query: `WorkflowId="${sync.workflowId}"` })) {
        historyEvents += wf.historyLength;
        runs++;
      }
      return { records: summary.counts.customer?.records ?? 0, seconds, extra: `${historyEvents} history events over ${runs} run(s)`, every5s };
    };
    // A worker that has run before, as a long-running one has: one system check first loads the workflow bundle into
    // the workflow thread (about a second of one core), so the timed syncs measure syncing, not the worker's start.
    const warmStarted = performance.now();
    await temporal.client.workflow.execute('systemCheckWorkflow', { taskQueue, workflowId: `bench-warm-up-${randomUUID()}` });
    warmUpMs = performance.now() - warmStarted;
    if (connector === 'mock' && records > BASELINE_RECORDS) {
      // the same connector at 100k first, into the same database: the rate 1M must hold (flat cost)
      const small = await spawnReady('_sync-stack.ts', ['source', connector, String(BASELINE_RECORDS)], process.env);
      try {
        results['100k'] = await ourSync(small.value, 'bench-100k');
      } finally {
        small.child.kill('SIGTERM');
      }
    }
    results.ours = await ourSync(source.value, 'bench');
    if (connector === 'stripe') {
      results.raw = await rawPipelined(database.db, source.value);
      const fetched = await rawFetchOnly(source.value);
      results.fetch = { ...fetched, extra: '(part: fetch and parse only)' };
      results.write = { ...(await rawWriteOnly(database.db, fetched.pages)), extra: '(part: bulk upsert only, 2,000 per statement)' };
      results.serial = { ...(await rawLimit(database.db, source.value)), extra: '(fetch then write, page by page: the old raw limit)' };
      results.peer = await peerBackfill(database.url, source.value);
    }
  } finally {
    worker.child.kill('SIGTERM');
    await new Promise((r) => worker.child.once('exit', r));
    source.child.kill('SIGTERM');
    await temporal.stop();
    await database.drop();
    rmSync(built, { recursive: true, force: true });
  }
  if (process.env.BENCH_WORKER_LINES) writeFileSync(process.env.BENCH_WORKER_LINES, worker.lines.join('\n'));
  const peak = worker.lines.find((l) => l.startsWith('PEAK_RSS '));
  const rate = (t: Timed) => t.records / t.seconds;
  console.log(`\nsync benchmark: ${records} ${connector} customers on loopback, one Postgres (${new Date().toISOString()})`);
  console.log(`  warm-up: the worker's first workflow (a system check) took ${Math.round(warmUpMs ?? NaN)} ms, before any timing`);
  for (const [name, t] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(6)} ${String(t.records).padStart(8)} records in ${t.seconds.toFixed(2).padStart(7)} s = ${Math.round(rate(t)).toString().padStart(7)} records/s ${t.extra ?? ''}`,
    );
  }
  if (peak) console.log(`  our worker's peak RSS: ${Math.round(Number(peak.split(' ')[1]) / 2 ** 20)} MiB`);
  const parts = worker.lines.find((l) => l.startsWith('PEAK_PARTS '));
  if (parts) console.log(`    at the peak: ${parts.slice(11)}`);
  const samples = worker.lines.find((l) => l.startsWith('RSS_SAMPLES '))?.slice(12);
  if (samples) console.log(`  worker RSS every 5 s (MiB), from the worker's start: ${samples}`);
  const every5s = results.ours?.every5s;
  if (every5s?.length) console.log(`  ours: records/s in each 5 s of the run: ${every5s.join(',')}`);
  if (results['100k'] && results.ours) {
    const ratio = rate(results.ours) / rate(results['100k']);
    console.log(`  ${records} vs ${BASELINE_RECORDS} records, same connector: per-record rate ratio = ${ratio.toFixed(2)} (flat cost: >= 0.80)`);
  }
  if (results.raw && results.peer && results.ours) {
    console.log(
      `  ours/raw = ${(rate(results.ours) / rate(results.raw)).toFixed(2)}   ours/peer = ${(rate(results.ours) / rate(results.peer)).toFixed(2)}   raw/peer = ${(rate(results.raw) / rate(results.peer)).toFixed(2)}`,
    );
  }
}
