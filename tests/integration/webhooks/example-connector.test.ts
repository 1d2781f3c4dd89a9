import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { verifyRequestSignature } from '@slack/events-api';
import { getWebhookModule } from '../../../adapters/core/catalogue';
import { slackScheme } from '../../../adapters/core/webhook';
import { getRecord } from '../../../store/records';
import { webhookEndpointResolver, startHttpServer } from '../../../server';
import { writeExampleConnector } from '../../helpers/example-connector';
import { testDb } from '../../helpers/db';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { post, stripeEndpoint, testStores, waitFor } from './fixtures';

const db = testDb(5);
const stores = testStores(db);
let dir: string;
beforeAll(() => {
  dir = writeExampleConnector();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plugin is loaded by path, like discovery does
  require(join(dir, 'example', 'index.ts')); // registers "example" with its webhook module
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.close();
});

it('the documented example connector receives webhooks: its handshake, signature and events, no core change', async () => {
  expect(getWebhookModule('example')?.scheme).toBe(slackScheme);
  const ep = await stripeEndpoint(stores, 'example');
  const worker = await startTestWorker({ db, configs: stores.configs });
  const temporal = await testClient();
  const server = await startHttpServer(
    { db, endpoints: webhookEndpointResolver(stores), temporal: { client: temporal.client, taskQueue: worker.taskQueue } },
    { host: '127.0.0.1', port: 0 },
  );
  try {
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    expect(await post(server.url, ep.path, challenge, slackScheme.sign({ rawBody: challenge, secret: ep.secret }))).toEqual({
      status: 200,
      json: { challenge: 'abc123' },
    });
    expect((await post(server.url, ep.path, challenge, slackScheme.sign({ rawBody: challenge, secret: 'nope' }))).status).toBe(401);

    const now = Math.floor(Date.now() / 1000);
    const callback = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev0EXAMPLE',
      event_time: now,
      event: { type: 'user_change', user: { id: 'U1', name: 'Grace Hopper' } },
    });
    const headers = slackScheme.sign({ rawBody: callback, secret: ep.secret });
    // Slack's own library accepts our signature (the oracle)
    expect(
      verifyRequestSignature({
        signingSecret: ep.secret,
        requestSignature: headers['x-slack-signature']!,
        requestTimestamp: Number(headers['x-slack-request-timestamp']),
        body: callback,
      }),
    ).toBe(true);
    expect(await post(server.url, ep.path, callback, headers)).toEqual({ status: 200, json: { received: true, event_ids: ['Ev0EXAMPLE'], duplicates: [] } });
    const ignored = JSON.stringify({ type: 'event_callback', event_id: 'Ev0OTHER', event_time: now, event: { type: 'message' } });
    expect((await post(server.url, ep.path, ignored, slackScheme.sign({ rawBody: ignored, secret: ep.secret }))).status).toBe(200);
    const record = await waitFor(() => getRecord(db, { configId: ep.configId, model: 'customer', sourceId: 'U1' }), 20_000, 'the example record');
    expect(record.data).toEqual({
      source_system: 'example',
      source_id: 'U1',
      full_name: 'Grace Hopper',
      email: 'grace@example.com',
      tags: [],
      custom_fields: {},
    });
    const rows = await waitFor(
      async () => {
        const r = await db.query<{ event_id: string; status: string; error: string | null }>(
          'select event_id, status, error from public.webhook_events where config_id = $1 order by event_id',
          [ep.configId],
        );
        return r.rows.every((x) => x.status !== 'received') && r.rows.length === 2 ? r.rows : undefined;
      },
      20_000,
      'both events processed',
    );
    expect(rows).toEqual([
      { event_id: 'Ev0EXAMPLE', status: 'applied', error: null },
      { event_id: 'Ev0OTHER', status: 'ignored', error: 'no record change for message' },
    ]);
  } finally {
    await server.close();
    await worker.stop();
    await temporal.connection.close();
  }
});
