import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configStore } from '../../../app/activity-deps';
import { createAdapterForConfig } from '../../../adapters/core/factory';
import { OutboundRefusedError, outboundPolicy, setOutboundPolicy, type LookupFn } from '../../../adapters/core/outbound-guard';
import { startMockApi } from '../../../adapters/mock';
import { StoreInputError } from '../../../store/errors';
import { testDb } from '../../helpers/db';
import { createTestConfig, testCredentials } from '../../helpers/fixtures';

/** Every name looked up, and every socket the process tries to open (undici's and net's own channels). */
const looked: string[] = [];
const recordingLookup: LookupFn = async (host) => {
  looked.push(host);
  if (host === 'api.stripe.com') return [{ address: '10.1.2.3', family: 4 }]; // a poisoned answer: private
  throw new Error(`no DNS in this test for ${host}`);
};
type Opened = { remoteAddress?: string; _host?: string };
const undiciConnects: string[] = [];
const sockets: Opened[] = []; // read when asserted: a socket names its host only once connect() has begun
const onUndici = (m: unknown) => undiciConnects.push(String((m as { connectParams: { hostname: string } }).connectParams.hostname));
const onNet = (m: unknown) => sockets.push((m as { socket: Opened }).socket);
const opened = () => [...undiciConnects, ...sockets.map((s) => String(s._host ?? s.remoteAddress ?? 'unknown'))];
const isLoopback = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '::1' || h === 'unknown';

describe('production mode: outbound requests go only to allowed hosts, checked before any socket opens', () => {
  const db = testDb();
  const configs = configStore(db, testCredentials());
  const userId = randomUUID();
  let redirector: Server;
  let redirectorUrl = '';
  let redirectorHits = 0;

  beforeAll(async () => {
    subscribe('undici:client:beforeConnect', onUndici);
    subscribe('net.client.socket', onNet);
    await db.query('insert into auth.users (id) values ($1) on conflict do nothing', [userId]);
    await db.query(`insert into public.connectors (name) values ('stripe') on conflict (name) do nothing`);
    // a loopback server that answers every request with a redirect to a private address
    redirector = createServer((_req, res) => {
      redirectorHits++;
      res.writeHead(302, { location: 'http://10.0.0.1/v1/customers' }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    unsubscribe('undici:client:beforeConnect', onUndici);
    unsubscribe('net.client.socket', onNet);
    setOutboundPolicy(undefined);
    redirector.close();
    await db.close();
  });
  afterEach(() => expect(opened().filter((h) => !isLoopback(h))).toEqual([]));

  const production = (allowedHosts = '') => setOutboundPolicy(outboundPolicy({ production: true, allowedHosts, lookup: recordingLookup }));
  const create = (connector: string, config: Record<string, unknown>) =>
    configs.createConfig({ connector, userId, name: `ssrf-${randomUUID()}`, config, secrets: { api_key: 'sk_test_123' } });

  it.each([
    ['http://127.0.0.1:12111', /host "127\.0\.0\.1" is a loopback 127\.0\.0\.0\/8 address, refused in production mode/],
    ['http://169.254.169.254/latest/meta-data', /host "169\.254\.169\.254" is a link-local \(cloud metadata\) 169\.254\.0\.0\/16 address/],
    ['http://10.0.0.1', /host "10\.0\.0\.1" is a private 10\.0\.0\.0\/8 address/],
    ['http://localhost:4010', /host "localhost" is a loopback name address/],
    [
      'https://internal.example.net',
      /host "internal\.example\.net" is not an allowed host for connector "stripe" in production mode \(allowed: api\.stripe\.com\)/,
    ],
  ])('refuses a config whose baseUrl is %s when it is created', async (baseUrl, message) => {
    production();
    const err = await create('stripe', { baseUrl }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(StoreInputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/config\.baseUrl: outbound host refused: .*add it to FABRIC_ALLOWED_HOSTS/);
  });

  it('refuses again when used: a config written straight to the table (as a tenant can through RLS)', async () => {
    production();
    for (const baseUrl of ['http://10.0.0.1', 'http://169.254.169.254', 'https://internal.example.net']) {
      const res = await db.query<{ id: string }>(
        `insert into public.connector_configs (connector, user_id, name, config) values ('stripe', $1, $2, $3::jsonb) returning id`,
        [userId, `raw-${randomUUID()}`, JSON.stringify({ baseUrl })],
      );
      const err = await createAdapterForConfig(configs, res.rows[0]!.id).catch((e: Error) => e);
      expect(err).toBeInstanceOf(OutboundRefusedError);
      expect((err as Error).message).toMatch(/^stripe: outbound request refused: host /);
    }
  });

  it('refuses an allowed host name that resolves to a private address, having only looked the name up', async () => {
    production();
    const cfg = await create('stripe', { baseUrl: 'https://api.stripe.com' });
    const err = await createAdapterForConfig(configs, cfg.id).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /host "api\.stripe\.com" resolves to 10\.1\.2\.3, a private 10\.0\.0\.0\/8 address; add 10\.1\.2\.3 to FABRIC_ALLOWED_HOSTS/,
    );
    expect(looked).toContain('api.stripe.com');
  });

  it('refuses a redirect from an allowed loopback server to a private address, without connecting to it', async () => {
    production('127.0.0.1'); // the operator allowed this loopback address explicitly
    const cfg = await create('stripe', { baseUrl: redirectorUrl });
    const { adapter } = await createAdapterForConfig(configs, cfg.id);
    const err = await adapter.listPage('customer', { pageSize: 10 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(OutboundRefusedError);
    expect((err as Error).message).toMatch(/host "10\.0\.0\.1" is a private 10\.0\.0\.0\/8 address, refused in production mode/);
    expect(redirectorHits).toBe(1); // sent once, never retried, never followed
    expect(opened()).toContain('127.0.0.1'); // the recorder sees real connections: only the loopback one was made
  });

  it('applies to a mapped connector: its base_url must be on FABRIC_ALLOWED_HOSTS', async () => {
    production('api.partner.example');
    const resources = { customer: { list_path: '/customers', pagination: { style: 'page' }, mapping_source: 'partner' } };
    const err = await create('mapped', { base_url: 'https://api.other.example', resources }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /config\.base_url: outbound host refused: host "api\.other\.example" is not an allowed host for connector "mapped" in production mode \(allowed: api\.partner\.example\)/,
    );
    await expect(create('mapped', { base_url: 'https://api.partner.example/v1', resources })).resolves.toMatchObject({ connector: 'mapped' });
  });

  it('dev mode keeps working with the local fakes', async () => {
    setOutboundPolicy(outboundPolicy({ production: false, lookup: recordingLookup }));
    const api = await startMockApi({ records: 3 });
    try {
      const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
      const { adapter } = await createAdapterForConfig(deps.configs!, configId);
      const page = await adapter.listPage('customer', { pageSize: 10 });
      expect(page.items).toHaveLength(3);
    } finally {
      await api.stop();
    }
  });
});
