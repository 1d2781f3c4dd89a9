// A worker in its own process, so a test can SIGKILL it mid-sync. Reads TEMPORAL_ADDRESS, DATABASE_URL,
// FABRIC_ENCRYPTION_KEY, TASK_QUEUE and FABRIC_TEST_WORKFLOW_BUNDLE from the environment.
import { NativeConnection } from '@temporalio/worker';
import { buildActivityDeps } from '../../app/activity-deps';
import { loadEnv } from '../../config/env';
import { postgresDb } from '../../store/db';
import { configureLogging } from '../../telemetry/logger';
import { createWorker, installRuntime } from '../../worker';

async function main(): Promise<void> {
  const env = loadEnv();
  configureLogging({ service: 'test-worker-process', level: env.LOG_LEVEL });
  installRuntime('ERROR');
  const db = postgresDb(env.DATABASE_URL!, 5);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const codePath = process.env.FABRIC_TEST_WORKFLOW_BUNDLE;
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: process.env.TASK_QUEUE!,
    deps: buildActivityDeps(db, env),
    workflowBundle: codePath ? { codePath } : undefined,
  });
  process.stdout.write('worker ready\n');
  await worker.run();
  await connection.close();
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
