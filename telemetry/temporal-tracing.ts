import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import { Resource } from '@opentelemetry/resources';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { runContextInterceptors } from './activity-context';
import { tracingInstalled } from './tracing';

/**
 * The workflow-side interceptors every workflow bundle includes (worker.ts, and the tests' bundle in
 * tests/helpers/global-setup.ts): OpenTelemetry's, so a workflow's spans join the trace of the client call that
 * started it, and ours that puts the config ID and connector on each workflow log line.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  require.resolve('../workflows/log-attributes'),
];

/**
 * Worker interceptors: activity spans (parented by the workflow's), then our run context (ids for logs and spans).
 * A prebuilt bundle already holds the workflow modules (the SDK warns when they are passed again).
 */
export function workerInterceptors(o: { prebuiltBundle?: boolean } = {}): WorkerInterceptors {
  return {
    ...(o.prebuiltBundle ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
    activity: [
      (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) }),
      runContextInterceptors,
    ],
  };
}

/** The sink workflow spans leave the sandbox through; a no-op processor while tracing is off. */
export function workflowSpanSinks(): InjectedSinks<Record<string, never>> {
  const t = tracingInstalled();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the sink's type is the interceptors' own
  return { exporter: makeWorkflowExporter(t?.processor ?? new NoopSpanProcessor(), t?.resource ?? new Resource({})) } as any;
}
