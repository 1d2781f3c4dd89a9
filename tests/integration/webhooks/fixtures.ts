import { randomBytes, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { testCredentials } from '../../helpers/fixtures';
import type { Db } from '../../../store/db';
import { ConfigStore } from '../../../store/config-store';
import { WebhookEndpointStore } from '../../../store/webhook-endpoint-store';

export const stripe = new Stripe('sk_test_123');

export interface TestStores {
  configs: ConfigStore;
  webhooks: WebhookEndpointStore;
}

/** The config and webhook endpoint stores over the run's shared test key, with no adapter lookup. */
export function testStores(db: Db): TestStores {
  const credentials = testCredentials();
  return { configs: new ConfigStore(db, { credentials }), webhooks: new WebhookEndpointStore(db, credentials) };
}

/** A Stripe connector config's credential: what the adapter needs to map (and, against a local API, fetch). */
export const STRIPE_SECRETS = { api_key: 'sk_test_123' };

/** A fresh user, connector config and webhook endpoint; returns what a sender needs. */
export async function stripeEndpoint(
  stores: TestStores,
  connector = 'stripe',
  o: { config?: Record<string, unknown>; secrets?: Record<string, string>; eventTypes?: string[]; userId?: string } = {},
) {
  const secrets = o.secrets ?? (connector === 'stripe' ? STRIPE_SECRETS : undefined);
  const config = await stores.configs.createConfig({ connector, userId: o.userId ?? randomUUID(), name: `hooks-${randomUUID()}`, config: o.config, secrets });
  const secret = `whsec_${randomBytes(18).toString('base64url')}`;
  const hook = await stores.webhooks.create({ configId: config.id, secret, endpointPath: randomBytes(12).toString('base64url'), eventTypes: o.eventTypes });
  return { configId: config.id, userId: config.userId, hookId: hook.id, secret, path: `/webhooks/${connector}/${hook.endpointPath}` };
}

export interface CustomerEvent {
  id: string;
  type: 'customer.created' | 'customer.updated' | 'customer.deleted';
  created: number;
  sequence: number;
  data: { object: Record<string, unknown> };
}

export function customerEvent(
  customerId: string,
  sequence: number,
  kind: CustomerEvent['type'] = 'customer.updated',
  created = Math.floor(Date.now() / 1000),
): CustomerEvent {
  return {
    id: `evt_${randomBytes(10).toString('hex')}`,
    type: kind,
    created,
    sequence,
    data: {
      object: {
        id: customerId,
        object: 'customer',
        email: `${customerId}@example.com`,
        name: `${customerId} v${sequence}`,
        ...(kind === 'customer.deleted' ? { deleted: true } : {}),
      },
    },
  };
}

export async function post(
  base: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export function signStripe(body: string, secret: string): Record<string, string> {
  return { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
}

export async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
