import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';

/** The server sets it on every workflow a Schedule starts: the tick's nominal time. */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);
/** A Schedule names its workflows `<action's workflow id>-<scheduled time>`: the fallback when the attribute is missing. */
const ID_TIME = /-(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$/;

export interface Tick {
  configId: string;
  /** the tick's execution, and its sync child's first run (for their histories: bench/_fleet-phases.ts) */
  run: { workflowId: string; runId: string };
  syncRun?: { workflowId: string; runId: string };
  scheduledAt: number;
  /** The tick workflow's start (the server took the Schedule's action). */
  startedAt: number;
  /** The sync child's start: the tick's first workflow task ran on our worker and started it. */
  syncStartedAt?: number;
  syncClosedAt?: number;
  status: string;
  syncStatus?: string;
  /** The config's first tick: an initial load of every record, not a trickle. */
  first: boolean;
}

function scheduledTime(wf: WorkflowExecutionInfo): number | undefined {
  const attr = wf.typedSearchAttributes.get(SCHEDULED_START);
  if (attr) return attr.getTime();
  const m = ID_TIME.exec(wf.workflowId);
  return m ? Date.parse(m[1]!) : undefined;
}

/** Every tick a Schedule started on the task queue, joined to the sync it started (by parent run id). */
export async function collectTicks(client: Client, taskQueue: string): Promise<Tick[]> {
  const children = new Map<string, { start: number; close?: number; status: string; workflowId: string; runId: string }>();
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'syncWorkflow' AND TaskQueue = '${taskQueue}'` })) {
    const parent = wf.parentExecution?.runId;
    if (!parent) continue;
    const seen = children.get(parent);
    const start = wf.startTime.getTime();
    const close = wf.closeTime?.getTime();
    // a continued-as-new sync keeps its parent: the chain runs from the first start to the last close
    if (!seen) children.set(parent, { start, close, status: wf.status.name, workflowId: wf.workflowId, runId: wf.runId });
    else if (start > seen.start) Object.assign(seen, { close, status: wf.status.name });
    else Object.assign(seen, { start, runId: wf.runId });
  }
  const ticks: Tick[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'scheduledSyncWorkflow' AND TaskQueue = '${taskQueue}'` })) {
    const scheduledAt = scheduledTime(wf);
    if (scheduledAt === undefined) continue;
    const child = children.get(wf.runId);
    ticks.push({
      configId: wf.workflowId.replace(/^sync-scheduled:/, '').replace(ID_TIME, ''),
      run: { workflowId: wf.workflowId, runId: wf.runId },
      syncRun: child && { workflowId: child.workflowId, runId: child.runId },
      scheduledAt,
      startedAt: wf.startTime.getTime(),
      status: wf.status.name,
      syncStartedAt: child?.start,
      syncClosedAt: child?.close,
      syncStatus: child?.status,
      first: false,
    });
  }
  const firstOf = new Map<string, Tick>();
  for (const t of ticks) {
    const f = firstOf.get(t.configId);
    if (!f || t.scheduledAt < f.scheduledAt) firstOf.set(t.configId, t);
  }
  for (const t of firstOf.values()) t.first = true;
  return ticks;
}

/** Nearest-rank percentile of numbers (ms); NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const s = (ms: number) => (Number.isNaN(ms) ? '-' : `${(ms / 1000).toFixed(2)} s`);
export const p50p99 = (values: number[]) =>
  `p50 ${s(percentile(values, 50))}, p99 ${s(percentile(values, 99))}, max ${s(percentile(values, 100))} (n=${values.length})`;

export interface TickSummary {
  ticks: number;
  lagStart: number[];
  lagSync: number[];
  durFirst: number[];
  durLater: number[];
  /** ticks whose workflow or sync did not complete, and ticks that started no sync */
  failed: Tick[];
  noSync: number;
}

export function summarize(ticks: Tick[]): TickSummary {
  const out: TickSummary = { ticks: ticks.length, lagStart: [], lagSync: [], durFirst: [], durLater: [], failed: [], noSync: 0 };
  for (const t of ticks) {
    out.lagStart.push(t.startedAt - t.scheduledAt);
    if (t.syncStartedAt === undefined) out.noSync++;
    else out.lagSync.push(t.syncStartedAt - t.scheduledAt);
    if (t.syncStartedAt !== undefined && t.syncClosedAt !== undefined) (t.first ? out.durFirst : out.durLater).push(t.syncClosedAt - t.syncStartedAt);
    const syncOk = t.syncStatus === undefined || t.syncStatus === 'COMPLETED' || t.syncStatus === 'CONTINUED_AS_NEW';
    if (t.status !== 'COMPLETED' || !syncOk) out.failed.push(t);
  }
  return out;
}
