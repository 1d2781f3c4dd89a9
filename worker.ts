import './config/heap-growth'; // first: bounds the heap before the modules below allocate (FABRIC_WORKER_HEAP_GROWTH)
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import { createActivities, type ActivityDeps } from './activities';
import { payloadCodecFromEnv } from './config/payload-codec';
import { buildActivityDeps } from './app/activity-deps';
import { loadEnv } from './config/env';
import { workflowBundleOption } from './app/workflow-bundle';
import { temporalTarget } from './config/temporal';
import { openDb } from './store/db';
import { componentLogger, configureLogging, errFields } from './telemetry/logger';
import { installOutboundPolicy, metricsPlan } from './telemetry/process';
import { temporalLogger } from './telemetry/temporal-logger';
import { workerInterceptors, workflowSpanSinks } from './telemetry/temporal-tracing';

export interface FabricWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build one per run); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
  /** Encrypts payloads (FABRIC_PAYLOAD_KEY); clients must use the same key. */
  payloadCodec?: PayloadCodec;
}

/** One worker: the workflow bundle plus every activity. Scale out by running more of these on the same task queue. */
export function createWorker(o: FabricWorkerOptions): Promise<Worker> {
  installRuntime(); // a process that installed none logs through ours all the same
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.identity ? { identity: o.identity } : {}),
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: require.resolve('./workflows') }),
    activities: createActivities(o.deps),
    interceptors: workerInterceptors({ prebuiltBundle: Boolean(o.workflowBundle) }), // tracing, the run context of logs
    sinks: workflowSpanSinks(),
    ...(o.payloadCodec ? { dataConverter: { payloadCodecs: [o.payloadCodec] } } : {}),
    shutdownGraceTime: '20 seconds', // running activities get this long to finish or checkpoint before cancellation
    maxConcurrentActivityTaskExecutions: 20,
    // Heartbeats carry progress and bring cancellation to a running chunk: flush them at least every 2 s.
    maxHeartbeatThrottleInterval: '2 seconds',
  });
}

let runtimeInstalled = false;
/**
 * Installs the SDK runtime once; SIGINT, SIGTERM or SIGHUP (a closed terminal) then make every worker drain and stop.
 * Its logger is ours (telemetry/temporal-logger.ts): workflow and activity lines at LOG_LEVEL, the SDK's own from
 * `logLevel` up.
 */
export function installRuntime(logLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'WARN', o: { prometheusBindAddress?: string } = {}): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  if (Runtime._instance) return; // installed by whoever created the process's first worker (a test's own Runtime.install)
  Runtime.install({
    logger: temporalLogger(logLevel),
    shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'],
    telemetryOptions: {
      logging: { filter: { core: logLevel, other: logLevel } },
      // the SDK's own metrics (polls, task latencies, slots); telemetry/metrics-server.ts serves them beside ours
      ...(o.prometheusBindAddress ? { metrics: { prometheus: { bindAddress: o.prometheusBindAddress } } } : {}),
    },
  });
}

const log = componentLogger('worker');

async function main(): Promise<void> {
  const env = loadEnv();
  configureLogging({ service: 'worker', level: env.LOG_LEVEL });
  const target = temporalTarget(env);
  installOutboundPolicy(env);
  const plan = await metricsPlan(env);
  installRuntime('WARN', { prometheusBindAddress: plan.sdkBindAddress });
  const metricsServer = await plan.start();
  const db = await openDb({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  const connection = await NativeConnection.connect({ address: target.address, apiKey: target.apiKey });
  const worker = await createWorker({
    connection,
    namespace: target.namespace,
    taskQueue: target.taskQueue,
    deps: buildActivityDeps(db, env),
    payloadCodec: payloadCodecFromEnv(target.payloadKey),
    workflowBundle: workflowBundleOption(env.FABRIC_WORKFLOW_BUNDLE),
  });
  log.info(
    { taskQueue: target.taskQueue, address: target.address, namespace: target.namespace, metrics: metricsServer ? `${metricsServer.url}/metrics` : undefined },
    `worker polling ${target.taskQueue} on ${target.address} (namespace ${target.namespace})`,
  );
  try {
    await worker.run();
    log.info('worker drained and stopped');
  } finally {
    await connection.close();
    await metricsServer?.close();
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    log.fatal(errFields(err), `worker failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
