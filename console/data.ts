import type { Db } from '../store/db';
import { listQuarantined, type QuarantinedRecord } from '../store/quarantine';
import { asUser } from '../store/rls';
import type { ConsoleUser } from './auth';
import { NotFoundError } from '../config/errors';

// Every read here runs as the signed-in user through RLS (store/rls.ts), exactly as PostgREST would: a user's
// queries simply cannot see another user's rows, and operators (service_role) see all of them.

export interface ConfigRow {
  id: string;
  connector: string;
  name: string;
  userId: string;
  config: Record<string, unknown>;
  isActive: boolean;
  syncStatus: string;
  lastSyncAt: string | null;
  errorMessage: string | null;
  createdAt: string;
}

export interface RunRow {
  id: string;
  mode: string;
  status: string;
  counts: Record<string, number>;
  errors: unknown[];
  startedAt: string;
  finishedAt: string | null;
  workflowId: string;
  runId: string | null;
}

export interface ConfigDetail {
  config: ConfigRow;
  runs: RunRow[];
  quarantine: QuarantinedRecord[];
  credentials: Array<{ name: string; type: string; updatedAt: string }>;
  records: Array<{ model: string; sourceId: string; data: Record<string, unknown>; syncedAt: string }>;
}

const CONFIG_COLUMNS = `id, connector, name, user_id as "userId", config, is_active as "isActive",
  sync_status as "syncStatus", last_sync_at::text as "lastSyncAt", error_message as "errorMessage",
  created_at::text as "createdAt"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function listConfigs(db: Db, user: ConsoleUser): Promise<ConfigRow[]> {
  return asUser(
    db,
    user,
    async (tx) => (await tx.query<ConfigRow>(`select ${CONFIG_COLUMNS} from public.connector_configs order by created_at desc, id`)).rows,
  );
}

/** The config if this user may see it; otherwise NotFoundError (a 404, never a 403: existence is not disclosed). */
export async function visibleConfig(tx: Db, id: string): Promise<ConfigRow> {
  if (!UUID.test(id)) throw new NotFoundError(`no config ${id}`);
  const sql = `select ${CONFIG_COLUMNS} from public.connector_configs where id = $1`;
  const row = (await tx.query<ConfigRow>(sql, [id])).rows[0];
  if (!row) throw new NotFoundError(`no config ${id}`);
  return row;
}

export function configForUser(db: Db, user: ConsoleUser, id: string): Promise<ConfigRow> {
  return asUser(db, user, (tx) => visibleConfig(tx, id));
}

export function configDetail(db: Db, user: ConsoleUser, id: string): Promise<ConfigDetail> {
  return asUser(db, user, async (tx) => {
    const config = await visibleConfig(tx, id);
    const runs = await tx.query<RunRow>(
      `select id, mode, status, counts, errors, started_at::text as "startedAt", finished_at::text as "finishedAt",
              workflow_id as "workflowId", run_id as "runId"
       from public.sync_runs where config_id = $1 order by started_at desc, id desc limit 20`,
      [id],
    );
    const credentials = await tx.query<{ name: string; type: string; updatedAt: string }>(
      `select name, credential_type as type, updated_at::text as "updatedAt" from public.connector_credentials
       where config_id = $1 order by name`,
      [id],
    );
    const records = await tx.query<ConfigDetail['records'][number]>(
      `select model, source_id as "sourceId", data, synced_at::text as "syncedAt" from public.unified_records
       where config_id = $1 and not deleted order by synced_at desc, id limit 5`,
      [id],
    );
    const quarantine = await listQuarantined(tx, { configId: id, limit: 50 });
    return { config, runs: runs.rows, quarantine, credentials: credentials.rows, records: records.rows };
  });
}

export interface WebhookRow {
  id: string;
  connector: string;
  configId: string;
  configName: string;
  endpointPath: string;
  isActive: boolean;
  createdAt: string;
}

export interface EventRow {
  id: string;
  connector: string;
  eventId: string;
  eventType: string | null;
  status: string;
  error: string | null;
  receivedAt: string;
  processedAt: string | null;
  configId: string | null;
}

export function webhooksOverview(db: Db, user: ConsoleUser): Promise<{ endpoints: WebhookRow[]; events: EventRow[] }> {
  return asUser(db, user, async (tx) => {
    const endpoints = await tx.query<WebhookRow>(
      `select w.id, w.connector, w.config_id as "configId", c.name as "configName", w.endpoint_path as "endpointPath",
              w.is_active as "isActive", w.created_at::text as "createdAt"
       from public.webhook_configs w join public.connector_configs c on c.id = w.config_id
       order by w.created_at desc, w.id`,
    );
    const events = await tx.query<EventRow>(
      `select id, connector, event_id as "eventId", event_type as "eventType", status, error,
              received_at::text as "receivedAt",
              processed_at::text as "processedAt", config_id as "configId"
       from public.webhook_events order by received_at desc, id limit 50`,
    );
    return { endpoints: endpoints.rows, events: events.rows };
  });
}
