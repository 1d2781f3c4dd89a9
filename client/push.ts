import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { PushInput, PushResult } from '../contracts/push';
import { SA } from '../contracts/search-attributes';
import { FabricWorkflowError } from './errors';
import { pushWorkflowId } from './ids';
import { explainStartFailure } from './start-errors';

/**
 * Pushes a canonical record to a config's target system and waits for the result. The workflow ID is derived from
 * the record's source_id and content, so pushing the same record twice runs once (the second call gets the result).
 */
export async function push(client: Client, taskQueue: string, configId: string, model: string, record: Record<string, unknown>): Promise<PushResult> {
  const sourceId = typeof record.source_id === 'string' ? record.source_id : undefined;
  const digest = createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 16);
  const workflowId = pushWorkflowId(configId, model, `${sourceId ?? 'record'}:${digest}`);
  const handle = await client.workflow
    .start('pushWorkflow', {
      taskQueue,
      workflowId,
      args: [{ configId, model, record } satisfies PushInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      typedSearchAttributes: [
        { key: SA.configId, value: configId },
        { key: SA.action, value: 'push' },
      ],
    })
    .catch(async (err: Error) => {
      if (err.name === 'WorkflowExecutionAlreadyStartedError') return client.workflow.getHandle(workflowId);
      throw await explainStartFailure(client, workflowId, err);
    });
  try {
    return (await handle.result()) as PushResult;
  } catch (err) {
    throw new FabricWorkflowError(workflowId, err);
  }
}
