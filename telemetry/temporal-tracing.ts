import {
  makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import { Resource } from '@opentelemetry/resources';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { runContextInterceptors } from './activity-context';
import { tracingInstalled } from './tracing';

/**
 * The workflow-side OpenTelemetry interceptors; every workflow bundle includes them (worker.ts, and the tests' bundle
 * in tests/helpers/global-setup.ts), so a workflow's spans join the trace of the client call that started it.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

/** Worker interceptors: activity spans (parented by the workflow's), then our run context (ids for logs and spans). */
export function workerInterceptors(): WorkerInterceptors {
  return {
    workflowModules: WORKFLOW_INTERCEPTOR_MODULES,
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
