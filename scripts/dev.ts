import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { loadEnv } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { connectTemporal, ensureSearchAttributes } from '../client/temporal';
import { devStateFile } from '../cli/dev-state';
import { migrate } from '../store/migrate';
import { createWorker, installRuntime } from '../worker';
import { buildActivityDeps } from '../activities/build-deps';
import { CredentialManager, devKeyText } from '../store/credentials';
import { payloadCodecFromEnv } from '../client/codec';
import { openDevDatabase } from './dev-database';
import { startDevTemporal } from './dev-temporal';
import { startDevExtras } from './dev-extras';
import { devCodecEndpoint, devCodecToken, startDevCodec } from './dev-codec';

const log = (line: string) => console.log(`[dev] ${line}`);

/**
 * `npm run dev`: the whole system on embedded defaults. Temporal dev server with the Web UI (SQLite under .data),
 * migrations, the worker, the HTTP server and a demo connector. Ctrl-C drains the worker first, then stops the rest.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  installRuntime('WARN');

  const payloadKey = env.FABRIC_PAYLOAD_KEY ?? devKeyText(dataDir, 'dev-payload-key', 'FABRIC_PAYLOAD_KEY', log);
  const codecToken = devCodecToken(env, dataDir, log);
  const temporal = await startDevTemporal(env, dataDir, log, devCodecEndpoint(env, codecToken));
  const target = { ...temporalTarget(env), address: temporal.address, payloadKey };
  const { connection: clientConnection, client } = await connectTemporal(target);
  const added = await ensureSearchAttributes(clientConnection, target.namespace);
  if (added.length) log(`registered search attributes: ${added.join(', ')}`);

  const database = await openDevDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: resolve(env.PGLITE_DIR), socketPort: 54329 });
  const report = await migrate(database.db, { log: (l) => log(l) });
  log(`database: ${database.description}; ${report.applied.length} migrations applied, ${report.alreadyApplied.length} already there`);
  writeFileSync(devStateFile(env), JSON.stringify({ pid: process.pid, databaseUrl: database.url, temporal: temporal.address, payloadKey }), { mode: 0o600 });

  const credentials = CredentialManager.fromEnv(env, log);
  const connection = await NativeConnection.connect({ address: target.address, apiKey: target.apiKey });
  const worker = await createWorker({ connection, namespace: target.namespace, taskQueue: target.taskQueue, deps: buildActivityDeps(database.db, env, credentials), payloadCodec: payloadCodecFromEnv(payloadKey) });
  const extras = await startDevExtras({ env, db: database.db, credentials, client, taskQueue: target.taskQueue, log });
  const codecServer = await startDevCodec(env, payloadCodecFromEnv(payloadKey)!, codecToken);

  log(`Temporal frontend  ${temporal.address} (namespace ${target.namespace}, task queue ${target.taskQueue})`);
  if (temporal.uiUrl) log(`Temporal Web UI    ${temporal.uiUrl}`);
  log(`worker             polling ${target.taskQueue}`);
  for (const line of extras.lines) log(line);
  log(`codec server       ${codecServer.url}/codec  (Web UI only; needs Authorization: Bearer <FABRIC_CODEC_TOKEN>)`);
  log('Ctrl-C stops everything: the worker drains first.');

  try {
    await worker.run(); // returns after SIGINT/SIGTERM once in-flight tasks finish (the runtime installs the handlers)
  } finally {
    log('worker drained; stopping the HTTP server, the database and Temporal');
    await extras.stop();
    await codecServer.close();
    await connection.close();
    await clientConnection.close();
    await database.stop();
    rmSync(devStateFile(env), { force: true });
    await temporal.stop();
    log('stopped');
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
