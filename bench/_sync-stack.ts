import '../config/heap-growth'; // first, as in worker.ts
import { NativeConnection } from '@temporalio/worker';
import { startMockApi, startStripeFake } from '../adapters/mock';
import { buildActivityDeps } from '../app/activity-deps';
import { workflowBundleOption } from '../app/workflow-bundle';
import { loadEnv } from '../config/env';
import { postgresDb } from '../store/db';
import { createWorker, installRuntime } from '../worker';

/**
 * A part of the sync benchmark in its own process, so the source API, our worker and the contenders measured in
 * bench/sync.ts do not share an event loop: `tsx bench/_sync-stack.ts source <stripe|mock> <records>` or `worker`.
 */
async function source(kind: string, records: number): Promise<void> {
  const api = kind === 'mock' ? await startMockApi({ records, seed: 5 }) : await startStripeFake({ customers: records });
  console.log(`READY ${api.url}`);
  process.once('SIGTERM', () => void api.stop().then(() => process.exit(0)));
}

/** Our worker; on SIGTERM it drains and prints the peak RSS it sampled every 100 ms. */
async function worker(): Promise<void> {
  const env = loadEnv();
  installRuntime('ERROR');
  let peak = process.memoryUsage();
  const sinceStart = () => (performance.now() / 1000).toFixed(1); // performance.now() counts from the process's start
  let peakAt = '0';
  const samples: number[] = []; // every 5 s, to show whether memory grows with the records synced
  let ticks = 0;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) [peak, peakAt] = [now, sinceStart()];
    if (++ticks % 50 === 0) samples.push(Math.round(now.rss / 2 ** 20));
  }, 100);
  const db = postgresDb(env.DATABASE_URL!, 10);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const w = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: process.env.BENCH_TASK_QUEUE!,
    deps: buildActivityDeps(db, env),
    workflowBundle: workflowBundleOption(env.FABRIC_WORKFLOW_BUNDLE),
  });
  const readyAt = sinceStart();
  console.log('READY worker');
  await w.run(); // the runtime's SIGTERM handler makes it drain and return
  clearInterval(sampler);
  console.log(`PEAK_RSS ${peak.rss}`);
  const mib = (n: number) => `${Math.round(n / 2 ** 20)}`;
  // what the peak was made of: the JS heap, memory outside it that JS holds (buffers), and the rest (native: the
  // Temporal core, V8's code and the workflow context, the allocator's own)
  const rest = peak.rss - peak.heapTotal - peak.external;
  console.log(
    `PEAK_PARTS heap used ${mib(peak.heapUsed)} of ${mib(peak.heapTotal)}, external ${mib(peak.external)} (buffers ${mib(peak.arrayBuffers)}), native and code ${mib(rest)} MiB; ${peakAt} s after the process began, ready at ${readyAt} s`,
  );
  console.log(`RSS_SAMPLES ${samples.join(',')}`);
  await db.close();
  process.exit(0);
}

const [role, kind, records] = process.argv.slice(2);
(role === 'source' ? source(kind ?? 'stripe', Number(records ?? 10_000)) : worker()).catch((err) => {
  console.error(err);
  process.exit(1);
});
