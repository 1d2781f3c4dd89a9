import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { ConsoleAuth, consoleRoutes, signDevToken } from '../../../console';
import { postgresDb } from '../../../store/db';
import { freePort } from '../../../scripts/free-port';
import { startConsoleStack, type ConsoleStack } from '../../helpers/console-stack';
import { createTestConfig } from '../../helpers/fixtures';

describe('console over HTTP: auth, CSRF, validation, outages', () => {
  let stack: ConsoleStack;
  let api: MockApi;
  beforeAll(async () => {
    [stack, api] = await Promise.all([startConsoleStack(), startMockApi({ records: 10 })]);
  });
  afterAll(async () => {
    await api.stop();
    await stack.close();
  });

  const get = (path: string, token?: string) =>
    fetch(`${stack.url}${path}`, { redirect: 'manual', headers: token ? { cookie: `fabric_console=${token}` } : {} });
  const post = (path: string, token: string, form: Record<string, string>) =>
    fetch(`${stack.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams(form),
      headers: { cookie: `fabric_console=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
  const csrfOf = async (path: string, token: string) => /name="_csrf" value="([^"]+)"/.exec(await (await get(path, token)).text())![1]!;

  it('refuses tokens that are forged, expired, anonymous or without a user id', async () => {
    const user = await stack.user();
    const forged = await signDevToken('another-secret', { sub: user.id });
    const expired = await signDevToken(stack.jwtSecret, { sub: user.id }, '-1m');
    const anon = await new SignJWT({ role: 'anon' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(stack.jwtSecret));
    const noSub = await signDevToken(stack.jwtSecret, {});
    for (const token of [forged, expired, anon, noSub, 'not.a.jwt']) {
      const res = await get('/console/configs', token);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/console\/login/);
    }
    const login = await fetch(`${stack.url}/console/login?token=${forged}`);
    expect(login.status).toBe(401);
    expect(await login.text()).toContain('signature verification failed');
    expect((await get('/console/configs', user.token)).status).toBe(200);
  });

  it('accepts RS256 tokens checked against a JWKS URL (Supabase asymmetric keys)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const auth = new ConsoleAuth({ jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, audience: 'authenticated' });
      const sub = randomUUID();
      const sign = (aud: string) =>
        new SignJWT({ role: 'authenticated', email: 'rs@example.test' })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject(sub)
          .setAudience(aud)
          .setExpirationTime('5m')
          .sign(privateKey);
      await expect(auth.verify(await sign('authenticated'))).resolves.toMatchObject({ role: 'authenticated', sub, label: 'rs@example.test', operator: false });
      await expect(auth.verify(await sign('someone-else'))).rejects.toThrow(/aud/);
      await expect(auth.verify(await signDevToken('x', { sub }))).rejects.toThrow(/SUPABASE_JWT_SECRET/);
    } finally {
      server.close();
    }
  });

  it('rejects a form without the session CSRF token, and accepts it with one', async () => {
    const user = await stack.user();
    const { configId } = await createTestConfig(stack.db, { connector: 'mock', config: { baseUrl: api.url }, userId: user.id, credentials: stack.credentials });
    const page = `/console/configs/${configId}`;
    expect((await post(`${page}/credentials`, user.token, { name: 'api_key', value: 's3cret-value' })).status).toBe(403);
    expect((await post(`${page}/credentials`, user.token, { name: 'api_key', value: 's3cret-value', _csrf: 'forged' })).status).toBe(403);
    const other = await stack.user();
    const foreignCsrf = await csrfOf('/console/configs', other.token); // another session's token does not fit
    expect((await post(`${page}/credentials`, user.token, { name: 'api_key', value: 's3cret-value', _csrf: foreignCsrf })).status).toBe(403);

    const csrf = await csrfOf(page, user.token);
    const bad = await post(`${page}/credentials`, user.token, { name: 'has spaces', value: '', _csrf: csrf });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain('data-field-error="credential.name"');
    expect(badText).toContain('data-field-error="credential.value"');
    const ok = await post(`${page}/credentials`, user.token, { name: 'api_key', value: 's3cret-value', _csrf: csrf });
    expect(ok.status).toBe(303);
    const after = await (await get(page, user.token)).text();
    expect(after).toContain('data-credential="api_key"');
    expect(after).not.toContain('s3cret-value'); // write-only
    const stored = await stack.db.query<{ encrypted_value: string }>('select encrypted_value from public.connector_credentials where config_id = $1', [
      configId,
    ]);
    expect(stored.rows[0]!.encrypted_value).toMatch(/^v1\./);
    // another user cannot rotate it: RLS hides the config, so it is a 404
    const otherCsrf = await csrfOf('/console/configs', other.token);
    expect((await post(`${page}/credentials`, other.token, { name: 'api_key', value: 'x', _csrf: otherCsrf })).status).toBe(404);
  });

  it('validates the new-config form on the server and never echoes a credential', async () => {
    const user = await stack.user();
    const csrf = await csrfOf('/console/configs/new?connector=stripe', user.token);
    const res = await post('/console/configs/new', user.token, {
      _csrf: csrf,
      connector: 'stripe',
      name: '',
      'secret.api_key': 'sk_test_echo_me',
      'config.baseUrl': 'nope',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('data-field-error="name"');
    expect(text).not.toContain('sk_test_echo_me');
    const unknown = await post('/console/configs/new', user.token, { _csrf: csrf, connector: 'nonexistent', name: 'x' });
    expect(await unknown.text()).toContain('data-field-error="connector"');
  });

  it("an operator (service role) sees every user's configs; a user sees only their own", async () => {
    const [a, b] = [await stack.user(), await stack.user()];
    const ca = await createTestConfig(stack.db, { connector: 'mock', config: { baseUrl: api.url }, userId: a.id, credentials: stack.credentials });
    const cb = await createTestConfig(stack.db, { connector: 'mock', config: { baseUrl: api.url }, userId: b.id, credentials: stack.credentials });
    const operator = await (await get('/console/configs', await stack.operatorToken())).text();
    expect(operator).toContain(ca.configId);
    expect(operator).toContain(cb.configId);
    const asA = await (await get('/console/configs', a.token)).text();
    expect(asA).toContain(ca.configId);
    expect(asA).not.toContain(cb.configId);
    expect((await get(`/console/configs/${cb.configId}`, a.token)).status).toBe(404);
  });

  it('shows a banner, not a stack trace, when Postgres or Temporal is unreachable', async () => {
    const user = await stack.user();
    const { configId } = await createTestConfig(stack.db, { connector: 'mock', config: { baseUrl: api.url }, userId: user.id, credentials: stack.credentials });
    const deadPort = await freePort();
    const deadDb = postgresDb(`postgres://postgres@127.0.0.1:${deadPort}/postgres`, 1);
    const deadConnection = await Connection.connect({ address: `127.0.0.1:${deadPort}`, connectTimeout: 500 }).catch(() => undefined);
    const lazy = deadConnection ?? Connection.lazy({ address: `127.0.0.1:${deadPort}` });
    const auth = new ConsoleAuth({ jwtSecret: stack.jwtSecret });
    const mount = (db: typeof deadDb, client: Client) => {
      const app = Fastify();
      consoleRoutes({ db, temporal: { client, taskQueue: 'none' }, auth, credentials: stack.credentials })(app);
      return app;
    };
    const noDb = mount(deadDb, stack.client);
    const noTemporal = mount(stack.db, new Client({ connection: lazy }));
    const [noDbUrl, noTemporalUrl] = [await noDb.listen({ port: 0, host: '127.0.0.1' }), await noTemporal.listen({ port: 0, host: '127.0.0.1' })];
    try {
      const headers = { cookie: `fabric_console=${user.token}` };
      const down = await fetch(`${noDbUrl}/console/configs`, { headers });
      const downText = await down.text();
      expect(down.status).toBe(503);
      expect(downText).toContain('data-outage="postgres"');
      expect(downText).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+/);
      const partial = await fetch(`${noTemporalUrl}/console/configs/${configId}`, { headers });
      const partialText = await partial.text();
      expect(partial.status).toBe(200);
      expect(partialText).toContain('data-outage="temporal"');
      expect(partialText).toContain('Run history'); // the stored parts still render
      const list = await (await fetch(`${noTemporalUrl}/console/configs`, { headers })).text();
      expect(list).toContain('data-outage="temporal"');
      expect(list).toContain(configId);
      const sync = await fetch(`${noTemporalUrl}/console/configs/${configId}/sync`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${user.token}` },
      });
      expect(sync.status).toBe(503);
      expect(await sync.text()).toContain('data-outage="temporal"');
    } finally {
      await noDb.close();
      await noTemporal.close();
      await deadDb.close();
    }
  });
});
