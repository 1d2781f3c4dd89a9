import { startSync } from '../../../client/sync';
import { webhookEndpointResolver, startHttpServer, type RunningServer } from '../../../server';
import { getRecord } from '../../../store/records';
import { testDb } from '../../helpers/db';
import { startStripeApi, type StripeApi } from '../../helpers/stripe-api';
import { checkAgainstSpec, signedStripe, stripeEvent } from '../../helpers/stripe-spec';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { post, stripeEndpoint, testStores, waitFor } from './fixtures';
import { customer, invoice } from './stripe-objects';

/** Stripe's own shapes: every object and event is built from stripe.oas.json and signed with the stripe package. */
const db = testDb(8);
const stores = testStores(db);
let api: StripeApi;
let temporal: Awaited<ReturnType<typeof testClient>>;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let server: RunningServer;
beforeAll(async () => {
  api = await startStripeApi();
  temporal = await testClient();
  worker = await startTestWorker({ db, configs: stores.configs });
  server = await startHttpServer(
    { db, endpoints: webhookEndpointResolver(stores), temporal: { client: temporal.client, taskQueue: worker.taskQueue } },
    { host: '127.0.0.1', port: 0 },
  );
}, 60_000);
afterAll(async () => {
  await server.close();
  await worker.stop();
  await temporal.connection.close();
  await api.stop();
  await db.close();
});

const now = () => Math.floor(Date.now() / 1000);
const tenant = (eventTypes?: string[]) => stripeEndpoint(stores, 'stripe', { config: { baseUrl: api.url }, eventTypes });
type Endpoint = Awaited<ReturnType<typeof tenant>>;

async function deliver(ep: Endpoint, event: unknown): Promise<Record<string, unknown>> {
  const { body, headers } = signedStripe(event, ep.secret);
  const r = await post(server.url, ep.path, body, headers);
  expect(r.status).toBe(200);
  return r.json;
}

/** Waits until no event of the config waits; returns each event's status (and reason) by id. */
async function settled(configId: string, count: number): Promise<Record<string, string>> {
  return waitFor(
    async () => {
      const r = await db.query<{ event_id: string; status: string; error: string | null }>(
        'select event_id, status, error from public.webhook_events where config_id = $1',
        [configId],
      );
      if (r.rows.length < count || r.rows.some((x) => x.status === 'received')) return undefined;
      return Object.fromEntries(r.rows.map((x) => [x.event_id, x.error ? `${x.status}: ${x.error}` : x.status]));
    },
    30_000,
    `${count} events of ${configId} processed`,
  );
}

async function sync(configId: string): Promise<void> {
  const s = await startSync(temporal.client, worker.taskQueue, configId, { mode: 'full', models: ['customer', 'invoice'] });
  await temporal.client.workflow.getHandle(s.workflowId).result();
  await new Promise((r) => setTimeout(r, 1100)); // events below are created after the listing's second
}

const data = async (ep: Endpoint, model: string, id: string) => (await getRecord(db, { configId: ep.configId, model, sourceId: id }))?.data;

it('the spec check rejects what Stripe would not send', () => {
  expect(() => checkAgainstSpec('customer', { id: 'cus_x', object: 'customer', created: 'yesterday', livemode: false })).toThrow(/created/);
});

it('field preservation: a full-object customer.updated that changes only the name keeps every other synced field', async () => {
  const ep = await tenant();
  for (const id of ['cus_keep1', 'cus_keep2']) api.objects.customer.set(id, customer(id, `Old ${id}`));
  await sync(ep.configId);
  const before = await data(ep, 'customer', 'cus_keep1');
  expect(before).toMatchObject({
    full_name: 'Old cus_keep1',
    phone: '+49 30 1234567',
    company: 'Acme GmbH',
    billing_address: { city: 'Berlin', country: 'DE' },
    shipping_address: { city: 'Hamburg' },
    custom_fields: { tier: 'gold' },
  });
  const renamed = { ...customer('cus_keep1', 'New Name') };
  api.objects.customer.set('cus_keep1', renamed);
  const requestsBefore = api.requests.length;
  await deliver(ep, stripeEvent('customer.updated', renamed, { previous: { name: 'Old cus_keep1' } }));
  expect(Object.values(await settled(ep.configId, 1))).toEqual(['applied']);
  const after = await data(ep, 'customer', 'cus_keep1');
  expect(after).toEqual({ ...before, full_name: 'New Name' });
  expect(after).not.toHaveProperty('raw_data');
  expect(api.requests.length).toBe(requestsBefore); // mapped from the event's own object: no fetch
  await sync(ep.configId); // a sync of the same state stores exactly what the webhook stored
  expect(await data(ep, 'customer', 'cus_keep1')).toEqual(after);
});

it('invoice.* events change stored invoices: paid, voided, finalized and deleted', async () => {
  const ep = await tenant();
  api.objects.customer.set('cus_inv', customer('cus_inv', 'Invoice Holder'));
  for (const [id, status] of [
    ['in_paid', 'open'],
    ['in_void', 'open'],
    ['in_final', 'draft'],
    ['in_gone', 'draft'],
  ] as const)
    api.objects.invoice.set(id, invoice(id, 'cus_inv', status));
  await sync(ep.configId);
  expect(await data(ep, 'invoice', 'in_paid')).toMatchObject({ status: 'pending', paid_date: null, total: '120.00', currency: 'EUR' });
  const paidAt = now();
  const events = [
    stripeEvent('invoice.paid', invoice('in_paid', 'cus_inv', 'paid', paidAt)),
    stripeEvent('invoice.voided', invoice('in_void', 'cus_inv', 'void')),
    stripeEvent('invoice.finalized', invoice('in_final', 'cus_inv', 'open')),
    stripeEvent('invoice.deleted', invoice('in_gone', 'cus_inv', 'draft')),
  ];
  for (const e of events) await deliver(ep, e);
  expect(Object.values(await settled(ep.configId, 4))).toEqual(['applied', 'applied', 'applied', 'applied']);
  expect(await data(ep, 'invoice', 'in_paid')).toMatchObject({
    status: 'paid',
    paid_date: new Date(paidAt * 1000).toISOString().slice(0, 10),
    custom_fields: { po: 'PO-7' },
  });
  expect(await data(ep, 'invoice', 'in_void')).toMatchObject({ status: 'void' });
  expect(await data(ep, 'invoice', 'in_final')).toMatchObject({ status: 'pending' });
  expect((await getRecord(db, { configId: ep.configId, model: 'invoice', sourceId: 'in_gone' }))?.deleted).toBe(true);
});

it("same-second events for one customer: the object is re-fetched, so the final state is the source's in any order", async () => {
  const ep = await tenant();
  const t = now() + 2; // a second no sync listed in
  const first = customer('cus_tie', 'First');
  const second = customer('cus_tie', 'Second');
  api.objects.customer.set('cus_tie', second); // Stripe's state after both changes
  const a = stripeEvent('customer.updated', first, { created: t });
  const b = stripeEvent('customer.updated', second, { created: t });
  await deliver(ep, b); // delivered out of order, in separate batches
  await settled(ep.configId, 1);
  expect((await data(ep, 'customer', 'cus_tie'))?.full_name).toBe('Second');
  await deliver(ep, a);
  expect(Object.values(await settled(ep.configId, 2))).toEqual(['applied', 'applied']);
  expect((await data(ep, 'customer', 'cus_tie'))?.full_name).toBe('Second'); // by arrival it would be "First"
  expect(api.requests).toContain('/v1/customers/cus_tie');
});

it('two tenants receive the same event id: both applied, each to its own records; a redelivery is deduplicated', async () => {
  const [one, two] = [await tenant(), await tenant()];
  const shared = (name: string) => stripeEvent('customer.updated', customer('cus_shared', name), { id: 'evt_shared_42', created: now() + 2 });
  expect(await deliver(one, shared('Tenant One'))).toEqual({ received: true, event_ids: ['evt_shared_42'], duplicates: [] });
  expect(await deliver(two, shared('Tenant Two'))).toEqual({ received: true, event_ids: ['evt_shared_42'], duplicates: [] });
  expect(await deliver(one, shared('Tenant One'))).toEqual({ received: true, event_ids: ['evt_shared_42'], duplicates: ['evt_shared_42'] });
  expect(await settled(one.configId, 1)).toEqual({ evt_shared_42: 'applied' });
  expect(await settled(two.configId, 1)).toEqual({ evt_shared_42: 'applied' });
  expect((await data(one, 'customer', 'cus_shared'))?.full_name).toBe('Tenant One');
  expect((await data(two, 'customer', 'cus_shared'))?.full_name).toBe('Tenant Two');
  const rows = await db.query<{ n: number }>(`select count(*)::int as n from public.webhook_events where event_id = 'evt_shared_42'`);
  expect(rows.rows[0]!.n).toBe(2);
});

it('event_types is enforced: other types are stored as ignored with the reason and change nothing', async () => {
  const ep = await tenant(['customer.*']);
  await deliver(ep, stripeEvent('invoice.paid', invoice('in_filtered', 'cus_x', 'paid', now()), { id: 'evt_filtered' }));
  await deliver(ep, stripeEvent('customer.created', customer('cus_allowed', 'Allowed'), { id: 'evt_allowed', created: now() + 2 }));
  expect(await settled(ep.configId, 2)).toEqual({
    evt_filtered: "ignored: event type invoice.paid is not among this endpoint's event_types (customer.*)",
    evt_allowed: 'applied',
  });
  expect(await data(ep, 'invoice', 'in_filtered')).toBeUndefined();
});
