import {
  ActivityCancellationType,
  CancellationScope,
  ContinueAsNew,
  continueAsNew,
  defineQuery,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { validateWorkflowInput } from '../contracts/workflow-input';
import { SyncInputSchema } from '../contracts/workflow-schemas';
import { rootMessage } from '../contracts/errors';
import { SA } from '../contracts/search-attributes';
import { emptyCounts, type ModelCounts, type SyncInput, type SyncProgress, type SyncResumeState, type SyncSummary } from '../contracts/sync';

export const progressQuery = defineQuery<SyncProgress>('progress');

/** Config-store reads and run bookkeeping: quick, retried briefly. A bad config is a non-retryable failure. */
const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/**
 * One chunk of pages. Each page is committed with its cursor, so a retry resumes after the last committed page.
 * A dead worker is noticed within the heartbeat timeout; pages take milliseconds, so 15 s of silence means gone.
 * Rate limits come back with nextRetryDelay (Retry-After); auth and validation errors are non-retryable.
 */
const pages = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '15 seconds',
  // On cancel, wait until the chunk has committed its last batch, so the run is closed after its final checkpoint.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 50 },
});

const CHUNK_BUDGET_MS = 5_000;
const MAX_CHUNKS_PER_RUN = 400; // ~2.5k history events; continue-as-new sooner if the server suggests it

function total(counts: Record<string, ModelCounts>): ModelCounts {
  return Object.values(counts).reduce(
    (a, c) => ({ pages: a.pages + c.pages, records: a.records + c.records, quarantined: a.quarantined + c.quarantined, deleted: a.deleted + c.deleted }),
    emptyCounts(),
  );
}

/** Pulls every page of every model from a connector into Postgres. Records never pass through this history. */
export async function syncWorkflow(input: SyncInput): Promise<SyncSummary> {
  validateWorkflowInput('syncWorkflow', SyncInputSchema, input);
  const mode = input.mode ?? 'incremental';
  let state: SyncResumeState | undefined = input.resume;
  const progress: SyncProgress = {
    phase: 'starting',
    configId: input.configId,
    pages: 0,
    records: 0,
    quarantined: 0,
    recordsPerSecond: 0,
    elapsedMs: 0,
    continuedAsNew: input.resume?.generation ?? 0,
  };
  setHandler(progressQuery, () => ({ ...progress, elapsedMs: state ? Date.now() - state.startedAtMs : 0 }));

  if (!state) {
    const begun = await bookkeeping.beginSync({ configId: input.configId, mode, models: input.models, workflowId: workflowInfo().workflowId });
    state = { ...begun, modelIndex: 0, counts: {}, startedAtMs: Date.now(), chunks: 0 };
    upsertSearchAttributes([
      { key: SA.connector, value: begun.connector },
      { key: SA.configId, value: input.configId },
      { key: SA.action, value: `sync-${mode}` },
      { key: SA.userId, value: begun.userId },
      { key: SA.recordsProcessed, value: 0 },
    ]);
    log.info(`${mode} sync started: ${begun.models.join(', ')}`, { mode, models: begun.models, syncRunId: begun.syncRunId });
  }
  const run = state;
  progress.syncRunId = run.syncRunId;
  progress.connector = run.connector;
  const report = (cursor?: string | null) => {
    const t = total(run.counts);
    Object.assign(progress, { pages: t.pages, records: t.records, quarantined: t.quarantined, cursor });
    const seconds = Math.max((Date.now() - run.startedAtMs) / 1000, 0.001);
    progress.recordsPerSecond = Math.round(t.records / seconds);
    upsertSearchAttributes([{ key: SA.recordsProcessed, value: t.records }]);
    upsertMemo({ summary: `${run.connector} ${mode} sync: ${t.records} records, ${t.quarantined} quarantined, model ${progress.model ?? '-'}` });
  };

  try {
    progress.phase = 'syncing';
    let chunksThisRun = 0;
    for (; run.modelIndex < run.models.length; run.modelIndex++) {
      const model = run.models[run.modelIndex]!;
      progress.model = model;
      for (;;) {
        const chunk = await pages.syncChunk({
          configId: input.configId,
          syncRunId: run.syncRunId,
          model,
          mode,
          pageSize: input.pageSize,
          timeBudgetMs: input.tuning?.chunkBudgetMs ?? CHUNK_BUDGET_MS,
        });
        run.counts[model] = chunk.counts;
        run.chunks++;
        chunksThisRun++;
        report(chunk.cursor);
        if (chunk.done) break;
        if (workflowInfo().continueAsNewSuggested || chunksThisRun >= (input.tuning?.chunksPerRun ?? MAX_CHUNKS_PER_RUN)) {
          log.info('sync continues as new', { chunks: run.chunks, records: total(run.counts).records });
          await continueAsNew<typeof syncWorkflow>({ ...input, mode, resume: { ...run, generation: (run.generation ?? 0) + 1 } });
        }
      }
    }
    progress.phase = 'finishing';
    const summary = await bookkeeping.finishSync({ syncRunId: run.syncRunId, status: 'completed', errors: [] });
    progress.phase = 'completed';
    report(null);
    const t = total(run.counts);
    log.info(`sync completed: ${t.records} records, ${t.quarantined} quarantined, ${t.deleted} deleted`, { ...t, syncRunId: run.syncRunId });
    return summary;
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    const status = isCancellation(err) ? 'cancelled' : 'failed';
    progress.phase = status;
    const message = rootMessage(err);
    log.warn(`sync ${status}: ${message}`, { status, syncRunId: run.syncRunId });
    // Bookkeeping must land even when the workflow itself is being cancelled.
    await CancellationScope.nonCancellable(() => bookkeeping.finishSync({ syncRunId: run.syncRunId, status, errors: [message] }));
    throw err;
  }
}
