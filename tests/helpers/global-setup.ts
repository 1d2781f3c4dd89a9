import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connectTemporal, ensureSearchAttributes } from '../../client/temporal';
import { createFreshDatabase, type FreshDatabase } from '../../scripts/fresh-database';
import { freePort } from '../../scripts/free-port';
import { ensureTemporalCli } from '../../scripts/temporal-cli';
import { startDevServer, type DevServer } from '../../scripts/temporal-server';
import { bundleWorkflows } from '../../app/workflow-bundle';
import { LOG_DIR, RUN_DIR } from './run-dir';

export { RUN_DIR };
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

declare global {
  var __fabricDevServer: DevServer | undefined;
  var __fabricTestDb: FreshDatabase | undefined;
}

const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);

async function startTemporal(): Promise<string> {
  if (process.env.TEMPORAL_ADDRESS) {
    log(`using the Temporal server at TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS}`);
    return process.env.TEMPORAL_ADDRESS;
  }
  const cliPath = await ensureTemporalCli(log);
  if (!cliPath) {
    // A laptop with internet but neither the CLI nor Go: the SDK downloads the dev server (its ~5 s start wait applies).
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({ server: { extraArgs: ['--dynamic-config-value', 'frontend.enableExecuteMultiOperation=true'] } });
    const address = env.connection.options.address;
    globalThis.__fabricDevServer = { address, process: undefined as never, stop: () => env.teardown() };
    log(`Temporal dev server downloaded by @temporalio/testing, at ${address}`);
    return address;
  }
  const started = Date.now();
  const server = await startDevServer({ cliPath, port: await freePort() });
  globalThis.__fabricDevServer = server;
  log(`Temporal dev server (${cliPath}) ready at ${server.address} in ${Date.now() - started} ms`);
  return server.address;
}

/** Each run gets a fresh database on the local Postgres, migrated once; test files share it and use unique IDs. */
async function freshDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_PG;
  let fresh;
  try {
    fresh = await createFreshDatabase({ adminUrl, prefix: 'fabric_test', poolSize: 2 });
  } catch (err) {
    throw new Error(
      `npm test needs a Postgres server; could not use ${adminUrl} (${(err as Error).message}). ` +
        'Start one or set TEST_DATABASE_URL to an admin connection URL.',
      { cause: err },
    );
  }
  globalThis.__fabricTestDb = fresh; // its idle pool closes after 10 s; teardown drops the database
  log(`fresh database ${fresh.name}, migrated`);
  return fresh.url;
}

export default async function globalSetup(): Promise<void> {
  mkdirSync(RUN_DIR, { recursive: true });
  rmSync(LOG_DIR, { recursive: true, force: true }); // only this run's lines are scanned
  mkdirSync(LOG_DIR, { recursive: true });
  // jest's workers and every process the tests start inherit these: debug lines too, so the scan sees the most
  process.env.FABRIC_LOG_FILE = join(LOG_DIR, '{pid}.ndjson');
  process.env.LOG_LEVEL ??= 'debug';
  // the same prebuilt bundle production workers load (npm run build:workflows, FABRIC_WORKFLOW_BUNDLE)
  const [address, databaseUrl, bundlePath] = await Promise.all([startTemporal(), freshDatabase(), bundleWorkflows(join(RUN_DIR, 'workflow-bundle.js'))]);
  const { connection } = await connectTemporal({ address, namespace: 'default', taskQueue: 'unused' });
  await ensureSearchAttributes(connection, 'default');
  await connection.close();
  process.env.TEMPORAL_ADDRESS = address;
  process.env.DATABASE_URL = databaseUrl;
  process.env.FABRIC_TEST_WORKFLOW_BUNDLE = bundlePath;
}
