import type { Db } from './db';

export interface StoredRecord {
  id: string;
  configId: string;
  userId: string;
  model: string;
  sourceSystem: string;
  sourceId: string;
  schemaVersion: string;
  data: Record<string, unknown>;
  externalId: string | null;
  deleted: boolean;
  sourceVersion: string | null;
  sourceUpdatedAt: string | null;
  lastSeenSyncRun: string | null;
}

const RECORD_COLUMNS = `id, config_id as "configId", user_id as "userId", model, source_system as "sourceSystem",
  source_id as "sourceId", schema_version as "schemaVersion", data, external_id as "externalId", deleted,
  source_version::text as "sourceVersion", source_updated_at::text as "sourceUpdatedAt",
  last_seen_sync_run as "lastSeenSyncRun"`;

export async function getRecord(db: Db, key: { configId: string; model: string; sourceId: string }): Promise<StoredRecord | undefined> {
  const res = await db.query<StoredRecord>(`select ${RECORD_COLUMNS} from public.unified_records where config_id = $1 and model = $2 and source_id = $3`, [
    key.configId,
    key.model,
    key.sourceId,
  ]);
  return res.rows[0];
}

/** Pages through a model's records in source_id order (keyset: pass the last sourceId as after). */
export async function listRecords(
  db: Db,
  q: { configId: string; model: string; after?: string; limit?: number; includeDeleted?: boolean },
): Promise<StoredRecord[]> {
  const res = await db.query<StoredRecord>(
    `select ${RECORD_COLUMNS} from public.unified_records
     where config_id = $1 and model = $2 and ($3::text is null or source_id > $3) and ($5 or not deleted)
     order by source_id limit $4`,
    [q.configId, q.model, q.after ?? null, q.limit ?? 100, q.includeDeleted ?? false],
  );
  return res.rows;
}

/** Stores the id a push got from the target system. */
export async function setExternalId(db: Db, key: { configId: string; model: string; sourceId: string; externalId: string }): Promise<boolean> {
  const res = await db.query(`update public.unified_records set external_id = $4 where config_id = $1 and model = $2 and source_id = $3`, [
    key.configId,
    key.model,
    key.sourceId,
    key.externalId,
  ]);
  return res.rowCount > 0;
}
