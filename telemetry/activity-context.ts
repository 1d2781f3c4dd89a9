import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';

/** What every log line and span inside an activity carries; connector and config ID are added once known. */
export interface RunContext {
  workflowId?: string;
  runId?: string;
  activity?: string;
  configId?: string;
  connector?: string;
}

export const runContext = new AsyncLocalStorage<RunContext>();

/** Adds fields (config ID, connector) to the current activity's context and span as soon as they are known. */
export function annotateRun(fields: Pick<RunContext, 'configId' | 'connector'>): void {
  const ctx = runContext.getStore();
  if (ctx) Object.assign(ctx, fields);
  const span = trace.getActiveSpan();
  if (fields.configId) span?.setAttribute('fabric.config_id', fields.configId);
  if (fields.connector) span?.setAttribute('fabric.connector', fields.connector);
}

/**
 * Runs each activity inside a RunContext with its workflow and run IDs (the logger reads it: telemetry/logger.ts), and
 * tags the activity's span (opened by the OpenTelemetry interceptor just outside this one) with the workflow ID.
 */
export const runContextInterceptors: ActivityInterceptorsFactory = (ctx) => {
  const inbound: ActivityInboundCallsInterceptor = {
    execute(input, next) {
      const { activityType } = ctx.info;
      const workflowId = ctx.info.workflowExecution?.workflowId;
      const runId = ctx.info.workflowExecution?.runId;
      const args = input.args[0] as { configId?: unknown } | undefined;
      const configId = typeof args?.configId === 'string' ? args.configId : undefined;
      trace.getActiveSpan()?.setAttributes({
        ...(workflowId ? { temporalWorkflowId: workflowId } : {}),
        ...(runId ? { temporalRunId: runId } : {}),
        ...(configId ? { 'fabric.config_id': configId } : {}),
      });
      return runContext.run({ workflowId, runId, activity: activityType, configId }, () => next(input));
    },
  };
  return { inbound };
};
