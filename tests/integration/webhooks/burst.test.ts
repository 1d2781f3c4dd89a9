import { Client, Connection } from '@temporalio/client';
import { startHttpServer, webhookEndpointResolver, type RunningServer } from '../../../server';
import { batchWorkflowId, progressQuery } from '../../../workflows/webhook-batch';
import { testDb } from '../../helpers/db';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { customerEvent, post, shuffle, signStripe, stripeEndpoint, testStores, waitFor, type CustomerEvent } from './fixtures';

const db = testDb(10);
const stores = testStores(db);
let temporal: Awaited<ReturnType<typeof testClient>>;
beforeAll(async () => {
  temporal = await testClient();
});
afterAll(async () => {
  await temporal.connection.close();
  await db.close();
});

async function startServer(taskQueue: string, client: Client = temporal.client): Promise<RunningServer> {
  return startHttpServer(
    { db, endpoints: webhookEndpointResolver(stores), temporal: { client, taskQueue } },
    { host: '127.0.0.1', port: 0, limits: { bodyLimit: 32 * 1024, sweepIntervalMs: 300 } },
  );
}

async function statuses(configId: string): Promise<Map<string, string>> {
  const res = await db.query<{ event_id: string; status: string }>('select event_id, status from public.webhook_events where config_id = $1', [configId]);
  return new Map(res.rows.map((r) => [r.event_id, r.status]));
}

async function allApplied(configId: string, expected: number): Promise<true | undefined> {
  const s = await statuses(configId);
  return s.size === expected && [...s.values()].every((v) => v === 'applied') ? true : undefined;
}

/** The newest event per customer (highest sequence) decides its final state. */
async function expectFinalStates(configId: string, events: CustomerEvent[]): Promise<void> {
  const newest = new Map<string, CustomerEvent>();
  for (const e of events) {
    const id = e.data.object.id as string;
    if ((newest.get(id)?.sequence ?? -1) < e.sequence) newest.set(id, e);
  }
  const res = await db.query<{ source_id: string; deleted: boolean; data: { full_name: string }; source_version: string }>(
    `select source_id, deleted, data, source_version::text from public.unified_records where config_id = $1 and model = 'customer'`,
    [configId],
  );
  const rows = new Map(res.rows.map((r) => [r.source_id, r]));
  expect(rows.size).toBe(newest.size);
  for (const [id, e] of newest) {
    const row = rows.get(id)!;
    expect({ id, version: row.source_version, deleted: row.deleted }).toEqual({ id, version: String(e.sequence), deleted: e.type === 'customer.deleted' });
    if (e.type !== 'customer.deleted') expect(row.data.full_name).toBe(e.data.object.name);
  }
}

it('a mixed burst: valid events applied exactly once in order; duplicates 200; bad requests get 401/400/413/404', async () => {
  const ep = await stripeEndpoint(stores);
  const worker = await startTestWorker({ db, configs: stores.configs });
  const server = await startServer(worker.taskQueue);
  try {
    const sameSecond = Math.floor(Date.now() / 1000);
    const valid: CustomerEvent[] = [];
    for (let c = 0; c < 15; c++) {
      for (let v = 1; v <= 6; v++)
        valid.push(customerEvent(`cus_${ep.configId.slice(0, 8)}_${c}`, v, c % 4 === 0 && v === 6 ? 'customer.deleted' : 'customer.updated', sameSecond));
    }
    type Shot = { body: string; headers: Record<string, string>; expect: number; path?: string };
    const shots: Shot[] = [];
    for (const e of valid) shots.push({ body: JSON.stringify(e), headers: signStripe(JSON.stringify(e), ep.secret), expect: 200 });
    for (const e of valid.slice(0, 30)) shots.push({ body: JSON.stringify(e), headers: signStripe(JSON.stringify(e), ep.secret), expect: 200 }); // redelivered
    for (const e of valid.slice(30, 40)) {
      const tampered = JSON.stringify({ ...e, id: `${e.id}_x`, sequence: 999 });
      shots.push({ body: tampered, headers: signStripe(JSON.stringify(e), ep.secret), expect: 401 });
      shots.push({ body: tampered, headers: signStripe(tampered, 'whsec_wrong'), expect: 401 });
    }
    for (let i = 0; i < 5; i++) shots.push({ body: `{"id": "evt_broken_${i}", `, headers: signStripe(`{"id": "evt_broken_${i}", `, ep.secret), expect: 400 });
    shots.push({ body: '{"type":"customer.updated"}', headers: signStripe('{"type":"customer.updated"}', ep.secret), expect: 400 });
    const big = JSON.stringify({ ...customerEvent('cus_big', 1), pad: 'x'.repeat(40 * 1024) });
    for (let i = 0; i < 3; i++) shots.push({ body: big, headers: signStripe(big, ep.secret), expect: 413 });
    shots.push({
      body: JSON.stringify(valid[0]),
      headers: signStripe(JSON.stringify(valid[0]), ep.secret),
      expect: 404,
      path: '/webhooks/stripe/no-such-endpoint',
    });

    const results = await Promise.all(shuffle(shots).map(async (s) => ({ s, r: await post(server.url, s.path ?? ep.path, s.body, s.headers) })));
    for (const { s, r } of results) {
      expect({ status: r.status, hasError: r.status === 200 || typeof r.json.error === 'string' }).toEqual({ status: s.expect, hasError: true });
    }
    const dupCount = results.filter(({ r }) => r.status === 200 && (r.json.duplicates as string[]).length === 1).length;
    expect(dupCount).toBe(30);

    await waitFor(() => allApplied(ep.configId, valid.length), 30_000, 'every valid event applied');
    await expectFinalStates(ep.configId, valid);
    const progress = await temporal.client.workflow.getHandle(batchWorkflowId(ep.configId)).query(progressQuery);
    expect(progress.processed).toBe(valid.length); // each stored event claimed and applied once
    const wf = await db.query<{ workflow_id: string }>('select distinct workflow_id from public.webhook_events where config_id = $1', [ep.configId]);
    expect(wf.rows.map((r) => r.workflow_id)).toEqual([batchWorkflowId(ep.configId)]);
  } finally {
    await server.close();
    await worker.stop();
  }
});

it('events acknowledged while the worker is stopped are processed after it restarts', async () => {
  const ep = await stripeEndpoint(stores);
  const first = await startTestWorker({ db, configs: stores.configs });
  const server = await startServer(first.taskQueue);
  const events = shuffle(Array.from({ length: 60 }, (_, i) => customerEvent(`cus_w_${ep.configId.slice(0, 8)}_${i % 10}`, Math.floor(i / 10) + 1)));
  const send = (e: CustomerEvent) => post(server.url, ep.path, JSON.stringify(e), signStripe(JSON.stringify(e), ep.secret));
  try {
    const sending = Promise.all(events.slice(0, 30).map(send));
    await first.stop(); // stopped in the middle of the burst
    const acks = [...(await sending), ...(await Promise.all(events.slice(30).map(send)))];
    expect(acks.every((a) => a.status === 200)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const pending = [...(await statuses(ep.configId)).values()].filter((s) => s === 'received').length;
    expect(pending).toBeGreaterThan(0); // nothing processes them while the worker is down
    const second = await startTestWorker({ db, configs: stores.configs }, first.taskQueue);
    try {
      await waitFor(() => allApplied(ep.configId, events.length), 30_000, 'every acknowledged event applied after restart');
      await expectFinalStates(ep.configId, events);
    } finally {
      await second.stop();
    }
  } finally {
    await server.close();
  }
});

it('when Temporal cannot be reached, events stay stored and a sweeper starts their processing later', async () => {
  const ep = await stripeEndpoint(stores);
  // no gRPC retry interceptor: calls fail at once, and no retry timer outlives the closed channel
  const deadConnection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 200, interceptors: [] });
  const down = await startServer('unused', new Client({ connection: deadConnection, namespace: 'default' }));
  const events = Array.from({ length: 10 }, (_, i) => customerEvent(`cus_t_${ep.configId.slice(0, 8)}`, i + 1));
  for (const e of events) expect((await post(down.url, ep.path, JSON.stringify(e), signStripe(JSON.stringify(e), ep.secret))).status).toBe(200);
  const ready = await fetch(`${down.url}/readyz`);
  expect(ready.status).toBe(503);
  await down.close();
  await deadConnection.close();
  expect([...(await statuses(ep.configId)).values()]).toEqual(Array(10).fill('received'));
  const worker = await startTestWorker({ db, configs: stores.configs });
  const up = await startServer(worker.taskQueue); // its sweeper finds the stored, unprocessed events
  try {
    await waitFor(() => allApplied(ep.configId, events.length), 30_000, 'swept events applied');
    await expectFinalStates(ep.configId, events);
    expect((await fetch(`${up.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${up.url}/readyz`)).status).toBe(200);
  } finally {
    await up.close();
    await worker.stop();
  }
});
