import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { connectTemporal } from '../../../client/temporal';
import { startHttpServer, webhookEndpointResolver } from '../../../server';
import { startTracing, stopTracing } from '../../../telemetry/tracing';
import { testDb } from '../../helpers/db';
import { startTestWorker, temporalAddress } from '../../helpers/temporal';
import { customerEvent, post, signStripe, stripeEndpoint, testStores, waitFor } from '../webhooks/fixtures';

describe('tracing: a webhook request, its durable store, the batch workflow it starts and its activities in one trace', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => startTracing({ exporter, serviceName: 'fabric-test' }));
  const db = testDb();
  afterAll(async () => {
    await db.close();
    await stopTracing();
  });

  it('request → store → signal-with-start → batch workflow → applyWebhookBatch → Postgres', async () => {
    const stores = testStores(db);
    const ep = await stripeEndpoint(stores);
    const worker = await startTestWorker({ db, configs: stores.configs });
    const { client, connection } = await connectTemporal({ address: temporalAddress(), namespace: 'default', taskQueue: worker.taskQueue });
    const server = await startHttpServer(
      { db, endpoints: webhookEndpointResolver(stores), temporal: { client, taskQueue: worker.taskQueue } },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      const body = JSON.stringify(customerEvent(`cus_tr_${randomUUID().slice(0, 8)}`, 1));
      expect((await post(server.url, ep.path, body, signStripe(body, ep.secret))).status).toBe(200);
      const wid = `webhook-batch:${ep.configId}`;
      const finished = (name: string, match: (s: ReadableSpan) => boolean) => async () => exporter.getFinishedSpans().find((s) => s.name === name && match(s));
      const ran = await waitFor(
        finished('RunActivity:applyWebhookBatch', (s) => s.attributes.temporalWorkflowId === wid),
        30_000,
        'the batch activity span',
      );
      // the batch workflow idles for a minute before it returns and its run span ends: end it now
      await client.workflow.getHandle(wid).cancel();
      const sameTrace = (s: ReadableSpan) => s.spanContext().traceId === ran.spanContext().traceId;
      await waitFor(finished('RunWorkflow:webhookBatchWorkflow', sameTrace), 30_000, 'the batch workflow span'); // leaves through a sink
      const spans = exporter.getFinishedSpans();

      const request = spans.find((s) => s.name === 'POST /webhooks/stripe' && s.kind === SpanKind.SERVER);
      expect(request).toBeDefined();
      expect(request!.attributes).toMatchObject({ 'http.route': '/webhooks/:connector/*', 'fabric.connector': 'stripe', 'http.response.status_code': 200 });
      const traceId = request!.spanContext().traceId;
      const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
      const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
      const parentOf = (s: ReadableSpan) => (s.parentSpanId ? byId.get(s.parentSpanId) : undefined);
      const chain = (s: ReadableSpan): string[] => {
        const p = parentOf(s);
        return p ? [p.name, ...chain(p)] : [];
      };

      // the durable store, with its INSERT, inside the request
      const store = inTrace.find((s) => s.name === 'webhook.store');
      expect(store && parentOf(store)).toBe(request);
      const insert = inTrace.find((s) => String(s.attributes['db.statement'] ?? '').startsWith('insert into public.webhook_events'));
      expect(insert && chain(insert)).toEqual(['webhook.store', 'POST /webhooks/stripe']);
      // the kick, the workflow run it started and the activity, with its claim query, all under the request
      const kick = inTrace.find((s) => s.name === 'SignalWithStartWorkflow:webhookBatchWorkflow');
      expect(kick?.attributes.temporalWorkflowId).toBe(wid);
      const activity = inTrace.find((s) => s.name === 'RunActivity:applyWebhookBatch');
      expect(activity?.attributes).toMatchObject({ temporalWorkflowId: wid, 'fabric.config_id': ep.configId });
      expect(chain(activity!)).toEqual(
        expect.arrayContaining(['RunWorkflow:webhookBatchWorkflow', 'SignalWithStartWorkflow:webhookBatchWorkflow', 'POST /webhooks/stripe']),
      );
      expect(chain(activity!).at(-1)).toBe('POST /webhooks/stripe');
      const claim = inTrace.filter((s) => s.attributes['db.system'] === 'postgresql' && chain(s).includes('RunActivity:applyWebhookBatch'));
      expect(claim.map((s) => s.attributes['db.statement'])).toEqual(
        expect.arrayContaining([expect.stringMatching(/^update public\.webhook_events e set status/)]),
      );
      // one root: everything hangs off the request; no customer data in any span
      expect(inTrace.filter((s) => !parentOf(s)).map((s) => s.name)).toEqual(['POST /webhooks/stripe']);
      expect(JSON.stringify(inTrace.map((s) => s.attributes))).not.toMatch(/@example\./);
    } finally {
      await server.close();
      await worker.stop();
      await connection.close();
    }
  });
});
