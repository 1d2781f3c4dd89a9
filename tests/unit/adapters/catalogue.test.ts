import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AdapterCatalogue, defineAdapter, getAdapter, listAdapters } from '../../../adapters/core/catalogue';
import { createAdapterForConfig, type ConnectorConfigSource } from '../../../adapters/core/factory';
import { parseRecord } from '../../../schema';
import { exampleFiles } from '../../helpers/example-connector';

const repo = join(__dirname, '..', '..', '..');

test('the built-in connectors are discovered from their folders and listed with their config schemas', () => {
  const names = listAdapters().map((a) => a.name);
  expect(names).toEqual(expect.arrayContaining(['mock', 'stripe']));
  const stripe = getAdapter('stripe');
  expect(stripe).toMatchObject({ version: '1.0.0', models: ['customer', 'invoice'], credentialKeys: ['api_key'] });
  expect(stripe.configSchema.parse({})).toEqual({ baseUrl: 'https://api.stripe.com', incremental: 'events' });
  expect(() => getAdapter('nope')).toThrow(/unknown connector "nope"; registered connectors: .*stripe/);
});

test("a connector's adapter reports what its definition declares (one declaration, not two)", () => {
  const configs: Record<string, unknown> = { stripe: {}, hubspot: {}, mock: { baseUrl: 'http://127.0.0.1:1' } };
  for (const [name, config] of Object.entries(configs)) {
    const def = getAdapter(name);
    const adapter = def.build({ config: def.configSchema.parse(config), credentials: {} });
    const { version, capabilities, models } = def;
    expect({ name: adapter.name, version: adapter.version, capabilities: adapter.capabilities, models: adapter.models }).toEqual({
      name,
      version,
      capabilities,
      models,
    });
  }
});

test('plugin claim: the documented example connector, dropped into a new folder, is discovered with no core change', async () => {
  const doc = readFileSync(join(repo, 'docs', 'CONNECTORS.md'), 'utf8');
  const blocks = exampleFiles(doc);
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(repo, '.tmp', 'plugins-'));
  try {
    symlinkSync(join(repo, 'adapters', 'core'), join(dir, 'core')); // a connectors folder: core beside the connector
    mkdirSync(join(dir, 'example'));
    for (const [file, text] of Object.entries(blocks)) writeFileSync(join(dir, 'example', file), text);
    mkdirSync(join(dir, 'not-a-connector')); // a folder with no index is skipped
    const catalogue = new AdapterCatalogue();
    expect(catalogue.discover(dir)).toEqual(['example']);
    const def = catalogue.get('example');
    expect(def).toMatchObject({ name: 'example', version: '0.1.0', capabilities: ['read', 'webhook'], models: ['customer'] });
    expect(def.webhook?.scheme.name).toBe('slack');
    const adapter = def.build({ config: def.configSchema.parse({}), credentials: {} });
    expect(adapter).toMatchObject({ name: 'example', version: '0.1.0', capabilities: ['read', 'webhook'], models: ['customer'] });
    const page = await adapter.listPage('customer');
    const unified = adapter.toUnified('customer', page.items[0]!.raw);
    expect(parseRecord('customer', unified)).toMatchObject({ ok: true, value: { full_name: 'Ada Lovelace' } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('registration rejects bad names and a second connector under a taken name', () => {
  const catalogue = new AdapterCatalogue();
  const def = defineAdapter({
    name: 'dup',
    version: '1',
    capabilities: [],
    models: [],
    configSchema: z.object({}),
    build: () => {
      throw new Error('unused');
    },
  });
  catalogue.register(def);
  catalogue.register(def); // the same definition twice is a no-op
  expect(() => catalogue.register({ ...def })).toThrow(/already registered/);
  expect(() => catalogue.register({ ...def, name: 'Bad Name' })).toThrow(/adapter name "Bad Name" is invalid/);
});

function store(config: Record<string, unknown>, credentials: Record<string, string>, isActive = true): ConnectorConfigSource & { actors: string[] } {
  const actors: string[] = [];
  return {
    actors,
    getConfig: async (id) => (id === 'cfg-1' ? { id, connector: 'stripe', userId: 'u1', name: 'Stripe', config, isActive } : null),
    getCredentials: async (_id, actor) => {
      actors.push(actor ?? '');
      return credentials;
    },
  };
}

test('the factory builds an adapter from a config ID, validating config and credentials without printing them', async () => {
  const ok = store({ baseUrl: 'http://127.0.0.1:1' }, { api_key: 'sk_test_secret_value' });
  const { adapter } = await createAdapterForConfig(ok, 'cfg-1', { actor: 'sync:cfg-1' });
  expect(adapter.name).toBe('stripe');
  expect(ok.actors).toEqual(['sync:cfg-1']);
  await expect(createAdapterForConfig(ok, 'missing')).rejects.toThrow(/"missing" does not exist/);
  await expect(createAdapterForConfig(store({}, {}, false), 'cfg-1')).rejects.toThrow(/inactive/);
  await expect(createAdapterForConfig(store({ baseUrl: 'not a url' }, { api_key: 'x' }), 'cfg-1')).rejects.toThrow(/baseUrl: must be a URL/);
  const err = await createAdapterForConfig(store({}, { other: 'sk_live_zzz' }), 'cfg-1').catch((e: Error) => e);
  expect(err).toMatchObject({ name: 'AuthError', retryable: false });
  expect((err as Error).message).toContain('"api_key"');
  expect((err as Error).message).not.toContain('sk_live_zzz');
});
