import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { validateWorkflowInput } from '../contracts/workflow-input';
import { ScheduledSyncInputSchema } from '../contracts/workflow-schemas';
import { syncWorkflow } from './sync';
import type { SyncMode, SyncSummary } from '../contracts/sync';

export interface ScheduledSyncResult {
  /** false when a sync of this config was already running (started by hand or by another tick): this tick joins none. */
  started: boolean;
  summary?: SyncSummary;
  /** Why the tick did nothing: its config lives in another database than the worker's. */
  skipped?: string;
}

const { databaseIdentity } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 3 } });

/**
 * What a Schedule runs. Schedules append a timestamp to workflow IDs, so the tick itself cannot be `sync:<configId>`;
 * it starts that sync as a child with the business-key ID instead, keeping one sync per config whoever starts it.
 * The child outlives the tick if the tick is cancelled (ABANDON), like a sync started by hand.
 */
export async function scheduledSyncWorkflow(input: { configId: string; mode?: SyncMode; databaseId?: string }): Promise<ScheduledSyncResult> {
  validateWorkflowInput('scheduledSyncWorkflow', ScheduledSyncInputSchema, input);
  if (input.databaseId) {
    const here = await databaseIdentity();
    if (here !== input.databaseId) {
      return { started: false, skipped: `this schedule belongs to database ${input.databaseId}; the worker serves ${here}` };
    }
  }
  try {
    const child = await startChild(syncWorkflow, {
      workflowId: `sync:${input.configId}`,
      args: [{ configId: input.configId, mode: input.mode ?? 'incremental' }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      searchAttributes: workflowInfo().searchAttributes,
    });
    return { started: true, summary: await child.result() };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { started: false };
    throw err;
  }
}
