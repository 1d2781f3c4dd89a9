import { Context, CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { toTemporalFailure } from '../adapters/core/errors';
import type { ListPage, ModelName } from '../adapters/core/types';
import { isModelName } from '../schema';
import { startSyncRun } from '../store/sync-runs';
import { getSyncState } from '../store/sync-state';
import type { BeginSyncResult, SyncChunkInput, SyncChunkResult, SyncMode, SyncSummary } from '../contracts/sync';
import type { ActivityDeps } from './deps';
import { CONFIG_NOT_FOUND, resolveAdapter } from './resolve-adapter';
import { decodeCheckpoint, freshCheckpoint, type Checkpoint } from './sync-checkpoint';
import { addPage, commitBatch, emptyBatch, type CommitTarget } from './sync-commit';
import { mapPage } from './sync-page';
import { finishSyncSummary } from './sync-summary';
import { failureAfterCircuit, removeOrphanSchedule } from './circuit';
import { getPauseState, recordSuccess } from '../store/circuit';
import { componentLogger } from '../telemetry/logger';

const log = componentLogger('sync');

const DEFAULT_PAGE_SIZE = 100;
/** Records per transaction: few enough to commit in milliseconds, enough to amortise the round trips. */
const BATCH_RECORDS = 1_000;
const MAX_COMMITS_IN_FLIGHT = 2;

export function syncActivities(deps: ActivityDeps) {
  const { db } = deps;

  /**
   * Fetches, maps, validates and commits pages until the listing ends or the time budget is spent. A fetch that
   * still fails after the HTTP client's inline retries never throws work away: the pages fetched so far are
   * committed with their checkpoint first, then the failure (with the vendor's wait as nextRetryDelay) goes to
   * Temporal, whose retry resumes exactly at the committed cursor.
   */
  async function syncChunk(input: SyncChunkInput): Promise<SyncChunkResult> {
    const ctx = Context.current();
    const model = input.model as ModelName;
    // The adapter is built again for every chunk (about every 5 s): the config read and the credential decryption
    // each write an audit row, a few milliseconds against a chunk's seconds of fetching. On purpose, not a cache:
    // consecutive chunks often run on different workers; a rotated or refreshed credential, an edited config or a
    // deactivated one takes effect at the next chunk instead of the next run, which may be hours away; decrypted
    // secrets live only as long as the activity; and the audit log shows which run read them, and when.
    // docs/DECISIONS.md, "One workflow per sync".
    const resolved = resolveAdapter(deps, input.configId, `sync:${input.syncRunId}`);
    const { adapter, config } = await resolved.catch(async (err: unknown) => {
      throw await failureAfterCircuit(db, input.configId, err as Error);
    });
    const state = await getSyncState(db, { configId: input.configId, model });
    const cp: Checkpoint =
      decodeCheckpoint(state?.cursor, input.syncRunId) ??
      freshCheckpoint(input.syncRunId, input.mode === 'incremental' ? (state?.highWatermark ?? null) : null);
    if (cp.done) return { done: true, cursor: null, counts: cp.counts };

    const deadline = Date.now() + (input.timeBudgetMs ?? 5_000);
    const target: CommitTarget = {
      configId: input.configId,
      userId: config.userId,
      connector: config.connector,
      model,
      syncRunId: input.syncRunId,
      mode: input.mode,
    };
    const fetchPage = (cursor: string | null): Promise<ListPage> =>
      adapter.listPage(model, { cursor, since: cp.since, pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE, signal: ctx.cancellationSignal });
    // Inline retries and pacing can wait for seconds between commits: keep telling Temporal this worker is alive.
    const beat = setInterval(() => ctx.heartbeat({ cursor: cp.cursor, counts: cp.counts }), 2_000);
    const committedAtStart = cp.counts.pages;
    // Stages overlap: the next page is fetched while this one is mapped and up to two earlier batches are written.
    let committing: Promise<void> = Promise.resolve(); // the newest batch's commit; each waits for the one before
    let inFlight: Promise<void>[] = [];
    let batch = emptyBatch(cp);
    let pagesInBatch = 0;
    const flush = () => {
      pagesInBatch = 0;
      const ready = batch;
      batch = emptyBatch(ready.next);
      committing = commitBatch(db, target, ready, committing).then(() => {
        Object.assign(cp, ready.next);
        ctx.heartbeat({ cursor: cp.cursor, counts: cp.counts }); // also how a cancellation request reaches us
      });
      committing.catch(() => undefined);
      inFlight = [...inFlight, committing];
    };
    let pending: Promise<ListPage> | undefined = fetchPage(cp.cursor);
    try {
      while (pending) {
        const page: ListPage = await pending.catch(async (err: unknown) => {
          if (pagesInBatch > 0) flush();
          await committing; // what was fetched is in the database before the failure leaves this attempt
          if (ctx.cancellationSignal.aborted) {
            throw new CancelledFailure('sync cancelled; the last committed batch is the checkpoint');
          }
          if (cp.counts.pages > committedAtStart) await recordSuccess(db, input.configId);
          throw await failureAfterCircuit(db, input.configId, toTemporalFailure(err) as Error);
        });
        const stop = page.nextCursor === null || Date.now() >= deadline || ctx.cancellationSignal.aborted;
        pending = stop ? undefined : fetchPage(page.nextCursor);
        pending?.catch(() => undefined); // handled when awaited; never an unhandled rejection if we stop early
        addPage(batch, mapPage(adapter, model, page), page);
        pagesInBatch++;
        if (stop || batch.records.length + batch.quarantined.length >= BATCH_RECORDS) {
          if (inFlight.length >= MAX_COMMITS_IN_FLIGHT) await inFlight.shift();
          flush();
        }
      }
      await committing;
    } finally {
      clearInterval(beat);
    }
    if (cp.counts.pages > committedAtStart) await recordSuccess(db, input.configId);
    log.debug({ model, pages: cp.counts.pages - committedAtStart, counts: cp.counts, done: cp.done }, 'sync chunk committed');
    if (cp.done) return { done: true, cursor: null, counts: cp.counts };
    if (ctx.cancellationSignal.aborted) throw new CancelledFailure('sync cancelled after a committed batch');
    return { done: false, cursor: cp.cursor, counts: cp.counts };
  }

  return {
    syncChunk,

    /** Opens a sync run and resolves which models to sync. An unknown, paused or bad config or model fails for good. */
    async beginSync(input: { configId: string; mode: SyncMode; models?: string[]; workflowId: string }): Promise<BeginSyncResult> {
      const pause = await getPauseState(db, input.configId);
      if (pause?.paused) {
        throw ApplicationFailure.nonRetryable(`config ${input.configId} is paused: ${pause.reason}`, 'ConfigPaused');
      }
      const resolved = resolveAdapter(deps, input.configId, `sync-begin:${input.workflowId}`);
      const { adapter, config } = await resolved.catch(async (err) => {
        if ((err as ApplicationFailure).type === CONFIG_NOT_FOUND) {
          await removeOrphanSchedule(db, input.configId);
          throw err;
        }
        throw await failureAfterCircuit(db, input.configId, err as Error); // a missing credential pauses the config
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
      const run = await startSyncRun(db, {
        configId: input.configId,
        workflowId: input.workflowId,
        runId: info.workflowExecution?.runId ?? null,
        mode: input.mode,
      });
      await db.query(`update public.connector_configs set sync_status = 'syncing', error_message = null where id = $1`, [input.configId]);
      return { syncRunId: run.id, connector: config.connector, userId: config.userId, models };
    },

    async finishSync(input: { syncRunId: string; status: 'completed' | 'failed' | 'cancelled'; errors: string[] }): Promise<SyncSummary> {
      return finishSyncSummary(db, input);
    },
  };
}
