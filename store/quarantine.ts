import type { Db } from './db';

export interface QuarantineRow {
  configId: string;
  userId: string;
  model: string;
  sourceId?: string | null;
  syncRunId?: string | null;
  /** Why the record was rejected (e.g. schema/formatIssues output); never a secret. */
  reason: string;
  raw?: unknown;
}

/** Stores rejected records in one statement; a bad record never stops a sync. */
export async function quarantineRecords(db: Db, rows: QuarantineRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const payload = rows.map((r) => ({
    config_id: r.configId,
    user_id: r.userId,
    model: r.model,
    source_id: r.sourceId ?? null,
    sync_run_id: r.syncRunId ?? null,
    reason: r.reason,
    raw: r.raw === undefined ? null : r.raw,
  }));
  const res = await db.query(
    `insert into public.quarantined_records (config_id, user_id, model, source_id, sync_run_id, reason, raw)
     select config_id, user_id, model, source_id, sync_run_id, reason, raw
     from jsonb_to_recordset($1::jsonb)
       as r(config_id uuid, user_id uuid, model text, source_id text, sync_run_id uuid, reason text, raw jsonb)`,
    [JSON.stringify(payload)],
  );
  return res.rowCount;
}

export interface QuarantinedRecord extends Required<Omit<QuarantineRow, 'raw'>> {
  id: string;
  raw: unknown;
  createdAt: string;
}

export async function listQuarantined(db: Db, q: { configId: string; model?: string; limit?: number }): Promise<QuarantinedRecord[]> {
  const res = await db.query<QuarantinedRecord>(
    `select id, config_id as "configId", user_id as "userId", model, source_id as "sourceId", sync_run_id as "syncRunId",
            reason, raw, created_at::text as "createdAt"
     from public.quarantined_records
     where config_id = $1 and ($2::text is null or model = $2)
     order by created_at desc limit $3`,
    [q.configId, q.model ?? null, q.limit ?? 100],
  );
  return res.rows;
}
