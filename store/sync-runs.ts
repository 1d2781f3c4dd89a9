import type { Db } from './db';

export type SyncRunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface SyncRun {
  id: string;
  configId: string;
  userId: string;
  workflowId: string;
  runId: string | null;
  mode: 'full' | 'incremental';
  status: SyncRunStatus;
  counts: Record<string, number>;
  errors: unknown[];
  summary: Record<string, unknown>;
  startedAt: string;
  finishedAt: string | null;
}

const COLUMNS = `id, config_id as "configId", user_id as "userId", workflow_id as "workflowId", run_id as "runId", mode,
  status, counts, errors, summary, started_at::text as "startedAt", finished_at::text as "finishedAt"`;

/**
 * Records the start of a sync. Idempotent per (workflowId, runId): a retried activity gets the same run back.
 * The owner is taken from the config, so the caller cannot attach a run to someone else's config.
 */
export async function startSyncRun(
  db: Db,
  s: { configId: string; workflowId: string; runId?: string | null; mode?: 'full' | 'incremental' },
): Promise<SyncRun> {
  const res = await db.query<SyncRun>(
    `insert into public.sync_runs (config_id, user_id, workflow_id, run_id, mode)
     select c.id, c.user_id, $2, $3, $4 from public.connector_configs c where c.id = $1
     on conflict (workflow_id, run_id) do update set workflow_id = excluded.workflow_id
     returning ${COLUMNS}`,
    [s.configId, s.workflowId, s.runId ?? null, s.mode ?? 'full'],
  );
  const run = res.rows[0];
  if (!run) throw new Error(`configId: no connector config ${s.configId}; create one with \`fabric configs create\``);
  return run;
}

/** Adds a page's counts to the run's running totals (e.g. { fetched: 100, upserted: 98, quarantined: 2 }). */
export async function addSyncRunCounts(db: Db, id: string, counts: Record<string, number>): Promise<void> {
  await db.query(
    `update public.sync_runs r set counts = (
       select coalesce(jsonb_object_agg(k, coalesce((r.counts ->> k)::numeric, 0) + coalesce((n.value)::numeric, 0)), '{}'::jsonb)
       from (select key as k from jsonb_each(r.counts) union select key from jsonb_each($2::jsonb)) keys
       left join jsonb_each_text($2::jsonb) n on n.key = keys.k)
     where id = $1`,
    [id, JSON.stringify(counts)],
  );
}

export async function finishSyncRun(
  db: Db,
  f: { id: string; status: Exclude<SyncRunStatus, 'running'>; counts?: Record<string, number>; errors?: unknown[]; summary?: Record<string, unknown> },
): Promise<SyncRun> {
  const res = await db.query<SyncRun>(
    `update public.sync_runs set status = $2, finished_at = now(), counts = coalesce($3::jsonb, counts),
       errors = coalesce($4::jsonb, errors), summary = coalesce($5::jsonb, summary)
     where id = $1 returning ${COLUMNS}`,
    [f.id, f.status, f.counts ? JSON.stringify(f.counts) : null, f.errors ? JSON.stringify(f.errors) : null, f.summary ? JSON.stringify(f.summary) : null],
  );
  const run = res.rows[0];
  if (!run) throw new Error(`id: no sync run ${f.id}`);
  return run;
}

export async function getLatestSyncRun(db: Db, configId: string): Promise<SyncRun | undefined> {
  const res = await db.query<SyncRun>(`select ${COLUMNS} from public.sync_runs where config_id = $1 order by started_at desc, id desc limit 1`, [configId]);
  return res.rows[0];
}
