import type { Db } from '../store/db';
import type { ActivityDeps } from './deps';
import { CUSTOMER_SCHEMA_VERSION, interpretEvent, type RecordChange } from './webhook-events';

interface EventRow {
  id: string;
  connector: string;
  event_id: string;
  config_id: string;
  user_id: string;
  payload: unknown;
  /** Only when payload is null: the server stored the body once, and the payload is the whole body. */
  raw_body: string | null;
}

export interface BatchResult {
  claimed: number;
  applied: number;
  ignored: number;
  failed: number;
  /** The `<connector>:<eventId>` of every event in the batch: visible in the Web UI as the activity result. */
  eventIds: string[];
}

/**
 * Applies the newest change per record in ONE statement. A record is written only when the incoming version is
 * newer than or equal to the stored one (or, against a row a sync wrote without a version, when the event is not
 * older than the sync's as-of time: the same rule as store/records.ts), so an older event never overwrites newer
 * state; deletes are tombstones
 * (deleted = true with the version), so an update older than the delete cannot bring the record back.
 */
async function applyChanges(tx: Db, configId: string, userId: string, source: string, changes: RecordChange[]): Promise<void> {
  const newest = new Map<string, RecordChange>();
  for (const c of changes) {
    const seen = newest.get(c.sourceId);
    if (!seen || c.version >= seen.version) newest.set(c.sourceId, c);
  }
  if (newest.size === 0) return;
  const rows = [...newest.values()].map((c) => ({ source_id: c.sourceId, data: c.data, version: c.version, at: c.occurredAt, deleted: c.deleted }));
  await tx.query(
    `insert into public.unified_records as u (config_id, user_id, model, source_system, source_id, schema_version, data,
       source_version, source_updated_at, deleted, deleted_at, synced_at)
     select $2::uuid, $3::uuid, 'customer', $4, r.source_id, $5, r.data, r.version, r.at, r.deleted,
            case when r.deleted then now() end, now()
       from jsonb_to_recordset($1::jsonb) as r(source_id text, data jsonb, version numeric, at timestamptz, deleted boolean)
     on conflict (config_id, model, source_id) do update set
       data = case when excluded.deleted then u.data else excluded.data end,
       source_version = excluded.source_version, source_updated_at = excluded.source_updated_at,
       deleted = excluded.deleted, deleted_at = case when excluded.deleted then coalesce(u.deleted_at, now()) end,
       schema_version = excluded.schema_version, synced_at = now()
     where coalesce(excluded.source_version >= u.source_version, excluded.source_updated_at >= u.source_updated_at, true)`,
    [JSON.stringify(rows), configId, userId, source, CUSTOMER_SCHEMA_VERSION],
  );
}

async function applyRows(tx: Db, rows: EventRow[], processor: string): Promise<Omit<BatchResult, 'claimed' | 'eventIds'>> {
  const out = { applied: 0, ignored: 0, failed: 0 };
  const status: string[] = [];
  const errors: (string | null)[] = [];
  const groups = new Map<string, { configId: string; userId: string; connector: string; changes: RecordChange[] }>();
  for (const row of rows) {
    const it = interpretEvent(row.connector, row.event_id, row.payload ?? parseBody(row.raw_body));
    status.push(it.status === 'apply' ? 'applied' : it.status);
    errors.push(it.status === 'apply' ? null : it.reason);
    out[it.status === 'apply' ? 'applied' : it.status]++;
    if (it.status !== 'apply') continue;
    const key = `${row.config_id}/${row.connector}`;
    const g = groups.get(key) ?? { configId: row.config_id, userId: row.user_id, connector: row.connector, changes: [] };
    g.changes.push(it.change);
    groups.set(key, g);
  }
  for (const g of groups.values()) await applyChanges(tx, g.configId, g.userId, g.connector, g.changes);
  await tx.query(
    `update public.webhook_events e set status = x.status, error = x.error, processed_at = clock_timestamp(), workflow_id = $4
       from unnest($1::uuid[], $2::text[], $3::text[]) as x(id, status, error) where e.id = x.id`,
    [rows.map((r) => r.id), status, errors, processor],
  );
  return out;
}

const EVENT_COLUMNS = `id, connector, event_id, config_id, user_id, payload, case when payload is null then raw_body end as raw_body`;

function parseBody(raw: string | null): unknown {
  try {
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null; // the server stores only bodies that parsed; interpretEvent reports a non-object as failed
  }
}

export function webhookActivities({ db }: ActivityDeps) {
  return {
    /**
     * Claims up to `limit` received events of one config (oldest first, SKIP LOCKED so concurrent claimers never
     * share one), applies them and marks them applied/ignored/failed, all in one transaction: exactly once.
     */
    async applyWebhookBatch(input: { configId: string; workflowId: string; runId: string; limit: number }): Promise<BatchResult> {
      return db.transaction(async (tx) => {
        const claimed = await tx.query<EventRow>(
          `select ${EVENT_COLUMNS} from public.webhook_events where config_id = $1 and status = 'received'
            order by received_at, id limit $2 for update skip locked`,
          [input.configId, input.limit],
        );
        if (claimed.rows.length === 0) return { claimed: 0, applied: 0, ignored: 0, failed: 0, eventIds: [] };
        const counts = await applyRows(tx, claimed.rows, input.workflowId);
        return { claimed: claimed.rows.length, ...counts, eventIds: claimed.rows.map((r) => `${r.connector}:${r.event_id}`) };
      });
    },

    /** Applies one stored event again (replay); the ordering guard keeps newer state. */
    async applyWebhookEvent(input: { connector: string; eventId: string }): Promise<{ status: string; change?: string }> {
      return db.transaction(async (tx) => {
        const res = await tx.query<EventRow>(
          `select ${EVENT_COLUMNS} from public.webhook_events where connector = $1 and event_id = $2 for update`,
          [input.connector, input.eventId],
        );
        const row = res.rows[0];
        if (!row) return { status: 'not_found' };
        const counts = await applyRows(tx, [row], `webhook:${input.connector}:${input.eventId}`);
        return { status: counts.applied ? 'applied' : counts.ignored ? 'ignored' : 'failed' };
      });
    },
  };
}
