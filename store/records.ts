import Decimal from 'decimal.js';
import type { Db } from './db';

export { getRecord, listRecords, setExternalId, type StoredRecord } from './records-read';

export interface IncomingRecord {
  sourceId: string;
  /**
   * `upsert` (the default) stores data; `tombstone` marks the record deleted, keeping its data and merging in
   * `data` (e.g. `merged_into`), so an older update arriving later cannot bring it back.
   */
  op?: 'upsert' | 'tombstone';
  data: Record<string, unknown>;
  schemaVersion: string;
  /** ISO time the source last changed the record; orders updates when there is no version. */
  sourceUpdatedAt?: string | null;
  /** Monotonic version from the source (event sequence, updated ms); a newer or equal one wins. */
  sourceVersion?: number | bigint | string | null;
}

/**
 * A record already turned into its row's JSON (prepareRecord), with the keys the ordering guard needs. A sync
 * prepares each record as soon as it is mapped, so the mapped objects die young instead of waiting, promoted, in the
 * batch until its commit (#15: less garbage collection and a smaller heap).
 */
export type PreparedRecord = Omit<IncomingRecord, 'data'> & { readonly row: string };

export function prepareRecord(r: IncomingRecord): PreparedRecord {
  const { data, ...keys } = r;
  const row = {
    source_id: r.sourceId,
    data,
    schema_version: r.schemaVersion,
    source_updated_at: r.sourceUpdatedAt ?? null,
    source_version: r.sourceVersion == null ? null : String(r.sourceVersion),
    deleted: r.op === 'tombstone',
  };
  return { ...keys, row: JSON.stringify(row) };
}

export interface UpsertRecordsInput {
  configId: string;
  userId: string;
  model: string;
  sourceSystem: string;
  /** The sync run that saw these records; markUnseenDeleted uses it for delete detection. */
  syncRunId?: string | null;
  records: Array<IncomingRecord | PreparedRecord>;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Older than what is stored (or an older duplicate within the batch): not applied. */
  skippedStale: number;
}

/** True when a is at least as new as b, by the same rule as the SQL guard (version, then time, else true). */
function atLeastAsNew(a: PreparedRecord, b: PreparedRecord): boolean {
  if (a.sourceVersion != null && b.sourceVersion != null) return new Decimal(String(a.sourceVersion)).gte(String(b.sourceVersion));
  if (a.sourceUpdatedAt && b.sourceUpdatedAt) return Date.parse(a.sourceUpdatedAt) >= Date.parse(b.sourceUpdatedAt);
  return true;
}

/**
 * Applies the ordering guard: true for the rows whose incoming change is at least as new as the stored one.
 * Shared by every statement below that can lose against newer state, so syncs and webhooks order on one rule.
 */
const GUARD = (incoming: string, stored: string) =>
  `coalesce(${incoming}.source_version >= ${stored}.source_version, ${incoming}.source_updated_at >= ${stored}.source_updated_at, true)`;

/**
 * The one write path for records, used by syncs (a page of upserts) and webhooks (upserts and tombstones): ONE
 * upsert statement, keyed on (config_id, model, source_id); during a sync, the stale records it skipped are then
 * marked seen by key.
 * Ordering guard: an incoming record applies when its source_version >= the stored one; when either version is
 * missing, source_updated_at decides the same way; when both are missing, the last write wins. Ties apply (>=),
 * so two changes in the same second are not dropped (stripe-sync-engine #268). A stale record is not applied but
 * still counts as seen by the sync run, so delete detection never deletes a record the source still has.
 */
export async function writeRecords(db: Db, input: UpsertRecordsInput): Promise<UpsertResult> {
  const latest = new Map<string, PreparedRecord>();
  for (const each of input.records) {
    const r = 'row' in each ? each : prepareRecord(each);
    const seen = latest.get(r.sourceId);
    if (!seen || atLeastAsNew(r, seen)) latest.set(r.sourceId, r);
  }
  if (latest.size === 0) return { inserted: 0, updated: 0, skippedStale: input.records.length };
  const rows = `[${Array.from(latest.values(), (r) => r.row).join(',')}]`;
  const res = await db.query<{ inserted: number; updated: number }>(
    `with upserted as (
       insert into public.unified_records as u (config_id, user_id, model, source_system, source_id, schema_version,
         data, source_updated_at, source_version, last_seen_sync_run, deleted, deleted_at, synced_at)
       select $2::uuid, $3::uuid, $4, $5, source_id, schema_version, data, source_updated_at, source_version, $6::uuid,
              deleted, case when deleted then now() end, now()
       from jsonb_to_recordset($1::jsonb) as r(source_id text, data jsonb, schema_version text,
         source_updated_at timestamptz, source_version numeric, deleted boolean)
       on conflict (config_id, model, source_id) do update set
         data = case when excluded.deleted then u.data || excluded.data else excluded.data end,
         schema_version = case when excluded.deleted then u.schema_version else excluded.schema_version end,
         source_system = excluded.source_system,
         source_updated_at = coalesce(excluded.source_updated_at, u.source_updated_at),
         source_version = coalesce(excluded.source_version, u.source_version),
         last_seen_sync_run = coalesce(excluded.last_seen_sync_run, u.last_seen_sync_run),
         deleted = excluded.deleted, deleted_at = case when excluded.deleted then coalesce(u.deleted_at, now()) end,
         synced_at = now()
       where ${GUARD('excluded', 'u')}
       returning (u.xmax = 0) as inserted
     )
     select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
     from upserted`,
    [rows, input.configId, input.userId, input.model, input.sourceSystem, input.syncRunId ?? null],
  );
  const { inserted = 0, updated = 0 } = res.rows[0] ?? {};
  if (input.syncRunId && inserted + updated < latest.size) {
    // Stale records still count as seen by this run. Rare (an older copy than the stored one), so it costs a second
    // statement only then: naming the stale ones in the upsert (input except upserted) cost a quarter of its time.
    // Looked up by their keys only: a statement that named just the config and model would read every row of the
    // config for each batch, and a million-row sync would turn quadratic. The applied ones already carry the run.
    await db.query(
      `update public.unified_records set last_seen_sync_run = $4::uuid
       where config_id = $1::uuid and model = $2 and source_id = any($3::text[]) and last_seen_sync_run is distinct from $4::uuid`,
      [input.configId, input.model, [...latest.keys()], input.syncRunId],
    );
  }
  return { inserted, updated, skippedStale: input.records.length - inserted - updated };
}

/** A sync page: writeRecords with upserts only (kept as the name syncs call). */
export const upsertRecords = writeRecords;

/**
 * Erases a record's personal data on a privacy request (GDPR deletion): its data is replaced by its keys and an
 * `erased_at`, it becomes a tombstone, and quarantined copies are removed. Unlike every other write this ignores
 * the ordering guard on purpose: an erasure must win over any state, however new. Its time still moves the
 * record's clock forward, so no older event brings the data back.
 */
export async function eraseRecords(
  db: Db,
  input: { configId: string; userId: string; model: string; sourceSystem: string; schemaVersion: string; sourceIds: string[]; at: string },
): Promise<number> {
  if (input.sourceIds.length === 0) return 0;
  const res = await db.query(
    `insert into public.unified_records as u (config_id, user_id, model, source_system, source_id, schema_version, data,
       source_updated_at, deleted, deleted_at, synced_at)
     select $1::uuid, $2::uuid, $3, $4, id, $5,
            jsonb_build_object('source_system', $4::text, 'source_id', id, 'erased_at', now()), $7::timestamptz, true, now(), now()
       from unnest($6::text[]) as id
     on conflict (config_id, model, source_id) do update set
       data = excluded.data, deleted = true, deleted_at = coalesce(u.deleted_at, now()), external_id = null,
       source_updated_at = greatest(u.source_updated_at, excluded.source_updated_at), synced_at = now()`,
    [input.configId, input.userId, input.model, input.sourceSystem, input.schemaVersion, input.sourceIds, input.at],
  );
  await db.query(`delete from public.quarantined_records where config_id = $1 and model = $2 and source_id = any($3::text[])`, [
    input.configId,
    input.model,
    input.sourceIds,
  ]);
  return res.rowCount;
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
     set deleted = true, deleted_at = now(), source_version = coalesce($4::numeric, unified_records.source_version),
         source_updated_at = coalesce($5::timestamptz, unified_records.source_updated_at)
     from (select $4::numeric as source_version, $5::timestamptz as source_updated_at) x
     where config_id = $1 and model = $2 and source_id = any($3::text[]) and not deleted
       and ${GUARD('x', 'unified_records')}`,
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
