import Decimal from 'decimal.js';
import type { Db } from './db';

export interface IncomingRecord {
  sourceId: string;
  data: Record<string, unknown>;
  schemaVersion: string;
  /** ISO time the source last changed the record; orders updates when there is no version. */
  sourceUpdatedAt?: string | null;
  /** Monotonic version from the source (event sequence, updated ms); a newer or equal one wins. */
  sourceVersion?: number | bigint | string | null;
}

export interface UpsertRecordsInput {
  configId: string;
  userId: string;
  model: string;
  sourceSystem: string;
  /** The sync run that saw these records; markUnseenDeleted uses it for delete detection. */
  syncRunId?: string | null;
  records: IncomingRecord[];
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Older than what is stored (or an older duplicate within the batch): not applied. */
  skippedStale: number;
}

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

/** True when a is at least as new as b, by the same rule as the SQL guard (version, then time, else true). */
function atLeastAsNew(a: IncomingRecord, b: IncomingRecord): boolean {
  if (a.sourceVersion != null && b.sourceVersion != null) return new Decimal(String(a.sourceVersion)).gte(String(b.sourceVersion));
  if (a.sourceUpdatedAt && b.sourceUpdatedAt) return Date.parse(a.sourceUpdatedAt) >= Date.parse(b.sourceUpdatedAt);
  return true;
}

/**
 * Upserts a page of records in ONE statement, keyed on (config_id, model, source_id).
 * Ordering guard: an incoming record applies when its source_version >= the stored one; when either version is
 * missing, source_updated_at decides the same way; when both are missing, the last write wins. Ties apply (>=),
 * so two changes in the same second are not dropped (stripe-sync-engine #268). A stale record is not applied but
 * still counts as seen by the sync run, so delete detection never deletes a record the source still has.
 */
export async function upsertRecords(db: Db, input: UpsertRecordsInput): Promise<UpsertResult> {
  const latest = new Map<string, IncomingRecord>();
  for (const r of input.records) {
    const seen = latest.get(r.sourceId);
    if (!seen || atLeastAsNew(r, seen)) latest.set(r.sourceId, r);
  }
  if (latest.size === 0) return { inserted: 0, updated: 0, skippedStale: input.records.length };
  const rows = [...latest.values()].map((r) => ({
    source_id: r.sourceId,
    data: r.data,
    schema_version: r.schemaVersion,
    source_updated_at: r.sourceUpdatedAt ?? null,
    source_version: r.sourceVersion == null ? null : String(r.sourceVersion),
  }));
  const res = await db.query<{ inserted: number; updated: number }>(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb)
         as r(source_id text, data jsonb, schema_version text, source_updated_at timestamptz, source_version numeric)
     ), upserted as (
       insert into public.unified_records as u (config_id, user_id, model, source_system, source_id, schema_version,
         data, source_updated_at, source_version, last_seen_sync_run, synced_at)
       select $2::uuid, $3::uuid, $4, $5, source_id, schema_version, data, source_updated_at, source_version, $6::uuid, now()
       from input
       on conflict (config_id, model, source_id) do update set
         data = excluded.data, schema_version = excluded.schema_version, source_system = excluded.source_system,
         source_updated_at = coalesce(excluded.source_updated_at, u.source_updated_at),
         source_version = coalesce(excluded.source_version, u.source_version),
         last_seen_sync_run = coalesce(excluded.last_seen_sync_run, u.last_seen_sync_run),
         deleted = false, deleted_at = null, synced_at = now()
       where coalesce(excluded.source_version >= u.source_version, excluded.source_updated_at >= u.source_updated_at, true)
       returning u.source_id, (u.xmax = 0) as inserted
     ), seen_stale as (
       update public.unified_records s set last_seen_sync_run = $6::uuid
       where $6::uuid is not null and s.config_id = $2::uuid and s.model = $4
         and s.source_id in (select source_id from input except select source_id from upserted)
         and s.last_seen_sync_run is distinct from $6::uuid
       returning 1
     )
     select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
            (select count(*) from seen_stale)::int as seen
     from upserted`,
    [JSON.stringify(rows), input.configId, input.userId, input.model, input.sourceSystem, input.syncRunId ?? null],
  );
  const { inserted = 0, updated = 0 } = res.rows[0] ?? {};
  return { inserted, updated, skippedStale: input.records.length - inserted - updated };
}

/**
 * Soft-deletes records by source id. With a version or time, an older delete does not win over a newer update.
 * Returns how many live records were marked.
 */
export async function markDeleted(
  db: Db,
  input: { configId: string; model: string; sourceIds: string[]; sourceVersion?: number | bigint | string; sourceUpdatedAt?: string },
): Promise<number> {
  if (input.sourceIds.length === 0) return 0;
  const res = await db.query(
    `update public.unified_records
     set deleted = true, deleted_at = now(), source_version = coalesce($4::numeric, source_version),
         source_updated_at = coalesce($5::timestamptz, source_updated_at)
     where config_id = $1 and model = $2 and source_id = any($3::text[]) and not deleted
       and coalesce($4::numeric >= source_version, $5::timestamptz >= source_updated_at, true)`,
    [input.configId, input.model, input.sourceIds, input.sourceVersion == null ? null : String(input.sourceVersion), input.sourceUpdatedAt ?? null],
  );
  return res.rowCount;
}

/** After a complete full sync: every live record of (config, model) that the run did not see was deleted at the source. */
export async function markUnseenDeleted(db: Db, input: { configId: string; model: string; syncRunId: string }): Promise<number> {
  const res = await db.query(
    `update public.unified_records set deleted = true, deleted_at = now()
     where config_id = $1 and model = $2 and not deleted and last_seen_sync_run is distinct from $3::uuid`,
    [input.configId, input.model, input.syncRunId],
  );
  return res.rowCount;
}

export async function getRecord(db: Db, key: { configId: string; model: string; sourceId: string }): Promise<StoredRecord | undefined> {
  const res = await db.query<StoredRecord>(
    `select ${RECORD_COLUMNS} from public.unified_records where config_id = $1 and model = $2 and source_id = $3`,
    [key.configId, key.model, key.sourceId],
  );
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
  const res = await db.query(
    `update public.unified_records set external_id = $4 where config_id = $1 and model = $2 and source_id = $3`,
    [key.configId, key.model, key.sourceId, key.externalId],
  );
  return res.rowCount > 0;
}
