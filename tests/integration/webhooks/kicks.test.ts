import { startHttpServer, webhookEndpointResolver } from '../../../server';
import { batchWorkflowId } from '../../../workflows/webhook-batch';
import { testDb } from '../../helpers/db';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { customerEvent, post, signStripe, stripeEndpoint, testStores, waitFor } from './fixtures';

const db = testDb(6);
const stores = testStores(db);
afterAll(() => db.close());

/** Signals the config's batch workflow received, over all its runs (a signalWithStart is one signal). */
async function signalsReceived(client: Awaited<ReturnType<typeof testClient>>['client'], workflowId: string): Promise<number> {
  let signals = 0;
  for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await client.workflow.getHandle(workflowId, wf.runId).fetchHistory();
    signals += (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
  }
  return signals;
}

it('a steady stream of events kicks its batch workflow at most about once per busy interval, and every event is applied', async () => {
  const { client, connection } = await testClient();
  const ep = await stripeEndpoint(stores);
  const worker = await startTestWorker({ db, configs: stores.configs });
  const busyMs = 600;
  const server = await startHttpServer(
    { db, endpoints: webhookEndpointResolver(stores), temporal: { client, taskQueue: worker.taskQueue } },
    { host: '127.0.0.1', port: 0, kickTickMs: 20, kickBusyIntervalMs: busyMs },
  );
  try {
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < 3000) {
      // a request every ~50 ms for 3 s: 60 ticks' worth of stored events
      const body = JSON.stringify(customerEvent(`cus_kick_${sent % 7}`, sent + 1));
      expect((await post(server.url, ep.path, body, signStripe(body, ep.secret))).status).toBe(200);
      sent++;
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsed = Date.now() - started;
    await waitFor(
      async () => {
        const r = await db.query<{ n: number }>(`select count(*)::int as n from public.webhook_events where config_id = $1 and status = 'applied'`, [
          ep.configId,
        ]);
        return r.rows[0]!.n === sent ? true : undefined;
      },
      60_000,
      `all ${sent} events applied`,
    );
    const signals = await signalsReceived(client, batchWorkflowId(ep.configId));
    // without the busy interval each 20 ms tick that saw new events would kick (dozens); with it, one per interval
    expect(signals).toBeGreaterThanOrEqual(2);
    expect(signals).toBeLessThanOrEqual(Math.ceil(elapsed / busyMs) + 2);
  } finally {
    await server.close();
    await worker.stop();
    await connection.close();
  }
}, 120_000);
