import { randomUUID } from 'node:crypto';
import { Runtime } from '@temporalio/worker';
import { startMockApi } from '../../../adapters/mock';
import { startSync } from '../../../client/sync';
import { freePort } from '../../../scripts/free-port';
import { webhookEndpointResolver, startHttpServer } from '../../../server';
import { startMetricsServer, type MetricsServer } from '../../../telemetry/metrics-server';
import { temporalLogger } from '../../../telemetry/temporal-logger';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { customerEvent, post, signStripe, stripeEndpoint, testStores, waitFor } from '../webhooks/fixtures';

/** `name{labels} value` of one series in a Prometheus text page, or undefined. */
function sample(page: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of page.split('\n')) {
    const m = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (m && m[1] === name && (m[2] ?? '').split(',').filter(Boolean).sort().join(',') === want) return Number(m[3]);
  }
  return undefined;
}

/** What the fake API's 80 records (seed 9) become: every record passes validation. */
const SYNCED = 80;
const QUARANTINED = 0;

describe('/metrics after a sync and a webhook burst', () => {
  const db = testDb(6);
  let metricsServer: MetricsServer;
  beforeAll(async () => {
    const sdk = `127.0.0.1:${await freePort()}`;
    // this file's runtime exports the SDK's metrics, as worker.ts does with FABRIC_METRICS_PORT
    Runtime.install({ logger: temporalLogger('WARN'), telemetryOptions: { metrics: { prometheus: { bindAddress: sdk } } } });
    metricsServer = await startMetricsServer({ host: '127.0.0.1', port: 0, sdkMetricsUrl: `http://${sdk}/metrics` });
  });
  afterAll(async () => {
    await metricsServer.close();
    await db.close();
  });

  it('shows records synced and quarantined, sync duration, webhook acks and events applied, by connector only', async () => {
    const api = await startMockApi({ records: 40, seed: 9 });
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const stores = testStores(db);
    const ep = await stripeEndpoint(stores);
    const worker = await startTestWorker(deps);
    const { client, connection } = await testClient();
    const server = await startHttpServer(
      { db, endpoints: webhookEndpointResolver(stores), temporal: { client, taskQueue: worker.taskQueue } },
      { host: '127.0.0.1', port: 0, limits: { sweepIntervalMs: 300 } },
    );
    try {
      const started = await startSync(client, worker.taskQueue, configId, { mode: 'full' });
      const summary = (await client.workflow.getHandle(started.workflowId).result()) as SyncSummary;
      const stored = await db.query<{ n: number }>('select count(*)::int as n from public.unified_records where config_id = $1', [configId]);
      const kept = await db.query<{ n: number }>('select count(*)::int as n from public.quarantined_records where config_id = $1', [configId]);
      const quarantined = Object.values(summary.counts).reduce((n, c) => n + c.quarantined, 0);
      // the fake API serves 40 customers and 40 invoices (seed 9): each is stored or quarantined, once
      expect([stored.rows[0]!.n, kept.rows[0]!.n, quarantined]).toEqual([SYNCED, QUARANTINED, QUARANTINED]);

      const events = Array.from({ length: 25 }, (_, i) => customerEvent(`cus_m${i}_${randomUUID().slice(0, 6)}`, 1));
      const bodies = events.map((e) => JSON.stringify(e));
      const answers = await Promise.all([...bodies, ...bodies.slice(0, 5)].map((b) => post(server.url, ep.path, b, signStripe(b, ep.secret))));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const bad = await post(server.url, ep.path, bodies[0]!, { 'stripe-signature': 't=1,v1=00' });
      expect(bad.status).toBe(401);
      await waitFor(
        async () => {
          const r = await db.query<{ n: number }>(`select count(*)::int as n from public.webhook_events where config_id = $1 and status = 'applied'`, [
            ep.configId,
          ]);
          return r.rows[0]!.n === 25 ? true : undefined;
        },
        60_000,
        '25 applied events',
      );

      const page = await (await fetch(`${metricsServer.url}/metrics`)).text();
      const mock = { connector: 'mock' };
      expect(sample(page, 'fabric_records_synced_total', mock)).toBe(SYNCED);
      expect(sample(page, 'fabric_records_quarantined_total', mock)).toBe(QUARANTINED);
      expect(sample(page, 'fabric_records_deleted_total', mock)).toBe(0);
      expect(sample(page, 'fabric_syncs_finished_total', { connector: 'mock', status: 'completed' })).toBe(1);
      expect(sample(page, 'fabric_sync_duration_seconds_count', mock)).toBe(1);
      expect(sample(page, 'fabric_sync_duration_seconds_sum', mock)).toBeCloseTo(summary.durationMs / 1000, 0);
      const stripe = { connector: 'stripe' };
      expect(sample(page, 'fabric_webhook_ack_seconds_count', stripe)).toBe(31);
      expect(sample(page, 'fabric_webhook_responses_total', { connector: 'stripe', status: '2xx' })).toBe(30);
      expect(sample(page, 'fabric_webhook_responses_total', { connector: 'stripe', status: '4xx' })).toBe(1);
      expect(sample(page, 'fabric_events_applied_total', { connector: 'stripe', outcome: 'applied' })).toBe(25);
      expect(sample(page, 'fabric_events_applied_total', { connector: 'stripe', outcome: 'failed' })).toBe(0);
      expect(sample(page, 'fabric_events_applied_total', { connector: 'stripe', outcome: 'ignored' })).toBe(0);
      expect(sample(page, 'fabric_webhook_responses_total', { connector: 'stripe', status: '5xx' })).toBeUndefined();
      expect(sample(page, 'fabric_webhook_ack_seconds_sum', stripe)).toBeGreaterThan(0);
      // the SDK runtime's own metrics are on the same page
      expect(page).toMatch(/^temporal_[a-z_]+(\{[^}]*\})? \d/m);
      // cardinality: our series carry connector (and a small outcome/status set), never a user or config ID
      const labelNames = new Set([...page.matchAll(/^fabric_[a-z_]+\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((kv) => kv.split('=')[0]!)));
      labelNames.delete('le');
      expect([...labelNames].sort()).toEqual(['connector', 'outcome', 'status']);
      expect(page).not.toContain(configId);
      expect(page).not.toContain(ep.configId);
    } finally {
      await server.close();
      await worker.stop();
      await connection.close();
      await api.stop();
    }
  });

  it('counts each 429 with its Retry-After as a rate-limit wait, and a circuit breaker that opens on refused credentials', async () => {
    const read = async () => (await fetch(`${metricsServer.url}/metrics`)).text();
    const before = await read();
    const delta = (page: string, name: string, labels: Record<string, string>) => (sample(page, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    const limited = await startMockApi({ records: 250, seed: 5, rateLimitRate: 0.3, retryAfterSeconds: 1 });
    const locked = await startMockApi({ records: 5, apiKey: `right-${randomUUID()}` });
    const a = await createTestConfig(db, { connector: 'mock', config: { baseUrl: limited.url, rateLimit: false } });
    const b = await createTestConfig(db, { connector: 'mock', config: { baseUrl: locked.url }, secrets: { api_key: `wrong-${randomUUID()}` } });
    const worker = await startTestWorker(a.deps);
    const { client, connection } = await testClient();
    try {
      const ok = await startSync(client, worker.taskQueue, a.configId, { mode: 'full' });
      expect(((await client.workflow.getHandle(ok.workflowId).result()) as SyncSummary).status).toBe('completed');
      const refused = await startSync(client, worker.taskQueue, b.configId, { mode: 'full' });
      await expect(client.workflow.getHandle(refused.workflowId).result()).rejects.toThrow();
      const page = await read();
      const mock = { connector: 'mock' };
      expect(limited.stats.rateLimited).toBeGreaterThan(0);
      expect(delta(page, 'fabric_rate_limit_waits_total', mock)).toBe(limited.stats.rateLimited);
      expect(delta(page, 'fabric_rate_limit_wait_seconds_total', mock)).toBeCloseTo(limited.stats.rateLimited * 1, 6); // Retry-After: 1
      expect(delta(page, 'fabric_circuit_breaker_trips_total', mock)).toBe(1);
      expect(delta(page, 'fabric_syncs_finished_total', { connector: 'mock', status: 'failed' })).toBe(1);
      expect(delta(page, 'fabric_syncs_finished_total', { connector: 'mock', status: 'completed' })).toBe(1);
      expect(delta(page, 'fabric_records_synced_total', mock)).toBe(500);
    } finally {
      await worker.stop();
      await connection.close();
      await limited.stop();
      await locked.stop();
    }
  });
});
