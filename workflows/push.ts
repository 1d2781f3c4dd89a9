import { proxyActivities, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SA } from './search-attributes';

export interface PushInput {
  configId: string;
  model: string;
  record: Record<string, unknown>;
}

export interface PushResult {
  configId: string;
  connector: string;
  model: string;
  sourceId: string;
  externalId: string;
  action: 'created' | 'updated';
}

/**
 * A write to an external system. The activity's idempotency key is derived from the workflow and activity IDs,
 * so a retry after a timeout replays the same request and the vendor applies it once. A slow target gets 30 s per
 * attempt; validation and auth failures are non-retryable and fail the workflow with the adapter's message.
 */
const { pushRecord } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

export async function pushWorkflow(input: PushInput): Promise<PushResult> {
  upsertSearchAttributes([
    { key: SA.configId, value: input.configId },
    { key: SA.action, value: 'push' },
  ]);
  const result = await pushRecord(input);
  upsertSearchAttributes([
    { key: SA.connector, value: result.connector },
    { key: SA.userId, value: result.userId },
    { key: SA.recordsProcessed, value: 1 },
  ]);
  upsertMemo({ summary: `${result.action} ${input.model} ${result.sourceId} in ${result.connector} as ${result.externalId} (${workflowInfo().workflowId})` });
  return { configId: input.configId, connector: result.connector, model: input.model, sourceId: result.sourceId, externalId: result.externalId, action: result.action };
}
