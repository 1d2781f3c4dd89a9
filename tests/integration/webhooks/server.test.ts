import { randomBytes } from 'node:crypto';
import { Signature } from '@hubspot/api-client';
import { startHttpServer, webhookEndpointResolver, type RunningServer } from '../../../server';
import { hubspotScheme } from '../../../adapters/hubspot/signature';
import { testDb } from '../../helpers/db';
import { customerEvent, post, signStripe, stripeEndpoint, testStores } from './fixtures';

const db = testDb(5);
const stores = testStores(db);
afterAll(() => db.close());

async function withServer(maxPending: number, fn: (s: RunningServer) => Promise<void>): Promise<void> {
  const server = await startHttpServer({ db, endpoints: webhookEndpointResolver(stores) }, { host: '127.0.0.1', port: 0, limits: { maxPending } });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

it('answers every error as JSON: NUL bytes 400, unknown route 404, and stores what it acknowledges', async () => {
  const ep = await stripeEndpoint(stores);
  await withServer(5000, async (s) => {
    const nul = JSON.stringify({ ...customerEvent('cus_nul', 1), note: 'a\u0000b' });
    const r = await post(s.url, ep.path, nul, signStripe(nul, ep.secret));
    expect(r).toEqual({ status: 400, json: { error: 'malformed_body', message: expect.stringMatching(/NUL/) } });
    const nf = await fetch(`${s.url}/nowhere`);
    expect([nf.status, ((await nf.json()) as { error: string }).error]).toEqual([404, 'not_found']);
    const empty = await post(s.url, ep.path, '', signStripe('', ep.secret));
    expect(empty.status).toBe(400);
  });
});

it('sheds load with 429 and Retry-After when too many events wait for the database', async () => {
  const ep = await stripeEndpoint(stores);
  await withServer(2, async (s) => {
    const events = Array.from({ length: 60 }, (_, i) => customerEvent(`cus_busy_${i}`, 1));
    const res = await Promise.all(
      events.map((e) =>
        fetch(`${s.url}${ep.path}`, {
          method: 'POST',
          body: JSON.stringify(e),
          headers: { 'content-type': 'application/json', ...signStripe(JSON.stringify(e), ep.secret) },
        }),
      ),
    );
    const codes = res.map((r) => r.status);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(codes.every((c) => c === 200 || c === 429)).toBe(true);
    expect(res.find((r) => r.status === 429)!.headers.get('retry-after')).toBe('1');
    const stored = await db.query<{ n: number }>('select count(*)::int as n from public.webhook_events where config_id = $1', [ep.configId]);
    expect(stored.rows[0]!.n).toBe(codes.filter((c) => c === 200).length);
  });
});

it('HubSpot v3 batches store one row per event, each for the config of its portal; unknown portals are failed', async () => {
  const portal = String(100_000 + Math.floor(Math.random() * 800_000));
  const hub = await stripeEndpoint(stores, 'hubspot', { config: { portalId: portal } });
  await withServer(5000, async (s) => {
    const tag = randomBytes(4).toString('hex');
    const body = JSON.stringify([
      { eventId: `${tag}1`, portalId: Number(portal), subscriptionType: 'contact.propertyChange', objectId: 1, occurredAt: Date.now() },
      { eventId: `${tag}2`, portalId: Number(portal), subscriptionType: 'contact.deletion', objectId: 2, occurredAt: Date.now() },
      { eventId: `${tag}3`, portalId: 1, subscriptionType: 'contact.deletion', objectId: 3, occurredAt: Date.now() },
    ]);
    const url = `${s.url}${hub.path}`;
    const headers = hubspotScheme.sign({ rawBody: body, secret: hub.secret, url });
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        signature: headers['x-hubspot-signature-v3']!,
        clientSecret: hub.secret,
        requestBody: body,
        url,
        method: 'POST',
        timestamp: Number(headers['x-hubspot-request-timestamp']),
      }),
    ).toBe(true);
    const r = await post(s.url, hub.path, body, headers);
    expect(r).toEqual({ status: 200, json: { received: true, event_ids: [`${tag}1`, `${tag}2`, `${tag}3`], duplicates: [] } });
    const rows = await db.query<{ event_id: string; config_id: string | null; status: string; raw_body: string }>(
      'select event_id, config_id, status, raw_body from public.webhook_events where webhook_config_id = $1 order by event_id',
      [hub.hookId],
    );
    expect(rows.rows.map((x) => [x.event_id, x.config_id, x.status])).toEqual([
      [`${tag}1`, hub.configId, 'received'],
      [`${tag}2`, hub.configId, 'received'],
      [`${tag}3`, null, 'failed'],
    ]);
    expect(rows.rows[0]!.raw_body).not.toContain(`${tag}3`); // a batched body is stored per event: no other portal's events
  });
});
