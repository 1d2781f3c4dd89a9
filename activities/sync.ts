import { Context, CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { toTemporalFailure } from '../adapters/core/errors';
import type { ListPage, ModelName } from '../adapters/core/types';
import { isModelName } from '../schema';
import { startSyncRun } from '../store/sync-runs';
import { getSyncState } from '../store/sync-state';
import type { BeginSyncResult, SyncChunkInput, SyncChunkResult, SyncMode, SyncSummary } from '../workflows/sync-types';
import type { ActivityDeps } from './deps';
import { resolveAdapter } from './resolve-adapter';
import { decodeCheckpoint, freshCheckpoint, type Checkpoint } from './sync-checkpoint';
import { addPage, commitBatch, emptyBatch, type CommitTarget } from './sync-commit';
import { mapPage } from './sync-page';
import { finishSyncSummary } from './sync-summary';

const DEFAULT_PAGE_SIZE = 100;
/** Records per transaction: few enough to commit in milliseconds, enough to amortise the round trips. */
const BATCH_RECORDS = 1_000;
const MAX_COMMITS_IN_FLIGHT = 2;

export function syncActivities(deps: ActivityDeps) {
  const { db } = deps;

  /** Fetches, maps, validates and commits pages until the listing ends or the time budget is spent. */
  async function syncChunk(input: SyncChunkInput): Promise<SyncChunkResult> {
    const ctx = Context.current();
    const model = input.model as ModelName;
    const { adapter, config } = await resolveAdapter(deps, input.configId, `sync:${input.syncRunId}`).catch((err) => {
      throw toTemporalFailure(err);
    });
    const state = await getSyncState(db, { configId: input.configId, model });
    const cp: Checkpoint =
      decodeCheckpoint(state?.cursor, input.syncRunId) ??
      freshCheckpoint(input.syncRunId, input.mode === 'incremental' ? (state?.highWatermark ?? null) : null);
    if (cp.done) return { done: true, cursor: null, counts: cp.counts };

    const deadline = Date.now() + (input.timeBudgetMs ?? 5_000);
    const target: CommitTarget = { configId: input.configId, userId: config.userId, connector: config.connector, model, syncRunId: input.syncRunId, mode: input.mode };
    const fetchPage = (cursor: string | null): Promise<ListPage> =>
      adapter.listPage(model, { cursor, since: cp.since, pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE, signal: ctx.cancellationSignal });
    // Stages overlap: the next page is fetched while this one is mapped and up to two earlier batches are written.
    let committing: Promise<void> = Promise.resolve(); // the newest batch's commit; each waits for the one before
    let inFlight: Promise<void>[] = [];
    let batch = emptyBatch(cp);
    let pending: Promise<ListPage> | undefined = fetchPage(cp.cursor);
    while (pending) {
      const page: ListPage = await pending.catch(async (err: unknown) => {
        if (!ctx.cancellationSignal.aborted) throw toTemporalFailure(err);
        await committing; // a fetch aborted by cancellation: pages not yet committed are simply fetched again next time
        throw new CancelledFailure('sync cancelled; the last committed batch is the checkpoint');
      });
      const stop = page.nextCursor === null || Date.now() >= deadline || ctx.cancellationSignal.aborted;
      pending = stop ? undefined : fetchPage(page.nextCursor);
      pending?.catch(() => undefined); // handled when awaited; never an unhandled rejection if we stop early
      addPage(batch, mapPage(adapter, model, page), page);
      if (stop || batch.records.length + batch.quarantined.length >= BATCH_RECORDS) {
        if (inFlight.length >= MAX_COMMITS_IN_FLIGHT) await inFlight.shift();
        const ready = batch;
        batch = emptyBatch(ready.next);
        committing = commitBatch(db, target, ready, committing).then(() => {
          Object.assign(cp, ready.next);
          ctx.heartbeat({ cursor: cp.cursor, counts: cp.counts }); // also how a cancellation request reaches us
        });
        committing.catch(() => undefined);
        inFlight = [...inFlight, committing];
      }
    }
    await committing;
    if (cp.done) return { done: true, cursor: null, counts: cp.counts };
    if (ctx.cancellationSignal.aborted) throw new CancelledFailure('sync cancelled after a committed batch');
    return { done: false, cursor: cp.cursor, counts: cp.counts };
  }

  return {
    syncChunk,

    /** Opens a sync run and resolves which models to sync. An unknown config or model is a non-retryable error. */
    async beginSync(input: { configId: string; mode: SyncMode; models?: string[]; workflowId: string }): Promise<BeginSyncResult> {
      const { adapter, config } = await resolveAdapter(deps, input.configId, `sync-begin:${input.workflowId}`).catch((err) => {
        throw toTemporalFailure(err);
      });
      // The built adapter knows its models: a data-defined connector reads only the resources its config maps.
      const supported = adapter.models;
      const models = input.models?.length ? input.models : [...supported];
      const unknown = models.filter((m) => !isModelName(m) || !supported.includes(m as ModelName));
      if (unknown.length > 0) {
        throw ApplicationFailure.nonRetryable(
          `models: ${unknown.join(', ')} not supported by connector ${config.connector}; it syncs ${supported.join(', ')}`,
          'ValidationError',
        );
      }
      const info = Context.current().info;
      const run = await startSyncRun(db, { configId: input.configId, workflowId: input.workflowId, runId: info.workflowExecution?.runId ?? null, mode: input.mode });
      await db.query(`update public.connector_configs set sync_status = 'syncing', error_message = null where id = $1`, [input.configId]);
      return { syncRunId: run.id, connector: config.connector, userId: config.userId, models };
    },

    async finishSync(input: { syncRunId: string; status: 'completed' | 'failed' | 'cancelled'; errors: string[] }): Promise<SyncSummary> {
      return finishSyncSummary(db, input);
    },
  };
}
