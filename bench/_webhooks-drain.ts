import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../store/db';
import type { ConfigStore } from '../store/config-store';
import type { WebhookEndpointStore } from '../store/webhook-endpoint-store';

export interface BenchStores {
  configs: ConfigStore;
  webhooks: WebhookEndpointStore;
}

/**
 * Processing capacity on its own: `count` signed-and-stored Stripe customer events are inserted straight into
 * webhook_events (as the server would store them), the server's sweeper kicks the config's batch workflow, and we
 * time how fast the worker applies them through Temporal.
 */
export async function drainCapacity(db: Db, stores: BenchStores, count: number): Promise<{ count: number; applied: number; seconds: number; rate: number }> {
  const config = await stores.configs.createConfig({
    connector: 'stripe',
    userId: randomUUID(),
    name: `bench-drain-${randomUUID()}`,
    secrets: { api_key: 'sk_test_123' },
  });
  const hook = await stores.webhooks.create({ configId: config.id, secret: 'whsec_unused', endpointPath: randomBytes(12).toString('base64url') });
  const tag = randomBytes(4).toString('hex');
  await db.query(
    `insert into public.webhook_events (connector, event_id, config_id, user_id, webhook_config_id, event_type, raw_body)
     select 'stripe', 'evt_' || $4 || '_' || i, $1, $2, $3, 'customer.updated',
       json_build_object('id', 'evt_' || $4 || '_' || i, 'object', 'event', 'type', 'customer.updated', 'created', extract(epoch from now())::int,
         'sequence', i, 'data', json_build_object('object', json_build_object('id', 'cus_' || $4 || '_' || (i % 1000), 'object', 'customer',
           'email', 'c' || (i % 1000) || '@example.com', 'name', 'Customer ' || i, 'currency', 'usd', 'metadata', '{}'::json)))::text
     from generate_series(1, $5::int) as i`,
    [config.id, config.userId, hook.id, tag, count],
  );
  const started = Date.now();
  for (;;) {
    const r = await db.query<{ applied: number; span: number | null }>(
      `select count(*) filter (where status = 'applied')::int as applied,
              extract(epoch from max(processed_at) - min(processed_at))::float8 as span
         from public.webhook_events where config_id = $1`,
      [config.id],
    );
    const { applied, span } = r.rows[0]!;
    if (applied >= count || Date.now() - started > 300_000) {
      const seconds = Math.max(span ?? 0, 0.001);
      return { count, applied, seconds, rate: Math.round(applied / seconds) };
    }
    await new Promise((res) => setTimeout(res, 250));
  }
}
