import { randomUUID } from 'node:crypto';
import type { ScheduleDescription } from '@temporalio/client';
import { startMockApi } from '../adapters/mock';
import { adapterCatalogue, discoverAdapters } from '../adapters/core/catalogue';
import { configStore } from '../app/activity-deps';
import { bundleWorkflows } from '../app/workflow-bundle';
import { controlSyncSchedule, createSyncSchedule, everyToMs } from '../client/schedules';
import { syncScheduleId } from '../client/ids';
import { upsertConnector } from '../store/connectors';
import { CredentialManager, generateKey, parseKey } from '../store/credentials';
import { databaseIdentity } from '../store/database-identity';
import { benchTemporal, freshBenchDatabase, spawnReady } from './_bench-env';
import { startProbe, WORKER_APP_NAME } from './_fleet-probe';
import { formatPhases, phasesOf } from './_fleet-phases';
import { collectTicks, p50p99, percentile, summarize } from './_fleet-runs';

/** Runs fn over items, at most `width` at a time (creating a thousand schedules one by one takes minutes). */
async function inParallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * `npm run bench -- fleet [--configs 10] [--every 1m] [--minutes 3] [--records 100] [--mutate-every-ms 1000]`:
 * N mock configs, each on its own Temporal Schedule of incremental syncs (client/schedules.ts, what `fabric schedule
 * create` makes), against one mock API with a trickle of changes, all on one worker process. The configs share the
 * API, its one API key and its records (each config syncs them into its own rows): one vendor account, many
 * connections. Reports schedule-to-start lag, sync durations, failures, worker CPU and RSS, Postgres connections.
 */
export async function run(args: string[]): Promise<void> {
  const opt = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const whole = (name: string, fallback: string) => {
    const n = Number(opt(name, fallback));
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} ${opt(name, fallback)}: give a positive whole number`);
    return n;
  };
  const configs = whole('configs', '10');
  const minutes = Number(opt('minutes', '3'));
  const records = whole('records', '100');
  const mutateEveryMs = whole('mutate-every-ms', '1000');
  const every = opt('every', '1m');
  if (!(minutes > 0)) throw new Error(`--minutes ${opt('minutes', '')}: give a positive number of minutes`);
  const everyMs = everyToMs(every);

  const database = await freshBenchDatabase('fabric_bench_fleet');
  const temporal = await benchTemporal();
  const apiKey = `fleet-${randomUUID()}`;
  const api = await startMockApi({ records, seed: 15, apiKey, mutateEveryMs });
  const key = generateKey('bench');
  const taskQueue = `bench-fleet-${randomUUID()}`;
  const bundle = await bundleWorkflows(`.tmp/bench-workflow-bundle-${process.pid}.js`);
  const profile = process.env.FLEET_CPU_PROF; // a directory: the worker writes V8 CPU profiles there (main and workflow threads)
  const worker = await spawnReady(
    '_sync-stack.ts',
    ['worker'],
    {
      ...process.env,
      FABRIC_WORKFLOW_BUNDLE: bundle,
      DATABASE_URL: `${database.url}?application_name=${WORKER_APP_NAME}`,
      TEMPORAL_ADDRESS: temporal.address,
      FABRIC_ENCRYPTION_KEY: key,
      BENCH_TASK_QUEUE: taskQueue,
    },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  );
  const lines: string[] = [];
  let verdict: string;
  try {
    discoverAdapters();
    const def = adapterCatalogue.get('mock');
    const store = configStore(database.db, new CredentialManager(parseKey(key)));
    const user = randomUUID();
    await database.db.query(`insert into auth.users (id, email) values ($1, 'fleet@example.test')`, [user]);
    await upsertConnector(database.db, { name: def.name, version: def.version, capabilities: [...def.capabilities] });
    const databaseId = await databaseIdentity(database.db);
    const setupStarted = performance.now();
    const configIds = await inParallel(
      Array.from({ length: configs }, (_, i) => i),
      10,
      async (i) =>
        (
          await store.createConfig({
            connector: 'mock',
            userId: user,
            name: `fleet-${i}`,
            config: { baseUrl: api.url, rateLimit: false },
            secrets: { api_key: apiKey },
          })
        ).id,
    );
    await inParallel(configIds, 20, (id) => createSyncSchedule(temporal.client, taskQueue, id, { every, mode: 'incremental', databaseId }));
    const windowStart = Date.now();
    console.error(
      `fleet: ${configs} configs on schedules every ${every} (set up in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s); running ${minutes} min`,
    );
    const probe = startProbe({ db: database.db, database: database.name, workerPid: worker.child.pid!, temporalPid: temporal.pid });
    const windowMs = minutes * 60_000;
    while (Date.now() - windowStart < windowMs) {
      await new Promise((r) => setTimeout(r, Math.min(30_000, windowMs - (Date.now() - windowStart))));
      const running = await temporal.client.workflow.count(`ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`);
      console.error(`  ${((Date.now() - windowStart) / 1000).toFixed(0)} s: ${running.count} workflows running, API requests ${api.stats.requests}`);
    }
    await inParallel(configIds, 20, (id) => controlSyncSchedule(temporal.client, id, 'pause', 'fleet bench over'));
    const windowEnd = Date.now();
    const drainUntil = Date.now() + 180_000; // let the last ticks finish; what is still running then counts as failed
    while (Date.now() < drainUntil && (await temporal.client.workflow.count(`ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`)).count > 0) {
      await new Promise((r) => setTimeout(r, 2000));
    }
    const probed = probe.stop();
    // an overloaded server (a fleet past this machine's limit) times calls out: ask again rather than lose the run
    const describe = async (id: string, attempt = 1): Promise<ScheduleDescription['info']> => {
      try {
        return (await temporal.client.schedule.getHandle(syncScheduleId(id)).describe()).info;
      } catch (err) {
        if (attempt >= 6) throw err;
        await new Promise((r) => setTimeout(r, 1000 * attempt));
        return describe(id, attempt + 1);
      }
    };
    const infos = await inParallel(configIds, 5, (id) => describe(id));
    const skippedOverlap = infos.reduce((a, i) => a + i.numActionsSkippedOverlap, 0);
    const missedCatchup = infos.reduce((a, i) => a + i.numActionsMissedCatchupWindow, 0);
    const ticks = (await collectTicks(temporal.client, taskQueue)).filter((t) => t.scheduledAt >= windowStart && t.scheduledAt <= windowEnd);
    const sum = summarize(ticks);
    const expected = configs * Math.floor(windowMs / everyMs);
    const failures = sum.failed.length + sum.noSync + skippedOverlap + missedCatchup;
    const p99 = percentile(sum.lagSync, 99);
    const cpu = probed.cpuMs;
    lines.push(
      `ticks: ${sum.ticks} run (about ${expected} due in ${minutes} min), ${sum.failed.length} failed or unfinished, ${sum.noSync} started no sync, ` +
        `${skippedOverlap} skipped (overlap), ${missedCatchup} missed the catch-up window`,
      `schedule-to-start lag (tick workflow started): ${p50p99(sum.lagStart)}`,
      `schedule-to-sync lag (its sync child started on our worker): ${p50p99(sum.lagSync)}`,
      `sync duration, first tick (initial load of ${records} customers + ${records} invoices): ${p50p99(sum.durFirst)}`,
      `sync duration, later ticks (the trickle): ${p50p99(sum.durLater)}`,
      `worker CPU ${Math.round(cpu.worker ?? 0)} ms over ${probed.seconds.toFixed(0)} s = ${(((cpu.worker ?? 0) / (probed.seconds * 1000)) * 100).toFixed(1)}% of a core, ` +
        `${sum.ticks ? ((cpu.worker ?? 0) / sum.ticks).toFixed(0) : '-'} ms per tick; Temporal ${Math.round(cpu.temporal ?? 0)} ms, Postgres backends ${Math.round(cpu.postgres ?? 0)} ms`,
      `worker RSS peak ${probed.rssPeakMiB} MiB, last ${probed.rssLastMiB} MiB; every 30 s: ${probed.rssSamplesMiB.join(', ')}`,
      `Postgres connections to the database: worker peak ${probed.workerConnsPeak} (of its pool of 10; peak active ${probed.workerActivePeak}), all peak ${probed.totalConnsPeak}`,
      `mock API: ${api.stats.requests} requests, ${api.stats.mutations} mutations`,
    );
    // where the time goes: the ticks' and their syncs' histories (a sample of at most 300 of each)
    const phases = await phasesOf(temporal.client, [...ticks.map((t) => t.run), ...ticks.flatMap((t) => (t.syncRun ? [t.syncRun] : []))], 600);
    lines.push('phases (from the histories of ticks and their syncs):', ...formatPhases(phases).map((l) => `  ${l}`));
    for (const t of sum.failed.slice(0, 5))
      lines.push(`  failed: ${t.configId} at ${new Date(t.scheduledAt).toISOString()}: tick ${t.status}, sync ${t.syncStatus ?? '-'}`);
    const ok = p99 < 10_000 && failures === 0 && sum.ticks > 0;
    // judged on the lag to the sync's start, not the tick's: a tick the server started but our worker has not run yet
    // has synced nothing, and only the later time includes the worker's own queueing
    verdict =
      `${ok ? 'PASS' : 'FAIL'}: p99 schedule-to-sync lag ${(p99 / 1000).toFixed(2)} s (< 10 s; to the tick's start ` +
      `${(percentile(sum.lagStart, 99) / 1000).toFixed(2)} s), ${failures} failures (0), N=${configs} every ${every}`;
  } finally {
    worker.child.kill('SIGTERM');
    await new Promise((r) => worker.child.once('exit', r));
    await api.stop();
    await temporal.stop();
    await database.drop();
  }
  console.log(`\nfleet benchmark: ${configs} mock configs every ${every} for ${minutes} min, one worker (${new Date().toISOString()})`);
  for (const line of lines) console.log(`  ${line}`);
  console.log(verdict);
}
