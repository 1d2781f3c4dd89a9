import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The engine's own metrics (docs/OPERATIONS.md lists each one and the alerts to set). Every metric is labelled by
 * connector, never by user or config ID, so a thousand tenants cost no more series than one. Callers use the small
 * functions below; none of them throws.
 */
export const registry = new Registry();

const counter = (name: string, help: string, labelNames: string[] = ['connector']) => new Counter({ name, help, labelNames, registers: [registry] });
const histogram = (name: string, help: string, buckets: number[]) => new Histogram({ name, help, labelNames: ['connector'], buckets, registers: [registry] });

const recordsSynced = counter('fabric_records_synced_total', 'Records upserted by syncs (committed batches only).');
const recordsQuarantined = counter('fabric_records_quarantined_total', 'Source records that failed validation and were quarantined.');
const recordsDeleted = counter('fabric_records_deleted_total', 'Records marked deleted because a full sync no longer saw them.');
const syncsFinished = counter('fabric_syncs_finished_total', 'Sync runs closed, by outcome (completed, failed, cancelled).', ['connector', 'status']);
const syncDuration = histogram('fabric_sync_duration_seconds', 'Wall time of a sync run, start to summary.', [1, 5, 15, 60, 300, 900, 3600, 14400]);
const webhookAck = histogram(
  'fabric_webhook_ack_seconds',
  'Time from a webhook request arriving to its answer (stored before a 2xx).',
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
);
const webhookResponses = counter('fabric_webhook_responses_total', 'Webhook answers by status class (2xx, 4xx, 5xx).', ['connector', 'status']);
const eventsApplied = counter('fabric_events_applied_total', 'Stored webhook events processed, by outcome (applied, ignored, failed).', [
  'connector',
  'outcome',
]);
const rateLimitWaits = counter('fabric_rate_limit_waits_total', 'Times a request waited for a vendor rate limit (429, Retry-After or pacing).');
const rateLimitWaitSeconds = counter('fabric_rate_limit_wait_seconds_total', 'Seconds spent waiting for vendor rate limits.');
const breakerTrips = counter('fabric_circuit_breaker_trips_total', 'Times a connector circuit breaker opened.');

const safe = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

export const metrics = {
  syncBatchCommitted(connector: string, c: { records: number; quarantined: number; deleted: number }): void {
    recordsSynced.inc({ connector }, safe(c.records));
    recordsQuarantined.inc({ connector }, safe(c.quarantined));
    recordsDeleted.inc({ connector }, safe(c.deleted));
  },
  syncFinished(connector: string, status: string, durationMs: number): void {
    syncsFinished.inc({ connector, status });
    syncDuration.observe({ connector }, safe(durationMs) / 1000);
  },
  webhookAnswered(connector: string, statusCode: number, elapsedMs: number): void {
    webhookAck.observe({ connector }, safe(elapsedMs) / 1000);
    webhookResponses.inc({ connector, status: `${Math.floor(statusCode / 100)}xx` });
  },
  eventsProcessed(connector: string, c: { applied: number; ignored: number; failed: number }): void {
    for (const outcome of ['applied', 'ignored', 'failed'] as const) eventsApplied.inc({ connector, outcome }, safe(c[outcome]));
  },
  /** For adapters/core/http.ts's pacing and 429 handling: one wait of `waitMs`. */
  rateLimitWait(connector: string, waitMs: number): void {
    rateLimitWaits.inc({ connector });
    rateLimitWaitSeconds.inc({ connector }, safe(waitMs) / 1000);
  },
  /** For the circuit breaker: it opened. */
  circuitBreakerTripped(connector: string): void {
    breakerTrips.inc({ connector });
  },
};
