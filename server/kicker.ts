import type { Client } from '@temporalio/client';
import type { Db } from '../store/db';
import { WEBHOOK_TASK_QUEUE_HINT, batchWorkflowId, eventsStoredSignal, webhookBatchWorkflow } from '../workflows/webhook-batch';
import { SA } from '../contracts/search-attributes';
import type { Context } from '@opentelemetry/api';
import { componentLogger, throttledLog } from '../telemetry/logger';
import { activeTraceContext, withTraceContext } from './webhook-spans';

const log = componentLogger('webhook-kicker');

/**
 * Starts processing for connector configs that have newly stored events: one signalWithStart on the config's batch
 * workflow per config per tick, however many events arrived. A config kicked less than `busyIntervalMs` ago waits
 * until then: under a steady stream its batch workflow runs a few large batches a second instead of one small
 * batch per tick, because each kick costs Temporal a signal, workflow tasks and an activity whatever its size
 * (measured: docs/BENCHMARKS.md, webhooks). A first event after a quiet spell is still kicked within one tick. A config whose kick fails (Temporal unreachable) stays
 * dirty and is retried; the sweeper also finds stored events nobody kicked (e.g. after a crash) and kicks them.
 */
export class ProcessingKicker {
  private dirty = new Set<string>();
  /** The trace of the request that made a config dirty (tracing on): its kick, and a batch run it starts, join it. */
  private traces = new Map<string, Context>();
  private lastKick = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private sweeper?: NodeJS.Timeout;
  private kicking?: Promise<void>;
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly kickFailed = throttledLog(log, 'warn', 5000);
  private readonly sweepFailed = throttledLog(log, 'warn', 5000);
  lastError?: string;

  constructor(
    private readonly db: Db,
    private readonly temporal: { client: Client; taskQueue: string },
    private readonly o: { tickMs: number; sweepIntervalMs: number; busyIntervalMs?: number },
  ) {}

  start(): void {
    this.sweeper = setInterval(() => void this.sweep(), this.o.sweepIntervalMs);
    this.sweeper.unref();
    void this.sweep();
  }

  mark(configIds: Iterable<string>): void {
    const trace = activeTraceContext();
    for (const id of configIds) {
      this.dirty.add(id);
      if (trace && !this.traces.has(id)) this.traces.set(id, trace);
    }
    this.schedule(this.o.tickMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }

  /** The dirty configs whose last kick is at least busyIntervalMs old (all of them when forced), and the wait for the rest. */
  private due(force: boolean): { ids: string[]; waitMs: number } {
    const now = Date.now();
    const busy = this.o.busyIntervalMs ?? 0;
    const ids: string[] = [];
    let waitMs = Infinity;
    for (const id of this.dirty) {
      const next = (this.lastKick.get(id) ?? -Infinity) + busy;
      if (force || next <= now) ids.push(id);
      else waitMs = Math.min(waitMs, next - now);
    }
    for (const id of ids) {
      this.dirty.delete(id);
      this.lastKick.set(id, now);
    }
    if (this.lastKick.size > 10_000) for (const [id, at] of this.lastKick) if (now - at > busy) this.lastKick.delete(id);
    return { ids, waitMs };
  }

  private async flush(force = false): Promise<void> {
    if (this.kicking) return this.kicking;
    const { ids, waitMs } = this.due(force);
    this.kicking = Promise.all(ids.map((id) => this.kick(id))).then(() => undefined);
    try {
      await this.kicking;
    } finally {
      this.kicking = undefined;
    }
    if (this.dirty.size > 0) this.schedule(Math.max(this.o.tickMs, Number.isFinite(waitMs) ? waitMs : 0));
  }

  private async kick(configId: string): Promise<void> {
    const trace = this.traces.get(configId);
    this.traces.delete(configId);
    try {
      // bounded: an unreachable Temporal must not pile up retrying calls; the sweeper tries again
      await withTraceContext(trace, () =>
        this.temporal.client.connection.withAbortSignal(this.abort.signal, () =>
          this.temporal.client.connection.withDeadline(Date.now() + 5000, () =>
            this.temporal.client.workflow.signalWithStart(webhookBatchWorkflow, {
              workflowId: batchWorkflowId(configId),
              taskQueue: this.temporal.taskQueue ?? WEBHOOK_TASK_QUEUE_HINT,
              args: [{ configId }],
              signal: eventsStoredSignal,
              signalArgs: [],
              typedSearchAttributes: [
                { key: SA.action, value: 'webhook-batch' },
                { key: SA.configId, value: configId },
              ],
            }),
          ),
        ),
      );
      this.lastError = undefined;
    } catch (err) {
      this.lastError = (err as Error).message; // the events stay stored; the sweeper retries
      if (!this.stopped) this.kickFailed({ configId, error: this.lastError }, `could not start processing stored events: ${this.lastError}`);
    }
  }

  /** Configs with events stored for a while but still unprocessed: their kick was lost or Temporal was down. */
  async sweep(): Promise<void> {
    try {
      const res = await this.db.query<{ config_id: string }>(
        `select distinct config_id from public.webhook_events
          where status = 'received' and received_at < now() - interval '1 second' and config_id is not null`,
      );
      if (res.rows.length > 0) this.mark(res.rows.map((r) => r.config_id));
    } catch (err) {
      // the database is down: /readyz reports it, and the next sweep tries again
      this.sweepFailed({ error: (err as Error).message }, `sweep for unprocessed events failed: ${(err as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // kick what is pending, but never hang shutdown on an unreachable Temporal: the sweeper covers the rest
    const pending = this.dirty.size > 0 ? this.flush(true) : this.kicking;
    await Promise.race([pending, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.abort.abort();
  }
}
