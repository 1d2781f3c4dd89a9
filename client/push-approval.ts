import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { decidePushUpdate, pushStateQuery, pushWorkflow, type PushDecision, type PushOutcome, type PushState } from '../workflows/push';
import { SA } from '../contracts/search-attributes';
import { rootMessage } from './errors';
import { pushWorkflowId } from './ids';

export interface ProposePushInput {
  configId: string;
  model: string;
  record: Record<string, unknown>;
  /** Who proposes, e.g. `agent:<userId>`; shown to the person who decides. */
  requestedBy: string;
  userId?: string;
  timeoutSeconds?: number;
}

export interface ProposedPush {
  workflowId: string;
  phase: PushState['phase'];
  /** true when this very record had been proposed before: that proposal is handed back. */
  alreadyProposed: boolean;
}

/**
 * Starts a push that waits for a person (`fabric push approve|reject <workflowId>`). The ID is derived from the
 * record's content, so proposing the same record twice yields one proposal, never two writes.
 */
export async function proposePush(client: Client, taskQueue: string, p: ProposePushInput): Promise<ProposedPush> {
  const sourceId = typeof p.record.source_id === 'string' ? p.record.source_id : 'record';
  const digest = createHash('sha256').update(JSON.stringify(p.record)).digest('hex').slice(0, 16);
  const workflowId = pushWorkflowId(p.configId, p.model, `proposed:${sourceId}:${digest}`);
  let alreadyProposed = false;
  await client.workflow
    .start(pushWorkflow, {
      taskQueue,
      workflowId,
      args: [{ configId: p.configId, model: p.model, record: p.record, approval: { requestedBy: p.requestedBy, timeoutSeconds: p.timeoutSeconds } }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      typedSearchAttributes: [
        { key: SA.configId, value: p.configId },
        { key: SA.action, value: 'push-proposed' },
        ...(p.userId ? [{ key: SA.userId, value: p.userId }] : []),
      ],
    })
    .catch((err: Error) => {
      if (err.name !== 'WorkflowExecutionAlreadyStartedError') throw err;
      alreadyProposed = true;
    });
  const state = await pushState(client, workflowId);
  return { workflowId, phase: state.phase, alreadyProposed };
}

/** The proposal's phase; a closed run answers from its result. */
export async function pushState(client: Client, workflowId: string): Promise<PushState> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await handle.query(pushStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new Error(`push ${workflowId}: no such push; use the id push_record returned`, { cause: err });
    throw err;
  }
}

/** Approves or rejects a proposal once, then waits for the outcome: the created record, or the refusal. */
export async function decidePush(client: Client, workflowId: string, d: PushDecision): Promise<PushOutcome> {
  const before = await pushState(client, workflowId);
  if (before.phase !== 'awaiting-approval') {
    throw new Error(`push ${workflowId}: already ${before.phase}${before.decidedBy ? ` by ${before.decidedBy}` : ''}; a proposal is decided once`);
  }
  const handle = client.workflow.getHandle(workflowId);
  await handle.executeUpdate(decidePushUpdate, { args: [d] });
  try {
    return (await handle.result()) as PushOutcome;
  } catch (err) {
    throw new Error(`push ${workflowId}: approved, but the push failed: ${rootMessage(err)}`, { cause: err });
  }
}
