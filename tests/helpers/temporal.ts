import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import type { ActivityDeps } from '../../activities';
import { temporalLogger } from '../../telemetry/temporal-logger';
import { createWorker } from '../../worker';

let runtimeReady = false;
function quietRuntime(): void {
  if (runtimeReady) return;
  try {
    Runtime.install({ logger: temporalLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' } } } });
  } catch {
    // already installed in this jest worker
  }
  runtimeReady = true;
}

export function temporalAddress(): string {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is unset: run tests through jest (globalSetup starts the server)');
  return address;
}

export async function testClient(): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return { client: new Client({ connection, namespace: 'default' }), connection };
}

export interface WorkerHandle {
  worker: Worker;
  taskQueue: string;
  connection: NativeConnection;
}

/** Starts a worker on a unique task queue with the run's prebuilt workflow bundle. Call stop() when done. */
export async function startTestWorker(deps: ActivityDeps, taskQueue = `test-${randomUUID()}`, o: { payloadCodec?: PayloadCodec } = {}) {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const codePath = process.env.FABRIC_TEST_WORKFLOW_BUNDLE;
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps,
    workflowBundle: codePath ? { codePath } : undefined,
    payloadCodec: o.payloadCodec,
  });
  const running = worker.run();
  return {
    worker,
    taskQueue,
    connection,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Runs fn while a worker polls a fresh task queue, then drains the worker. */
export async function withWorker<T>(deps: ActivityDeps, fn: (h: WorkerHandle) => Promise<T>): Promise<T> {
  const handle = await startTestWorker(deps);
  try {
    return await fn(handle);
  } finally {
    await handle.stop();
  }
}
