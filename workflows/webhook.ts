import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SA } from './search-attributes';

const { applyWebhookEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '10 seconds', maximumAttempts: 10 },
});

export const webhookWorkflowId = (connector: string, eventId: string) => `webhook:${connector}:${eventId}`;

/**
 * Applies ONE stored event (`webhook:<connector>:<eventId>`): `fabric webhooks replay` starts it. Applying again is
 * safe: the ordering guard keeps a newer state, and the event row records this workflow as its latest processor.
 */
export async function webhookWorkflow(input: { connector: string; eventId: string }): Promise<{ status: string; change?: string }> {
  upsertSearchAttributes([
    { key: SA.action, value: 'webhook' },
    { key: SA.connector, value: input.connector },
  ]);
  return applyWebhookEvent(input);
}
