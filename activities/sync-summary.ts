import { metrics } from '../telemetry/metrics';
import type { Db } from '../store/db';
import { finishSyncRun } from '../store/sync-runs';
import type { ModelCounts, SyncSummary } from '../contracts/sync';
import { decodeCheckpoint } from './sync-checkpoint';

/**
 * Closes a sync run with counts read from the committed checkpoints (exact even after crashes and retries),
 * and mirrors the outcome onto the config's sync_status.
 */
export async function finishSyncSummary(db: Db, input: { syncRunId: string; status: SyncSummary['status']; errors: string[] }): Promise<SyncSummary> {
  const meta = await db.query<{ config_id: string; mode: 'full' | 'incremental'; connector: string; started: string }>(
    `select r.config_id, r.mode, c.connector, r.started_at::text as started
     from public.sync_runs r join public.connector_configs c on c.id = r.config_id where r.id = $1`,
    [input.syncRunId],
  );
  const run = meta.rows[0];
  if (!run) throw new Error(`syncRunId: no sync run ${input.syncRunId}`);
  const states = await db.query<{ model: string; cursor: string | null }>(`select model, cursor from public.sync_state where config_id = $1`, [run.config_id]);
  const counts: Record<string, ModelCounts> = {};
  for (const s of states.rows) {
    const cp = decodeCheckpoint(s.cursor, input.syncRunId);
    if (cp) counts[s.model] = cp.counts;
  }
  const durationMs = Math.max(0, Date.now() - Date.parse(run.started));
  const summary: SyncSummary = {
    syncRunId: input.syncRunId,
    configId: run.config_id,
    connector: run.connector,
    mode: run.mode,
    status: input.status,
    counts,
    durationMs,
    errors: input.errors,
  };
  const flat: Record<string, number> = {};
  for (const [model, c] of Object.entries(counts)) for (const [k, v] of Object.entries(c)) flat[`${model}.${k}`] = v;
  await db.transaction(async (tx) => {
    await finishSyncRun(tx, {
      id: input.syncRunId,
      status: input.status,
      counts: flat,
      errors: input.errors,
      summary: summary as unknown as Record<string, unknown>,
    });
    await tx.query(
      `update public.connector_configs set sync_status = $2, last_sync_at = case when $2 = 'success' then now() else last_sync_at end,
         error_message = $3 where id = $1`,
      [run.config_id, input.status === 'completed' ? 'success' : input.status === 'cancelled' ? 'idle' : 'error', input.errors[0] ?? null],
    );
  });
  metrics.syncFinished(run.connector, input.status, durationMs);
  return summary;
}
