import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { loadEnv } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { connectTemporal } from '../client/temporal';
import { devStateFile } from '../cli/dev-state';
import { describeSteps, runSetup } from '../cli/setup';
import { createWorker, installRuntime } from '../worker';
import { buildActivityDeps } from '../app/activity-deps';
import { CredentialManager, devKeyText } from '../store/credentials';
import { databaseIdentity } from '../store/database-identity';
import { payloadCodecFromEnv } from '../config/payload-codec';
import { configureLogging, logger } from '../telemetry/logger';
import { installOutboundPolicy, metricsPlan } from '../telemetry/process';
import { openDevDatabase } from './dev-database';
import { startDevTemporal } from './dev-temporal';
import { pauseForeignSchedules, startDevExtras } from './dev-extras';
import { devCodecEndpoint, devCodecToken, startDevCodec } from './dev-codec';
import { whenParentGone } from './parent-watch';

const log = (line: string) => console.log(`[dev] ${line}`);

/**
 * `npm run dev`: the whole system on embedded defaults. Temporal dev server with the Web UI (SQLite under .data),
 * `fabric setup` (migrations, search attributes, system schedules), the worker, the HTTP server and a demo connector.
 * Ctrl-C, SIGTERM, SIGHUP (the terminal closed) or the death of the process that started us drain the worker first,
 * then stop the rest; the Temporal server runs under a watchdog, so it stops even when this process is SIGKILLed.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  // the worker's and server's JSON lines go to a file, so this terminal keeps the stack's own lines; warnings show here too
  const logFile = process.env.FABRIC_LOG_FILE ?? join(dataDir, 'logs', 'fabric.ndjson');
  configureLogging({ service: 'dev', level: env.LOG_LEVEL, destination: logFile, echoWarnings: true });
  installOutboundPolicy(env);
  const metricsPlanned = await metricsPlan(env);
  installRuntime('WARN', { prometheusBindAddress: metricsPlanned.sdkBindAddress });

  const payloadKey = env.FABRIC_PAYLOAD_KEY ?? devKeyText(dataDir, 'dev-payload-key', 'FABRIC_PAYLOAD_KEY', log);
  const codecToken = devCodecToken(env, dataDir, log);
  const temporal = await startDevTemporal(env, dataDir, log, devCodecEndpoint(env, codecToken));
  const target = { ...temporalTarget(env), address: temporal.address, payloadKey };
  const { connection: clientConnection, client } = await connectTemporal(target);
  const database = await openDevDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: resolve(env.PGLITE_DIR), socketPort: env.PGLITE_PORT });
  const stopEarly = async () => {
    await clientConnection.close();
    await database.stop();
    await temporal.stop();
  };

  const steps = await runSetup(
    { db: async () => database.db, connection: clientConnection, client, namespace: target.namespace, taskQueue: target.taskQueue, address: target.address },
    { apply: true, log },
  );
  log(`setup (${database.description}):\n${describeSteps(steps)}`);
  if (steps.some((s) => !s.ok)) {
    await stopEarly();
    throw new Error('setup failed; fix the steps marked FAIL above and run npm run dev again');
  }
  const databaseId = await databaseIdentity(database.db);
  if (!process.env.TEMPORAL_ADDRESS) {
    for (const line of await pauseForeignSchedules(client, databaseId)) log(line); // our own server's SQLite file
  }
  writeFileSync(devStateFile(env), JSON.stringify({ pid: process.pid, databaseUrl: database.url, temporal: temporal.address, payloadKey }), { mode: 0o600 });

  const credentials = CredentialManager.fromEnv(env, log);
  const connection = await NativeConnection.connect({ address: target.address, apiKey: target.apiKey });
  const worker = await createWorker({
    connection,
    namespace: target.namespace,
    taskQueue: target.taskQueue,
    deps: buildActivityDeps(database.db, env, credentials),
    payloadCodec: payloadCodecFromEnv(payloadKey),
  });
  const extras = await startDevExtras({ env, db: database.db, databaseId, credentials, client, taskQueue: target.taskQueue, log });
  const metricsServer = await metricsPlanned.start();
  const codecServer = await startDevCodec(env, payloadCodecFromEnv(payloadKey)!, codecToken);

  log(`Temporal frontend  ${temporal.address} (namespace ${target.namespace}, task queue ${target.taskQueue})`);
  if (temporal.uiUrl) log(`Temporal Web UI    ${temporal.uiUrl}`);
  log(`worker             polling ${target.taskQueue}`);
  for (const line of extras.lines) log(line);
  log(`codec server       ${codecServer.url}/codec  (Web UI only; needs Authorization: Bearer <FABRIC_CODEC_TOKEN>)`);
  if (metricsServer) log(`metrics            ${metricsServer.url}/metrics`);
  log(`logs               ${logFile} (JSON lines; LOG_LEVEL=debug for more)`);
  log('Ctrl-C stops everything: the worker drains first.');
  logger.info({ taskQueue: target.taskQueue, temporal: temporal.address }, 'dev stack started');

  whenParentGone(() => {
    log('the process that started the dev stack is gone; stopping');
    worker.shutdown();
  });
  try {
    await worker.run(); // returns after SIGINT/SIGTERM/SIGHUP once in-flight tasks finish (installRuntime's signals)
  } finally {
    setTimeout(() => process.exit(1), 30_000).unref(); // a stuck close must not leave the stack half alive
    log('worker drained; stopping the HTTP server, the database and Temporal');
    await extras.stop();
    await codecServer.close();
    await metricsServer?.close();
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
