import type { Client } from '@temporalio/client';
import { percentile } from './_fleet-runs';

/**
 * Where a tick's time goes, read from workflow histories: waiting for a workflow task slot or poller (workflow task
 * scheduled → started), running workflow code (started → completed), waiting for an activity slot (activity scheduled
 * → started) and running each activity type. Whatever saturates first as N grows shows up as the phase that grows:
 * worker task slots or pollers as queue time, the Postgres pool or credential decryption as activity run time.
 */
type Ts = { seconds?: number | { toNumber(): number } | null; nanos?: number | null } | null | undefined;
const ms = (t: Ts) => (t ? (typeof t.seconds === 'number' ? t.seconds : (t.seconds?.toNumber() ?? 0)) * 1000 + (t.nanos ?? 0) / 1e6 : NaN);

export type Phases = Map<string, number[]>;

function add(phases: Phases, name: string, value: number): void {
  if (Number.isNaN(value)) return;
  const list = phases.get(name) ?? [];
  list.push(value);
  phases.set(name, list);
}

/** Adds one execution's phases (by event id: each started/completed event names its scheduled event). */
export async function addHistory(phases: Phases, client: Client, workflowId: string, runId: string): Promise<void> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const at = new Map<number, { time: number; activity?: string }>();
  for (const e of history.events ?? []) {
    const id = Number(e.eventId);
    const time = ms(e.eventTime as Ts);
    at.set(id, { time, activity: e.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined });
    const wfStarted = e.workflowTaskStartedEventAttributes;
    if (wfStarted) add(phases, 'workflow task queue', time - (at.get(Number(wfStarted.scheduledEventId))?.time ?? NaN));
    const wfDone = e.workflowTaskCompletedEventAttributes;
    if (wfDone) add(phases, 'workflow task run', time - (at.get(Number(wfDone.startedEventId))?.time ?? NaN));
    const actStarted = e.activityTaskStartedEventAttributes;
    if (actStarted) add(phases, 'activity queue', time - (at.get(Number(actStarted.scheduledEventId))?.time ?? NaN));
    const actDone = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes;
    if (actDone) {
      const scheduled = at.get(Number(actDone.scheduledEventId));
      add(phases, `activity ${scheduled?.activity ?? '?'}`, time - (at.get(Number(actDone.startedEventId))?.time ?? NaN));
    }
    const child = e.childWorkflowExecutionStartedEventAttributes;
    if (child) add(phases, 'child start (server)', time - (at.get(Number(child.initiatedEventId))?.time ?? NaN));
  }
}

/** Histories of up to `limit` executions, spread evenly over the list, fetched `width` at a time. */
export async function phasesOf(client: Client, runs: Array<{ workflowId: string; runId: string }>, limit = 300, width = 10): Promise<Phases> {
  const step = Math.max(1, runs.length / limit);
  const picked: typeof runs = [];
  for (let i = 0; i < runs.length && picked.length < limit; i += step) picked.push(runs[Math.floor(i)]!);
  const phases: Phases = new Map();
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < picked.length) {
        const r = picked[next++]!;
        await addHistory(phases, client, r.workflowId, r.runId).catch(() => undefined);
      }
    }),
  );
  return phases;
}

/** One line per phase: p50, p99 and the count, ms. */
export function formatPhases(phases: Phases): string[] {
  return [...phases.entries()].map(
    ([name, v]) => `${name.padEnd(28)} p50 ${percentile(v, 50).toFixed(0).padStart(6)} ms, p99 ${percentile(v, 99).toFixed(0).padStart(6)} ms (n=${v.length})`,
  );
}
