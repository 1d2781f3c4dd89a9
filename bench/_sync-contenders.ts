import type { Db } from '../store/db';

export interface Timed {
  records: number;
  seconds: number;
}

/**
 * The raw limit: the same pages, fetched one after another and bulk-upserted with one statement each, with no
 * Temporal, no mapping and no validation. Anything we add on top is overhead against this.
 */
export async function rawLimit(db: Db, baseUrl: string): Promise<Timed> {
  await db.exec(`create schema if not exists bench_raw;
    create table if not exists bench_raw.customers (id text primary key, data jsonb not null, synced_at timestamptz not null default now())`);
  const started = performance.now();
  let after: string | undefined;
  let records = 0;
  for (;;) {
    const url = new URL('/v1/customers', baseUrl);
    url.searchParams.set('limit', '100');
    if (after) url.searchParams.set('starting_after', after);
    const res = await fetch(url, { headers: { authorization: 'Bearer sk_test_123' } });
    if (!res.ok) throw new Error(`raw limit: ${res.status} from ${url}`);
    const page = (await res.json()) as { data: Array<{ id: string }>; has_more: boolean };
    await db.query(
      `insert into bench_raw.customers (id, data) select r->>'id', r from jsonb_array_elements($1::jsonb) r
       on conflict (id) do update set data = excluded.data, synced_at = now()`,
      [JSON.stringify(page.data)],
    );
    records += page.data.length;
    if (!page.has_more || page.data.length === 0) break;
    after = page.data.at(-1)!.id;
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

/** The peer: @supabase/stripe-sync-engine's syncBackfill for customers, its Stripe client pointed at the same server. */
export async function peerBackfill(databaseUrl: string, baseUrl: string): Promise<Timed> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- its ESM build references __dirname; use the CJS one
  const { StripeSync, runMigrations } = require('@supabase/stripe-sync-engine') as typeof import('@supabase/stripe-sync-engine');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Stripe = require('stripe') as typeof import('stripe');
  await runMigrations({ databaseUrl, schema: 'stripe' });
  const sync = new StripeSync({
    databaseUrl,
    stripeSecretKey: 'sk_test_123',
    stripeWebhookSecret: 'whsec_unused',
    stripeApiVersion: '2024-04-10',
    schema: 'stripe',
  } as ConstructorParameters<typeof StripeSync>[0]);
  const url = new URL(baseUrl);
  (sync as unknown as { stripe: unknown }).stripe = new Stripe('sk_test_123', {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  const started = performance.now();
  const result = await sync.syncBackfill({ object: 'customer' }).finally(() => sync.close());
  const records = (result as { customers?: { synced: number } }).customers?.synced ?? 0;
  return { records, seconds: (performance.now() - started) / 1000 };
}
