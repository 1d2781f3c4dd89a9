// A workflow interceptor module (not a workflow): every workflow bundle includes it (telemetry/temporal-tracing.ts).
import { workflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { SA } from '../contracts/search-attributes';

/**
 * Adds the workflow's config ID and connector to each `log` line, read from its search attributes (every workflow
 * sets ConfigId, and Connector once it is known). The SDK already adds workflowId, runId and workflowType; the
 * worker's logger (telemetry/temporal-logger.ts) writes them all as fields of the pino line.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      getLogAttributes(input, next) {
        const attrs = workflowInfo().typedSearchAttributes;
        const configId = attrs.get(SA.configId);
        const connector = attrs.get(SA.connector);
        return next({ ...input, ...(configId ? { configId } : {}), ...(connector ? { connector } : {}) });
      },
    },
  ],
});
