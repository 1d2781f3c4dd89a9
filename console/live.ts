import { ScheduleNotFoundError } from '@temporalio/client';
import { syncScheduleId } from '../client/ids';
import { listSyncSchedules, type ScheduleRow } from '../client/schedules';
import { getSyncStatus, type SyncStatus } from '../client/sync';
import type { ConsoleDeps } from './types';

/**
 * Temporal calls made by pages get a deadline: a lost server shows a banner within seconds, not a hanging page.
 * 8 s leaves room for a busy server (tests share two cores with many processes) while still failing visibly.
 */
export function withDeadline<T>(deps: ConsoleDeps, fn: () => Promise<T>, ms = 8000): Promise<T> {
  return deps.temporal.client.connection.withDeadline(Date.now() + ms, fn);
}

export const syncStatus = (deps: ConsoleDeps, configId: string): Promise<SyncStatus> => withDeadline(deps, () => getSyncStatus(deps.temporal.client, configId));

export interface ScheduleInfo {
  exists: boolean;
  paused?: boolean;
  note?: string;
  spec?: string;
  nextRuns?: string[];
  recentRuns?: string[];
}

export async function scheduleInfo(deps: ConsoleDeps, configId: string): Promise<ScheduleInfo> {
  try {
    const handle = deps.temporal.client.schedule.getHandle(syncScheduleId(configId));
    const d = await withDeadline(deps, () => handle.describe());
    const every = d.spec.intervals?.map((i) => `every ${String(i.every)}`) ?? [];
    const cron = d.spec.calendars?.length ? [`${d.spec.calendars.length} calendar rule(s)`] : [];
    return {
      exists: true,
      paused: d.state.paused,
      note: d.state.note,
      spec: [...every, ...cron].join(', ') || 'custom',
      nextRuns: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
      recentRuns: d.info.recentActions.slice(-3).map((a) => a.takenAt.toISOString()),
    };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return { exists: false };
    throw err;
  }
}

/** Every sync schedule by config ID, for the configs list (one list call instead of one describe per config). */
export async function schedulesByConfig(deps: ConsoleDeps): Promise<Map<string, ScheduleRow>> {
  const rows = await withDeadline(deps, () => listSyncSchedules(deps.temporal.client), 10_000);
  return new Map(rows.map((r) => [r.configId, r]));
}

/** The Web UI's workflow list filtered to one config (the ConfigId search attribute). */
export function temporalUiLink(deps: ConsoleDeps, configId: string): string | undefined {
  if (!deps.temporalUiUrl) return undefined;
  const ns = deps.temporal.namespace ?? 'default';
  const query = encodeURIComponent(`ConfigId="${configId}"`);
  return `${deps.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ns)}/workflows?query=${query}`;
}

export function workflowUiLink(deps: ConsoleDeps, workflowId: string, runId?: string | null): string | undefined {
  if (!deps.temporalUiUrl) return undefined;
  const ns = deps.temporal.namespace ?? 'default';
  const ui = deps.temporalUiUrl.replace(/\/$/, '');
  const base = `${ui}/namespaces/${encodeURIComponent(ns)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
