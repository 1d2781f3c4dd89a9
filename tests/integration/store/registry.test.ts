import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { listAudit } from '../../../store/audit';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import type { Db } from '../../../store/db';
import { ConfigNotFoundError, ConnectorRegistry, RegistryInputError } from '../../../store/registry';
import { testDb } from '../../helpers/db';

let db: Db;
let registry: ConnectorRegistry;
const cm = new CredentialManager(parseKey(generateKey('reg')));
const stripeSchema = z.object({ account: z.string().min(1), page_size: z.number().int().max(100).default(100) });

beforeAll(() => {
  db = testDb();
  registry = new ConnectorRegistry(db, { credentials: cm, configSchemaFor: (c) => (c.startsWith('stripe') ? stripeSchema : undefined) });
});
afterAll(() => db.close());

/** Every text, varchar and jsonb column of every table in the schemas the system writes. */
async function scanForText(needle: string): Promise<string[]> {
  const cols = await db.query<{ table_schema: string; table_name: string; column_name: string }>(
    `select table_schema, table_name, column_name from information_schema.columns
     where table_schema in ('public', 'auth', 'fabric_meta') and data_type in ('text', 'character varying', 'jsonb', 'json')`,
  );
  const hits: string[] = [];
  for (const c of cols.rows) {
    const res = await db.query<{ n: number }>(
      `select count(*)::int as n from "${c.table_schema}"."${c.table_name}" where strpos("${c.column_name}"::text, $1) > 0`,
      [needle],
    );
    if (res.rows[0]!.n > 0) hits.push(`${c.table_schema}.${c.table_name}.${c.column_name}`);
  }
  expect(cols.rows.length).toBeGreaterThan(40); // the scan really covers the schema
  return hits;
}

test('configs are validated by the connector schema, with errors naming the field and the fix', async () => {
  const userId = randomUUID();
  await expect(registry.createConfig({ connector: 'stripe', userId, name: 'x', config: { page_size: 500 } })).rejects.toThrow(
    /config\.account: .*\n.*config\.page_size: .*100/s,
  );
  await expect(registry.createConfig({ connector: 'nope', userId, name: 'x' })).rejects.toThrow(/connector: no adapter named "nope"/);
  await expect(registry.createConfig({ connector: 'stripe', userId: 'bob', name: 'x', config: { account: 'a' } })).rejects.toThrow(RegistryInputError);
  const created = await registry.createConfig({ connector: 'stripe', userId, name: 'live', config: { account: 'acct_1' } });
  expect(await registry.getConfig(created.id, 'test')).toEqual({ id: created.id, connector: 'stripe', userId, name: 'live', config: { account: 'acct_1', page_size: 100 }, isActive: true });
  await expect(registry.createConfig({ connector: 'stripe', userId, name: 'live', config: { account: 'acct_1' } })).rejects.toThrow(/name: .*already has/);
  expect((await registry.listConfigs({ userId })).map((c) => c.id)).toEqual([created.id]);
  expect((await registry.listConnectors()).some((c) => c.name === 'stripe')).toBe(true);
  await registry.deleteConfig(created.id, 'test');
  await expect(registry.getConfig(created.id)).rejects.toThrow(ConfigNotFoundError);
  await expect(registry.deleteConfig(created.id)).rejects.toThrow(/no connector config/);
  const audit = await listAudit(db, { resourceId: created.id });
  expect(audit.map((a) => a.action).sort()).toEqual(['config.create', 'config.delete', 'config.read']);
});

test('no plaintext secret anywhere in the database after storing credentials, OAuth tokens and webhook secrets', async () => {
  const marker = `PLAINTEXT-${randomUUID()}`;
  const userId = randomUUID();
  const cfg = await registry.createConfig({ connector: 'stripe', userId, name: 'secrets', config: { account: 'a' }, secrets: { api_key: `${marker}-api`, client_secret: `${marker}-cs` } });
  await registry.saveOAuthToken(cfg.id, { accessToken: `${marker}-at`, refreshToken: `${marker}-rt`, expiresAt: new Date(Date.now() + 3600_000), tokenUrl: 'http://127.0.0.1:1/token', clientId: 'client' });
  const hook = await registry.createWebhookConfig({ configId: cfg.id, secret: `${marker}-whsec` });
  await registry.rotateWebhookSecret({ id: hook.id, newSecret: `${marker}-whsec2` });
  expect(await scanForText(marker)).toEqual([]);
  // ...and it all reads back, with one audit row per access
  expect(await registry.getCredentials(cfg.id, 'activity:test')).toEqual({ api_key: `${marker}-api`, client_secret: `${marker}-cs`, access_token: `${marker}-at` });
  expect(await registry.getWebhookSecrets(hook.id, 'server:test')).toEqual({ current: `${marker}-whsec2`, previous: `${marker}-whsec` });
  const reads = await listAudit(db, { resourceId: cfg.id });
  expect(reads.find((a) => a.action === 'credentials.read')).toMatchObject({ actor: 'activity:test', userId, details: { names: ['access_token', 'api_key', 'client_secret'] } });
  expect(JSON.stringify(await listAudit(db, { userId }))).not.toContain(marker);
});

test('a ciphertext copied into another row does not decrypt (bound to its row)', async () => {
  const userId = randomUUID();
  const a = await registry.createConfig({ connector: 'stripe', userId, name: 'a', config: { account: 'a' }, secrets: { api_key: 'secret-a' } });
  const b = await registry.createConfig({ connector: 'stripe', userId, name: 'b', config: { account: 'b' }, secrets: { api_key: 'secret-b' } });
  await db.query(
    `update connector_credentials set encrypted_value = (select encrypted_value from connector_credentials where config_id = $1) where config_id = $2`,
    [a.id, b.id],
  );
  await expect(registry.getCredentials(b.id, 'test')).rejects.toThrow(/authentication failed/);
  await expect(registry.getCredentials(randomUUID(), 'test')).rejects.toThrow(ConfigNotFoundError);
});

test('webhook configs: lookup by path, secret rotation with grace, deactivate, delete', async () => {
  const cfg = await registry.createConfig({ connector: 'stripe', userId: randomUUID(), name: 'hooks', config: { account: 'a' } });
  const hook = await registry.createWebhookConfig({ configId: cfg.id, secret: 'whsec_1', eventTypes: ['customer.*'] });
  expect(hook).toMatchObject({ connector: 'stripe', configId: cfg.id, eventTypes: ['customer.*'], isActive: true });
  expect(await registry.findWebhookByPath('stripe', hook.endpointPath)).toEqual(hook);
  expect(await registry.findWebhookByPath('hubspot', hook.endpointPath)).toBeUndefined();
  await registry.rotateWebhookSecret({ id: hook.id, newSecret: 'whsec_2', graceSeconds: 0 });
  expect(await registry.getWebhookSecrets(hook.id, 't')).toEqual({ current: 'whsec_2' }); // grace over
  expect((await registry.listWebhookConfigs({ configId: cfg.id })).length).toBe(1);
  await registry.setWebhookActive(hook.id, false);
  expect(await registry.findWebhookByPath('stripe', hook.endpointPath)).toBeUndefined();
  await registry.deleteWebhookConfig(hook.id);
  await expect(registry.getWebhookSecrets(hook.id, 't')).rejects.toThrow(/webhookConfig/);
  await expect(registry.createWebhookConfig({ configId: randomUUID(), secret: 's' })).rejects.toThrow(/configId/);
});

test('schema mappings: draft, approve (one live per schemas), reject, delete', async () => {
  const connector = `mapped-${randomUUID().slice(0, 8)}`;
  const m1 = await registry.createMapping({ connector, sourceSchema: 'Contact', targetSchema: 'customer', mappingRules: { a: 1 }, confidenceScore: 0.8 });
  expect(m1).toMatchObject({ status: 'draft', isActive: false, humanVerified: false, confidenceScore: 0.8 });
  expect(await registry.getActiveMapping(connector, 'customer')).toBeUndefined();
  await registry.approveMapping(m1.id, 'alice');
  const m2 = await registry.createMapping({ connector, sourceSchema: 'Contact', targetSchema: 'customer', mappingRules: { a: 2 }, version: '1.1.0' });
  await registry.approveMapping(m2.id, 'bob');
  expect((await registry.getActiveMapping(connector, 'customer'))!.id).toBe(m2.id);
  expect((await registry.getMapping(m1.id)).isActive).toBe(false);
  expect((await registry.listMappings({ connector, activeOnly: true })).map((m) => m.id)).toEqual([m2.id]);
  const m3 = await registry.createMapping({ connector, sourceSchema: 'Contact', targetSchema: 'customer', mappingRules: {} });
  expect(await registry.rejectMapping(m3.id, 'carol')).toMatchObject({ status: 'rejected', isActive: false });
  await registry.deleteMapping(m3.id);
  await expect(registry.getMapping(m3.id)).rejects.toThrow(/mapping/);
  await expect(registry.createMapping({ connector, sourceSchema: 'x', targetSchema: 'y', mappingRules: {}, confidenceScore: 2 })).rejects.toThrow(/confidenceScore/);
});
