import { createServer } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { webhookEndpointResolver, startHttpServer } from '../server';
import { CredentialManager, parseKey } from '../store/credentials';
import { postgresDb } from '../store/db';
import { ConfigStore } from '../store/config-store';
import { WebhookEndpointStore } from '../store/webhook-endpoint-store';
import { createWorker, installRuntime } from '../worker';

/**
 * One part of the benchmark stack, run as its own process so the load generator, the server, the worker and the
 * peer do not share one event loop: `tsx bench/_webhooks-stack.ts server|worker|peer`. Prints `READY <url>`.
 */
const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is unset (bench/webhooks.ts sets it)`);
  return v;
};

async function server(): Promise<void> {
  const db = postgresDb(env('DATABASE_URL'), 12);
  const credentials = new CredentialManager(parseKey(env('FABRIC_ENCRYPTION_KEY')));
  const stores = { webhooks: new WebhookEndpointStore(db, credentials), configs: new ConfigStore(db, { credentials }) };
  // TEMPORAL_ADDRESS=none measures the ack path alone (events stay stored, nothing processes them)
  const address = env('TEMPORAL_ADDRESS');
  const connection = address === 'none' ? undefined : await Connection.connect({ address });
  const temporal = connection ? { client: new Client({ connection }), taskQueue: env('BENCH_TASK_QUEUE') } : undefined;
  const running = await startHttpServer(
    { db, endpoints: webhookEndpointResolver(stores), temporal },
    { host: '127.0.0.1', port: 0, kickBusyIntervalMs: process.env.BENCH_KICK_BUSY_MS ? Number(process.env.BENCH_KICK_BUSY_MS) : undefined },
  );
  console.log(`READY ${running.url}`);
  process.once(
    'SIGTERM',
    () =>
      void running
        .close()
        .then(() => db.close())
        .then(() => process.exit(0)),
  );
}

async function worker(): Promise<void> {
  installRuntime('ERROR');
  const db = postgresDb(env('DATABASE_URL'), 8);
  const configs = new ConfigStore(db, { credentials: new CredentialManager(parseKey(env('FABRIC_ENCRYPTION_KEY'))) });
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const w = await createWorker({ connection, namespace: 'default', taskQueue: env('BENCH_TASK_QUEUE'), deps: { db, configs } });
  console.log('READY worker');
  await w.run();
  await db.close();
  process.exit(0);
}

/** The peer: stripe-sync-engine's processWebhook behind plain node:http; its Stripe API client can reach only a counter. */
async function peer(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- its ESM build is broken (__dirname); use the CJS one
  const { StripeSync, runMigrations } = require('@supabase/stripe-sync-engine') as typeof import('@supabase/stripe-sync-engine');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Stripe = require('stripe') as typeof import('stripe');
  const databaseUrl = env('DATABASE_URL');
  await runMigrations({ databaseUrl, schema: 'stripe' });
  let apiCalls = 0;
  const fakeApi = createServer((req, res) => {
    apiCalls++;
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"the benchmark forbids API calls"}}');
  });
  await new Promise<void>((r) => fakeApi.listen(0, '127.0.0.1', r));
  const apiPort = (fakeApi.address() as { port: number }).port;
  const sync = new StripeSync({
    databaseUrl,
    stripeSecretKey: 'sk_test_123',
    stripeWebhookSecret: env('PEER_SECRET'),
    stripeApiVersion: '2024-04-10',
    schema: 'stripe',
  } as ConstructorParameters<typeof StripeSync>[0]);
  (sync as unknown as { stripe: unknown }).stripe = new Stripe('sk_test_123', { host: '127.0.0.1', port: apiPort, protocol: 'http', maxNetworkRetries: 0 });
  let failures = 0;
  const http = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') return void res.end(JSON.stringify({ apiCalls, failures }));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      sync.processWebhook(Buffer.concat(chunks), String(req.headers['stripe-signature'] ?? '')).then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}'),
        (err: Error) => {
          failures++;
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err.message }));
        },
      );
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  console.log(`READY http://127.0.0.1:${(http.address() as { port: number }).port}`);
  process.once('SIGTERM', () => process.exit(0));
}

const role = process.argv[2];
const roles: Record<string, () => Promise<void>> = { server, worker, peer };
if (!role || !roles[role]) throw new Error('usage: tsx bench/_webhooks-stack.ts server|worker|peer');
roles[role]!().catch((err) => {
  console.error(err);
  process.exit(1);
});
