import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SupabaseReader } from '../../../store/supabase-reader';

/**
 * PostgREST cannot run on these machines (not in Debian bookworm, not on npm), so this test checks what can
 * honestly be checked: the exact HTTP requests supabase-js builds under the user's JWT (path, filters, order,
 * limit, apikey and Authorization), and that PostgREST-shaped responses and errors are read correctly. What the
 * database returns for that JWT is proven separately by the RLS matrix (rls.test.ts), which runs the statements
 * PostgREST runs: set local role + request.jwt.claims.
 */
interface Seen {
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: IncomingHttpHeaders;
}
let server: Server;
let base: string;
const seen: Seen[] = [];
let reply: { status: number; body: unknown } = { status: 200, body: [] };

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const query: Record<string, string[]> = {};
    for (const [k, v] of u.searchParams) (query[k] ??= []).push(v);
    seen.push({ method: req.method!, path: u.pathname, query, headers: req.headers });
    res.statusCode = reply.status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLWEiLCJyb2xlIjoiYXV0aGVudGljYXRlZCJ9.sig';
const configId = '0b0e6f4e-1f5e-4c55-9d6b-9a7f3f2c1d00';

test('latest sync run: one GET on /rest/v1/sync_runs filtered by config, newest first, with the user JWT', async () => {
  const run = {
    id: 'r1',
    config_id: configId,
    workflow_id: `sync:${configId}`,
    mode: 'full',
    status: 'completed',
    counts: { fetched: 3 },
    errors: [],
    started_at: '2026-01-01T00:00:00Z',
    finished_at: '2026-01-01T00:01:00Z',
  };
  reply = { status: 200, body: [run] };
  seen.length = 0;
  const reader = new SupabaseReader({ url: base, anonKey: 'anon-key', accessToken: jwt });
  expect(await reader.latestSyncRun(configId)).toEqual(run);
  expect(seen).toHaveLength(1);
  const r = seen[0]!;
  expect(r.method).toBe('GET');
  expect(r.path).toBe('/rest/v1/sync_runs');
  expect(r.query).toEqual({
    select: ['id,config_id,workflow_id,mode,status,counts,errors,started_at,finished_at'],
    config_id: [`eq.${configId}`],
    order: ['started_at.desc'],
    limit: ['1'],
  });
  expect(r.headers.apikey).toBe('anon-key');
  expect(r.headers.authorization).toBe(`Bearer ${jwt}`);
});

test('records: keyset page of live records, and a single record', async () => {
  reply = {
    status: 200,
    body: [
      {
        source_id: 'cus_2',
        model: 'customer',
        schema_version: '2.0.0',
        data: { email: 'a@b.c' },
        external_id: null,
        deleted: false,
        source_updated_at: null,
        synced_at: '2026-01-01T00:00:00Z',
      },
    ],
  };
  seen.length = 0;
  const reader = new SupabaseReader({ url: base, anonKey: 'anon-key', accessToken: async () => jwt });
  const page = await reader.listRecords({ configId, model: 'customer', after: 'cus_1', limit: 50 });
  expect(page[0]!.data).toEqual({ email: 'a@b.c' });
  expect(seen[0]!.path).toBe('/rest/v1/unified_records');
  expect(seen[0]!.query).toMatchObject({
    config_id: [`eq.${configId}`],
    model: ['eq.customer'],
    deleted: ['eq.false'],
    source_id: ['gt.cus_1'],
    order: ['source_id.asc'],
    limit: ['50'],
  });
  await reader.getRecord(configId, 'customer', 'cus_2');
  expect(seen[1]!.query).toMatchObject({ source_id: ['eq.cus_2'], model: ['eq.customer'] });
  await reader.listSyncRuns(configId, 5);
  expect(seen[2]!.query).toMatchObject({ limit: ['5'], order: ['started_at.desc'] });
  await reader.syncState(configId);
  expect(seen[3]!.path).toBe('/rest/v1/sync_state');
});

test('a PostgREST error (e.g. RLS refusing anon) becomes an error naming the table and the code', async () => {
  reply = { status: 401, body: { code: '42501', message: 'permission denied for table unified_records', hint: null, details: null } };
  const reader = new SupabaseReader({ url: base, anonKey: 'anon-key', accessToken: jwt });
  await expect(reader.listRecords({ configId, model: 'customer' })).rejects.toThrow(
    'reading unified_records through Supabase failed (42501): permission denied for table unified_records',
  );
});
