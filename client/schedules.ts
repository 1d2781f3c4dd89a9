import { ScheduleNotFoundError, type Client, type ScheduleOverlapPolicy, type ScheduleSummary } from '@temporalio/client';
import type { SyncMode } from '../contracts/sync';
import { SA } from '../contracts/search-attributes';
import { syncScheduleId } from './ids';

export interface ScheduleSyncOptions {
  /** e.g. "1h", "15m", "30s" (Temporal duration strings). */
  every?: string;
  /** A cron expression, e.g. "0 * * * *". */
  cron?: string;
  /**
   * Where in each interval a config's ticks fall. Default `spread`: a stable phase from the config id, so a fleet of
   * `every 1m` schedules does not fire in the same second (Temporal aligns intervals to the epoch). `aligned`: on the
   * interval's boundaries (e.g. the top of each hour). A cron expression always runs at its own times.
   */
  phase?: 'spread' | 'aligned';
  mode?: SyncMode;
  /** Default SKIP: a tick while the previous sync still runs is dropped, never queued up. */
  overlap?: ScheduleOverlapPolicy;
  paused?: boolean;
  note?: string;
  /** The id of the database the config lives in (store/database-identity.ts): ticks reaching a worker on another
   * database end at once instead of failing on a config that is not there. */
  databaseId?: string;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A stable phase within one interval for a config: FNV-1a of its id, in whole milliseconds below `everyMs`. */
export function spreadOffsetMs(configId: string, everyMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < configId.length; i++) h = Math.imul(h ^ configId.charCodeAt(i), 0x01000193) >>> 0;
  return everyMs > 1 ? h % everyMs : 0;
}

/** An `--every` duration (30s, 15m, 1h, 1d, 500ms) in milliseconds; anything else, or zero, throws saying why. */
export function everyToMs(every: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(every);
  if (!m) throw new Error(`--every "${every}" is not a duration; use a number and a unit, e.g. 30s, 15m, 1h, 1d`);
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (!(ms > 0)) throw new Error(`--every "${every}" must be longer than zero`);
  return ms;
}

export function scheduleSpec(configId: string, o: ScheduleSyncOptions) {
  if (Boolean(o.every) === Boolean(o.cron)) throw new Error('give exactly one of --every (e.g. 1h) or --cron (e.g. "0 * * * *")');
  if (!o.every) return { cronExpressions: [o.cron!] };
  const everyMs = everyToMs(o.every);
  const every = o.every as `${number}${keyof typeof UNIT_MS}`;
  return { intervals: [o.phase === 'aligned' ? { every } : { every, offset: spreadOffsetMs(configId, everyMs) }] };
}

/** One Temporal Schedule per config: `sync-schedule:<configId>` starting `sync:<configId>` syncs. */
export async function createSyncSchedule(client: Client, taskQueue: string, configId: string, o: ScheduleSyncOptions) {
  const scheduleId = syncScheduleId(configId);
  await client.schedule.create({
    scheduleId,
    spec: scheduleSpec(configId, o),
    action: {
      type: 'startWorkflow',
      workflowType: 'scheduledSyncWorkflow',
      taskQueue,
      workflowId: `sync-scheduled:${configId}`, // the tick starts sync:<configId> as a child (one sync per config)
      args: [{ configId, mode: o.mode ?? 'incremental', ...(o.databaseId ? { databaseId: o.databaseId } : {}) }],
      typedSearchAttributes: [
        { key: SA.configId, value: configId },
        { key: SA.action, value: `sync-${o.mode ?? 'incremental'}` },
      ],
    },
    policies: { overlap: o.overlap ?? 'SKIP', catchupWindow: '1 minute' },
    ...(o.databaseId ? { memo: { databaseId: o.databaseId } } : {}),
    state: { paused: o.paused ?? false, note: o.note ?? `sync of config ${configId}` },
  });
  return { scheduleId };
}

export async function updateSyncSchedule(client: Client, configId: string, o: ScheduleSyncOptions): Promise<void> {
  await client.schedule.getHandle(syncScheduleId(configId)).update((prev) => ({
    ...prev,
    spec: scheduleSpec(configId, o),
    policies: { ...prev.policies, overlap: o.overlap ?? prev.policies.overlap },
  }));
}

export interface ScheduleRow {
  scheduleId: string;
  configId: string;
  paused: boolean;
  note?: string;
  databaseId?: string;
  nextRuns: string[];
  recentRuns: string[];
}

function toRow(s: ScheduleSummary): ScheduleRow {
  return {
    scheduleId: s.scheduleId,
    configId: s.scheduleId.replace(/^sync-schedule:/, ''),
    paused: s.state.paused,
    note: s.state.note,
    databaseId: typeof s.memo?.databaseId === 'string' ? s.memo.databaseId : undefined,
    nextRuns: (s.info?.nextActionTimes ?? []).slice(0, 3).map((d) => d.toISOString()),
    recentRuns: (s.info?.recentActions ?? []).slice(-3).map((a) => a.takenAt.toISOString()),
  };
}

export async function listSyncSchedules(client: Client): Promise<ScheduleRow[]> {
  const rows: ScheduleRow[] = [];
  for await (const s of client.schedule.list()) if (s.scheduleId.startsWith('sync-schedule:')) rows.push(toRow(s));
  return rows;
}

type ScheduleAction = 'pause' | 'unpause' | 'trigger' | 'delete';

/** pause, unpause (resume), trigger (run once now, even when paused) or delete a config's schedule. */
export async function controlSyncSchedule(client: Client, configId: string, action: ScheduleAction, note?: string): Promise<void> {
  const handle = client.schedule.getHandle(syncScheduleId(configId));
  try {
    if (action === 'pause') await handle.pause(note ?? 'paused from fabric');
    else if (action === 'unpause') await handle.unpause(note ?? 'resumed from fabric');
    else if (action === 'trigger') await handle.trigger('ALLOW_ALL');
    else await handle.delete();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError)
      throw new Error(`config ${configId} has no schedule; create one with \`fabric schedule create ${configId} --every 1h\``, { cause: err });
    throw err;
  }
}

/** Runs the schedule's actions for a past window, as if it had been running then. */
export async function backfillSyncSchedule(client: Client, configId: string, start: Date, end: Date): Promise<void> {
  await client.schedule.getHandle(syncScheduleId(configId)).backfill({ start, end, overlap: 'ALLOW_ALL' });
}

/** The one Schedule that keeps OAuth2 tokens fresh (every 5 minutes, tokens expiring within 10). Idempotent. */
export const CREDENTIALS_REFRESH_SCHEDULE_ID = 'credentials-refresh';

export async function ensureCredentialRefreshSchedule(client: Client, taskQueue: string): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = CREDENTIALS_REFRESH_SCHEDULE_ID;
  try {
    await client.schedule.getHandle(scheduleId).describe();
    return { scheduleId, created: false };
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  await client.schedule.create({
    scheduleId,
    spec: { intervals: [{ every: '5 minutes' }] },
    action: { type: 'startWorkflow', workflowType: 'credentialUpkeepWorkflow', taskQueue, workflowId: 'credentials-refresh', args: [{ withinSeconds: 600 }] },
    policies: { overlap: 'SKIP' },
    state: { note: 'refresh OAuth2 tokens before they expire' },
  });
  return { scheduleId, created: true };
}
