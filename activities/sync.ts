import { Context, CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { toTemporalFailure } from '../adapters/core/errors';
import { defaultRegistry, discoverAdapters } from '../adapters/core/registry';
import type { ListPage, ModelName } from '../adapters/core/types';
import { isModelName } from '../schema';
import { quarantineRecords } from '../store/quarantine';
import { markUnseenDeleted, upsertRecords } from '../store/records';
import { finishSyncRun, startSyncRun } from '../store/sync-runs';
import { getSyncState, saveSyncState } from '../store/sync-state';
import type { BeginSyncResult, ModelCounts, SyncChunkInput, SyncChunkResult, SyncMode, SyncSummary } from '../workflows/sync-types';
import type { ActivityDeps } from './deps';
import { resolveAdapter } from './resolve-adapter';
import { decodeCheckpoint, freshCheckpoint, type Checkpoint } from './sync-checkpoint';
import { mapPage } from './sync-page';
import { finishSyncSummary } from './sync-summary';

const DEFAULT_PAGE_SIZE = 100;

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
    const fetchPage = (cursor: string | null): Promise<ListPage> =>
      adapter.listPage(model, { cursor, since: cp.since, pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE, signal: ctx.cancellationSignal });
    let pending: Promise<ListPage> | undefined = fetchPage(cp.cursor);
    while (pending) {
      const page: ListPage = await pending.catch((err: unknown) => {
        throw toTemporalFailure(err);
      });
      // Fetch the next page while this one is written: the source and Postgres work in parallel.
      pending = page.nextCursor && Date.now() < deadline && !ctx.cancellationSignal.aborted ? fetchPage(page.nextCursor) : undefined;
      pending?.catch(() => undefined); // handled when awaited; never an unhandled rejection if we stop early
      const mapped = mapPage(adapter, model, page);
      const done = page.nextCursor === null;
      const next: Checkpoint = {
        ...cp,
        cursor: page.nextCursor,
        done,
        highWatermark: page.highWatermark ?? cp.highWatermark,
        counts: { ...cp.counts, pages: cp.counts.pages + 1, records: cp.counts.records + mapped.records.length, quarantined: cp.counts.quarantined + mapped.quarantined.length },
      };
      await db.transaction(async (tx) => {
        const base = { configId: input.configId, userId: config.userId, model, syncRunId: input.syncRunId };
        await upsertRecords(tx, { ...base, sourceSystem: config.connector, records: mapped.records });
        await quarantineRecords(tx, mapped.quarantined.map((q) => ({ ...base, ...q })));
        if (done && input.mode === 'full') next.counts.deleted += await markUnseenDeleted(tx, base);
        await saveSyncState(tx, { configId: input.configId, model, cursor: JSON.stringify(next), ...(done ? { highWatermark: next.highWatermark } : {}) });
      });
      Object.assign(cp, next);
      ctx.heartbeat({ cursor: cp.cursor, counts: cp.counts }); // also how a cancellation request reaches us
      if (done) return { done: true, cursor: null, counts: cp.counts };
      if (ctx.cancellationSignal.aborted) throw new CancelledFailure('sync cancelled after a committed page');
      if (!pending) break;
    }
    return { done: false, cursor: cp.cursor, counts: cp.counts };
  }

  return {
    syncChunk,

    /** Opens a sync run and resolves which models to sync. An unknown config or model is a non-retryable error. */
    async beginSync(input: { configId: string; mode: SyncMode; models?: string[]; workflowId: string }): Promise<BeginSyncResult> {
      const { config } = await resolveAdapter(deps, input.configId, `sync-begin:${input.workflowId}`).catch((err) => {
        throw toTemporalFailure(err);
      });
      if (!defaultRegistry.has(config.connector)) discoverAdapters();
      const supported = defaultRegistry.get(config.connector).models;
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
      return finishSyncSummary(db, input, finishSyncRun);
    },
  };
}

export type { ModelCounts };
