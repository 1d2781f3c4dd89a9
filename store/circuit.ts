import type { Db } from './db';

export interface PauseState {
  paused: boolean;
  pausedAt: string | null;
  reason: string | null;
  consecutiveFailures: number;
}

/** Pauses a config (the circuit breaker opens): sync_status `error` with the reason, which names the fix. */
export async function pauseConfig(db: Db, configId: string, reason: string): Promise<void> {
  await db.query(
    `update public.connector_configs
     set paused_at = coalesce(paused_at, now()), sync_status = 'error', error_message = $2, updated_at = now()
     where id = $1`,
    [configId, reason],
  );
}

/** Closes the circuit: `fabric configs resume`, or a new credential. */
export async function resumeConfig(db: Db, configId: string): Promise<boolean> {
  const res = await db.query(
    `update public.connector_configs set paused_at = null, consecutive_failures = 0,
       sync_status = case when sync_status = 'error' then 'idle' else sync_status end,
       error_message = case when sync_status = 'error' then null else error_message end, updated_at = now()
     where id = $1 and (paused_at is not null or consecutive_failures > 0 or sync_status = 'error')`,
    [configId],
  );
  return (res.rowCount ?? 0) > 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getPauseState(db: Db, configId: string): Promise<PauseState | undefined> {
  if (!UUID.test(configId)) return undefined;
  const res = await db.query<{ paused_at: string | null; error_message: string | null; consecutive_failures: number }>(
    `select paused_at::text, error_message, consecutive_failures from public.connector_configs where id = $1`,
    [configId],
  );
  const row = res.rows[0];
  if (!row) return undefined;
  return {
    paused: row.paused_at !== null,
    pausedAt: row.paused_at,
    reason: row.paused_at ? row.error_message : null,
    consecutiveFailures: row.consecutive_failures,
  };
}

/** One more failed attempt without progress; returns the run length so far. */
export async function recordFailure(db: Db, configId: string): Promise<number> {
  const res = await db.query<{ n: number }>(
    `update public.connector_configs set consecutive_failures = consecutive_failures + 1 where id = $1
     returning consecutive_failures as n`,
    [configId],
  );
  return res.rows[0]?.n ?? 0;
}

export async function recordSuccess(db: Db, configId: string): Promise<void> {
  await db.query(`update public.connector_configs set consecutive_failures = 0 where id = $1 and consecutive_failures <> 0`, [configId]);
}
