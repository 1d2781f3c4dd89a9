import { condition, defineQuery, defineUpdate, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { PushInput, PushResult } from '../contracts/push';
import { SA } from '../contracts/search-attributes';
import { validateWorkflowInput } from '../contracts/workflow-input';
import { PushInputSchema } from '../contracts/workflow-schemas';

/** A proposed push a person rejected, or nobody decided in time: the target was never called. */
export interface PushRefused {
  configId: string;
  model: string;
  action: 'rejected' | 'expired';
  decidedBy?: string;
  reason?: string;
}

export type PushOutcome = PushResult | PushRefused;

export interface PushDecision {
  decision: 'approve' | 'reject';
  by: string;
  reason?: string;
}

export interface PushState {
  phase: 'awaiting-approval' | 'pushing' | 'done' | 'rejected' | 'expired';
  requestedBy?: string;
  decidedBy?: string;
  reason?: string;
}

export const pushStateQuery = defineQuery<PushState>('pushState');
export const decidePushUpdate = defineUpdate<PushState, [PushDecision]>('decidePush');

/** Unanswered proposals expire after a week, so none waits for ever. */
const DEFAULT_APPROVAL_SECONDS = 7 * 24 * 3600;

/**
 * A write to an external system. The activity's idempotency key is derived from the workflow and activity IDs,
 * so a retry after a timeout replays the same request and the vendor applies it once. A slow target gets 30 s per
 * attempt; validation and auth failures are non-retryable and fail the workflow with the adapter's message.
 */
const { pushRecord } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

export async function pushWorkflow(input: PushInput): Promise<PushOutcome> {
  const { workflowId } = workflowInfo();
  validateWorkflowInput('pushWorkflow', PushInputSchema, input);
  upsertSearchAttributes([
    { key: SA.configId, value: input.configId },
    { key: SA.action, value: input.approval ? 'push-proposed' : 'push' },
  ]);
  const state: PushState = { phase: 'pushing' };
  setHandler(pushStateQuery, () => state);
  if (input.approval) {
    const refused = await awaitApproval(input, state, workflowId);
    if (refused) return refused;
  }
  const result = await pushRecord({ configId: input.configId, model: input.model, record: input.record });
  upsertSearchAttributes([
    { key: SA.connector, value: result.connector },
    { key: SA.userId, value: result.userId },
    { key: SA.recordsProcessed, value: 1 },
  ]);
  state.phase = 'done';
  upsertMemo({ summary: `${result.action} ${input.model} ${result.sourceId} in ${result.connector} as ${result.externalId} (${workflowId})` });
  return {
    configId: input.configId,
    connector: result.connector,
    model: input.model,
    sourceId: result.sourceId,
    externalId: result.externalId,
    action: result.action,
  };
}

/** Waits for one decision by a person; returns the refusal, or undefined once approved. */
async function awaitApproval(input: PushInput, state: PushState, workflowId: string): Promise<PushRefused | undefined> {
  Object.assign(state, { phase: 'awaiting-approval', requestedBy: input.approval!.requestedBy });
  let decision: PushDecision | undefined;
  setHandler(
    decidePushUpdate,
    (d) => {
      decision = d;
      Object.assign(state, { phase: d.decision === 'approve' ? 'pushing' : 'rejected', decidedBy: d.by, reason: d.reason });
      return { ...state };
    },
    {
      // refused before it is accepted: a second or late decision leaves no trace in history
      validator: (d) => {
        if (d.decision !== 'approve' && d.decision !== 'reject') throw new Error('decision: must be "approve" or "reject"');
        if (!d.by) throw new Error('by: name who decides');
        if (decision || state.phase !== 'awaiting-approval') throw new Error(`push is ${state.phase}; a proposal is decided once`);
      },
    },
  );
  upsertMemo({ summary: `awaiting approval (proposed by ${state.requestedBy}): fabric push approve ${workflowId}` });
  const decided = await condition(() => decision !== undefined, (input.approval!.timeoutSeconds ?? DEFAULT_APPROVAL_SECONDS) * 1000);
  if (!decided) state.phase = 'expired';
  if (state.phase === 'pushing') {
    upsertMemo({ summary: `approved by ${state.decidedBy}; pushing` });
    return undefined;
  }
  upsertMemo({ summary: `${state.phase}${state.decidedBy ? ` by ${state.decidedBy}` : ''}: the target was not called` });
  const refused: PushRefused = { configId: input.configId, model: input.model, action: state.phase as 'rejected' | 'expired' };
  if (state.decidedBy) refused.decidedBy = state.decidedBy;
  if (state.reason) refused.reason = state.reason;
  return refused;
}
