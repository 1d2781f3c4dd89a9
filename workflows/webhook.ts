import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { validateWorkflowInput } from '../contracts/workflow-input';
import { WebhookReplayInputSchema } from '../contracts/workflow-schemas';
import { SA } from '../contracts/search-attributes';

const { applyWebhookEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '10 seconds', maximumAttempts: 10 },
});

/** One stored event's row id names its replay: event ids are unique only per endpoint (and sender account). */
export const webhookWorkflowId = (eventRowId: string) => `webhook-event:${eventRowId}`;

/**
 * Applies ONE stored event (`webhook-event:<row id>`): `fabric webhooks replay` starts it. Applying again is safe:
 * the ordering guard keeps a newer state, and the event row records this workflow as its latest processor.
 */
export async function webhookWorkflow(input: { id: string; connector: string; configId?: string | null }): Promise<{ status: string; error?: string | null }> {
  validateWorkflowInput('webhookWorkflow', WebhookReplayInputSchema, input);
  upsertSearchAttributes([
    { key: SA.action, value: 'webhook' },
    { key: SA.connector, value: input.connector },
    ...(input.configId ? [{ key: SA.configId, value: input.configId }] : []),
  ]);
  return applyWebhookEvent({ id: input.id });
}
