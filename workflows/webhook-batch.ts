import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { validateWorkflowInput } from '../contracts/workflow-input';
import { WebhookBatchInputSchema } from '../contracts/workflow-schemas';
import { SA } from '../contracts/search-attributes';

export const WEBHOOK_TASK_QUEUE_HINT = 'connectivity-fabric';
export const BATCH_LIMIT = 1000;
export const batchWorkflowId = (configId: string) => `webhook-batch:${configId}`;
/** Sent by the webhook server after it stores new events for the config; carries nothing (events live in Postgres). */
export const eventsStoredSignal = defineSignal('eventsStored');
export interface BatchProgress {
  processed: number;
  batches: number;
  lastEventIds: string[];
}
/** The Web UI's Queries tab shows how far the config's events are and the IDs of the last batch applied. */
export const progressQuery = defineQuery<BatchProgress>('progress');

const { applyWebhookBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '10 seconds' },
});

/**
 * One long-lived workflow per connector config (`webhook-batch:<configId>`) applies that config's stored webhook
 * events in order, in batches: each activity claims up to BATCH_LIMIT received events (FOR UPDATE SKIP LOCKED),
 * applies them and marks them applied in one transaction, so each is processed exactly once. The activity result
 * lists the event IDs, and each event row stores this workflow's ID, so any event can be traced in the Web UI.
 */
export async function webhookBatchWorkflow(input: { configId: string; processed?: number; batches?: number }): Promise<BatchProgress> {
  validateWorkflowInput('webhookBatchWorkflow', WebhookBatchInputSchema, input);
  const progress: BatchProgress = { processed: input.processed ?? 0, batches: input.batches ?? 0, lastEventIds: [] };
  let pending = true;
  setHandler(eventsStoredSignal, () => {
    pending = true;
  });
  setHandler(progressQuery, () => progress);
  upsertSearchAttributes([
    { key: SA.action, value: 'webhook-batch' },
    { key: SA.configId, value: input.configId },
  ]);
  const { workflowId, runId } = workflowInfo();
  for (;;) {
    if (!(await condition(() => pending, '1 minute'))) {
      log.debug('webhook batch idle; closing until the next event', { processed: progress.processed });
      return progress; // idle: the next signalWithStart starts a new run
    }
    pending = false;
    let claimed: number;
    do {
      const r = await applyWebhookBatch({ configId: input.configId, workflowId, runId, limit: BATCH_LIMIT });
      claimed = r.claimed;
      progress.processed += r.claimed;
      if (r.claimed > 0) progress.batches++;
      if (r.eventIds.length > 0) progress.lastEventIds = r.eventIds.slice(-50);
    } while (claimed >= BATCH_LIMIT);
    upsertSearchAttributes([{ key: SA.recordsProcessed, value: progress.processed }]);
    if (workflowInfo().continueAsNewSuggested || progress.batches % 500 === 499) {
      log.info('webhook batch continues as new', { processed: progress.processed, batches: progress.batches });
      await continueAsNew<typeof webhookBatchWorkflow>({ configId: input.configId, processed: progress.processed, batches: progress.batches });
    }
  }
}
