import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../store/db';
import { CredentialManager, generateKey, parseKey } from '../store/credentials';
import { ConfigStore } from '../store/config-store';
import { WebhookEndpointStore } from '../store/webhook-endpoint-store';
import { benchTemporal, buildProject, freshBenchDatabase, spawnReady } from './_bench-env';
import { StripeEventFactory } from './_webhooks-events';
import { drive, type StepResult } from './_webhooks-load';
import { drainCapacity, type BenchStores } from './_webhooks-drain';
import { cpuBetween, formatPerEvent, sampleCpu } from './_cpu';

const ACK_P99_MS = 50;
/** The configs' Stripe key: the worker builds each config's adapter to map events (the API is never called). */
const STRIPE_KEY = { api_key: 'sk_test_123' };
const LAG_P99_MS = 5000;

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

function spawnPart(role: string, env: NodeJS.ProcessEnv, built: string, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  return spawnReady('_webhooks-stack.ts', [role], { ...process.env, ...env }, nodeArgs, built).then(({ child, value }) => ({ child, url: value }));
}

/** Waits until every acknowledged event of the step's config is applied; returns the p99 ack→applied lag. */
async function endToEnd(db: Db, configId: string, acked: number, seconds: number): Promise<{ stored: number; applied: number; lagP99: number }> {
  const deadline = Date.now() + seconds * 1000 + 60_000;
  for (;;) {
    const r = await db.query<{ stored: number; applied: number; lag: number | null }>(
      `select count(*)::int as stored, count(*) filter (where status = 'applied')::int as applied,
              (percentile_cont(0.99) within group (order by extract(epoch from processed_at - received_at)) * 1000)::float8 as lag
         from public.webhook_events where config_id = $1`,
      [configId],
    );
    const row = r.rows[0]!;
    if ((row.applied >= acked && row.stored === row.applied) || Date.now() > deadline)
      return { stored: row.stored, applied: row.applied, lagP99: row.lag ?? 0 };
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** 3 s at a low rate against both, so neither side is measured while its JIT and pools are cold. */
async function warmUp(stores: BenchStores, ours: string, peer: string, peerSecret: string, connections: number): Promise<void> {
  const config = await stores.configs.createConfig({ connector: 'stripe', userId: randomUUID(), name: `bench-warmup-${randomUUID()}`, secrets: STRIPE_KEY });
  const secret = `whsec_${randomBytes(18).toString('base64url')}`;
  const hook = await stores.webhooks.create({ configId: config.id, secret, endpointPath: randomBytes(12).toString('base64url') });
  await drive({ url: `${ours}/webhooks/stripe/${hook.endpointPath}`, rate: 300, seconds: 3, connections, events: new StripeEventFactory(secret, 'wo') });
  await drive({ url: `${peer}/`, rate: 300, seconds: 3, connections, events: new StripeEventFactory(peerSecret, 'wp') });
}

const fmt = (s: StepResult, extra = '') =>
  `${String(s.target).padStart(6)}/s  achieved ${String(s.achieved).padStart(6)}/s  ack p50 ${String(s.p50).padStart(4)} ms  p99 ${String(s.p99).padStart(5)} ms  non-2xx/errors ${s.bad}${extra}`;

export async function run(args: string[]): Promise<void> {
  const seconds = Number(arg(args, 'duration', '10'));
  const rates = arg(args, 'rates', '1000,2000,3000,4000,5000,6000,7000,8000').split(',').map(Number);
  const connections = Number(arg(args, 'connections', '32'));
  const database = await freshBenchDatabase('fabric_bench_webhooks');
  const temporal = await benchTemporal();
  const key = generateKey();
  const db = database.db;
  const cm = new CredentialManager(parseKey(key));
  const stores: BenchStores = { configs: new ConfigStore(db, { credentials: cm }), webhooks: new WebhookEndpointStore(db, cm) };
  const peerSecret = `whsec_${randomBytes(18).toString('base64url')}`;
  const env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    FABRIC_ENCRYPTION_KEY: key,
    BENCH_TASK_QUEUE: `bench-${randomUUID()}`,
    PEER_SECRET: peerSecret,
  };
  // --cpu-prof DIR: the server and worker write V8 CPU profiles there when they exit (open them in Chrome DevTools)
  const profDir = arg(args, 'cpu-prof', '');
  const prof = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  // every part runs compiled JavaScript, as production does (`npm run build`): no TypeScript loader in any of them
  const built = await buildProject(`.tmp/bench-build-${process.pid}`);
  const parts = await Promise.all([spawnPart('worker', env, built, prof), spawnPart('server', env, built, prof), spawnPart('peer', env, built)]);
  const [worker, ours, peer] = parts;
  const oursParts = { server: ours!.child.pid, worker: worker!.child.pid, temporal: temporal.pid };
  const cpu =
    <T>(pids: Record<string, number | undefined>, f: () => Promise<T>) =>
    async (): Promise<{ value: T; used: Record<string, number> }> => {
      const before = sampleCpu({ ...pids, bench: process.pid }, database.name);
      const value = await f();
      return { value, used: cpuBetween(before, sampleCpu({ ...pids, bench: process.pid }, database.name)) };
    };
  console.log(
    `webhooks benchmark: ${seconds} s per rate, ${connections} connections, loopback; Postgres ${database.url.replace(/\/\/[^@]*@/, '//')}; Temporal ${temporal.address}`,
  );
  const best = { ours: 0, oursAck: 0, peer: 0, oursMax: 0, peerMax: 0 };
  try {
    await warmUp(stores, ours!.url, peer!.url, peerSecret, connections);
    console.log('\n== ours: Fastify, durable group-commit insert with dedup, then per-config batch workflows ==');
    for (const rate of rates) {
      const config = await stores.configs.createConfig({
        connector: 'stripe',
        userId: randomUUID(),
        name: `bench-${rate}-${randomUUID()}`,
        secrets: STRIPE_KEY,
      });
      const secret = `whsec_${randomBytes(18).toString('base64url')}`;
      const hook = await stores.webhooks.create({ configId: config.id, secret, endpointPath: randomBytes(12).toString('base64url') });
      const measured = await cpu(oursParts, async () => {
        const s = await drive({
          url: `${ours!.url}/webhooks/stripe/${hook.endpointPath}`,
          rate,
          seconds,
          connections,
          events: new StripeEventFactory(secret, `o${rate}`),
        });
        return { s, e2e: await endToEnd(db, config.id, s.ok2xx, seconds) };
      })();
      const { s, e2e } = measured.value;
      const lost = Math.max(0, s.ok2xx - e2e.applied); // requests still in flight at the end are stored too
      const ackOk = s.p99 <= ACK_P99_MS && s.bad === 0 && s.achieved >= rate * 0.95;
      const allOk = ackOk && lost === 0 && e2e.lagP99 <= LAG_P99_MS;
      console.log(fmt(s, `  stored ${e2e.stored} applied ${e2e.applied} lost ${lost}  e2e lag p99 ${Math.round(e2e.lagP99)} ms  ${allOk ? 'PASS' : 'FAIL'}`));
      console.log(`        ${formatPerEvent(measured.used, e2e.applied)} (bench = load generator and its end-to-end polling)`);
      if (ackOk && lost === 0) best.oursAck = Math.max(best.oursAck, s.achieved);
      if (allOk) best.ours = Math.max(best.ours, s.achieved);
      best.oursMax = Math.max(best.oursMax, s.achieved);
      if (s.achieved < rate * 0.9 || lost > 0) break; // saturated: higher rates only queue
    }
    const drainCount = Number(arg(args, 'drain', '50000'));
    if (drainCount > 0) {
      const d = await drainCapacity(db, stores, drainCount);
      console.log(
        `processing capacity through Temporal (${d.count} stored events, first to last applied): ${d.applied} applied in ${d.seconds.toFixed(2)} s = ${d.rate} events/s`,
      );
    }
    console.log('\n== peer: @supabase/stripe-sync-engine processWebhook behind node:http (verify, upsert, then answer) ==');
    for (const rate of rates) {
      const measured = await cpu({ peer: peer!.child.pid }, () =>
        drive({ url: `${peer!.url}/`, rate, seconds, connections, events: new StripeEventFactory(peerSecret, `p${rate}`) }),
      )();
      const s = measured.value;
      const ok = s.p99 <= ACK_P99_MS && s.bad === 0 && s.achieved >= rate * 0.95;
      console.log(fmt(s, `  ${ok ? 'PASS' : 'FAIL'}`));
      console.log(`        ${formatPerEvent(measured.used, s.ok2xx)}`);
      if (ok) best.peer = Math.max(best.peer, s.achieved);
      best.peerMax = Math.max(best.peerMax, s.achieved);
      if (s.achieved < rate * 0.9 || s.bad > 0) break;
    }
    const stats = (await (await fetch(`${peer!.url}/stats`)).json()) as { apiCalls: number; failures: number };
    console.log(`peer Stripe API calls during the run: ${stats.apiCalls} (must be 0), processWebhook failures: ${stats.failures}`);
    console.log(`\nhighest sustained rate, p99 ack <= ${ACK_P99_MS} ms and zero loss: ours ${best.oursAck}/s, peer ${best.peer}/s`);
    console.log(`highest rate achieved at any latency (zero loss): ours ${best.oursMax}/s, peer ${best.peerMax}/s`);
    console.log(`highest sustained end to end (also p99 ack->applied <= ${LAG_P99_MS} ms): ours ${best.ours}/s`);
  } finally {
    for (const p of parts) p.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await temporal.stop();
    await database.drop();
    rmSync(built, { recursive: true, force: true });
  }
}
