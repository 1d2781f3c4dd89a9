import type { Db } from './db';

export interface SyncState {
  configId: string;
  model: string;
  cursor: string | null;
  highWatermark: string | null;
  updatedAt: string;
}

/** The checkpoint of (config, model): where the next page or the next incremental sync starts. */
export async function getSyncState(db: Db, key: { configId: string; model: string }): Promise<SyncState | undefined> {
  const res = await db.query<SyncState>(
    `select config_id as "configId", model, cursor, high_watermark as "highWatermark", updated_at::text as "updatedAt"
     from public.sync_state where config_id = $1 and model = $2`,
    [key.configId, key.model],
  );
  return res.rows[0];
}

/**
 * Saves the checkpoint; call it in the same transaction as the page's upsert so the cursor never runs ahead of the
 * records. A field left undefined keeps its stored value; null clears it.
 */
export async function saveSyncState(db: Db, s: { configId: string; model: string; cursor?: string | null; highWatermark?: string | null }): Promise<void> {
  await db.query(
    `insert into public.sync_state (config_id, model, cursor, high_watermark) values ($1, $2, $4, $6)
     on conflict (config_id, model) do update set
       cursor = case when $3 then excluded.cursor else sync_state.cursor end,
       high_watermark = case when $5 then excluded.high_watermark else sync_state.high_watermark end`,
    [s.configId, s.model, s.cursor !== undefined, s.cursor ?? null, s.highWatermark !== undefined, s.highWatermark ?? null],
  );
}
