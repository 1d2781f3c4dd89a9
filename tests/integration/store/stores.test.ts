import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { listAudit } from '../../../store/audit';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import type { Db } from '../../../store/db';
import { ConfigStore } from '../../../store/config-store';
import { listConnectors } from '../../../store/connectors';
import { ConfigNotFoundError, StoreInputError } from '../../../store/errors';
import { approveMapping, createMapping, deleteMapping, getActiveMapping, getMapping, listMappings, rejectMapping } from '../../../store/mapping-store';
import { WebhookEndpointStore } from '../../../store/webhook-endpoint-store';
import { testDb } from '../../helpers/db';

let db: Db;
let configs: ConfigStore;
let webhooks: WebhookEndpointStore;
const cm = new CredentialManager(parseKey(generateKey('reg')));
const stripeSchema = z.object({ account: z.string().min(1), page_size: z.number().int().max(100).default(100) });

beforeAll(() => {
  db = testDb();
  configs = new ConfigStore(db, { credentials: cm, configSchemaFor: (c) => (c.startsWith('stripe') ? stripeSchema : undefined) });
  webhooks = new WebhookEndpointStore(db, cm);
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
  await expect(configs.createConfig({ connector: 'stripe', userId, name: 'x', config: { page_size: 500 } })).rejects.toThrow(
    /config\.account: .*\n.*config\.page_size: .*100/s,
  );
  await expect(configs.createConfig({ connector: 'nope', userId, name: 'x' })).rejects.toThrow(/connector: no adapter named "nope"/);
  await expect(configs.createConfig({ connector: 'stripe', userId: 'bob', name: 'x', config: { account: 'a' } })).rejects.toThrow(StoreInputError);
  const created = await configs.createConfig({ connector: 'stripe', userId, name: 'live', config: { account: 'acct_1' } });
  expect(await configs.getConfig(created.id, 'test')).toEqual({
    id: created.id,
    connector: 'stripe',
    userId,
    name: 'live',
    config: { account: 'acct_1', page_size: 100 },
    isActive: true,
  });
  await expect(configs.createConfig({ connector: 'stripe', userId, name: 'live', config: { account: 'acct_1' } })).rejects.toThrow(/name: .*already has/);
  expect((await configs.listConfigs({ userId })).map((c) => c.id)).toEqual([created.id]);
  expect((await listConnectors(db)).some((c) => c.name === 'stripe')).toBe(true);
  await configs.deleteConfig(created.id, 'test');
  await expect(configs.getConfig(created.id)).rejects.toThrow(ConfigNotFoundError);
  await expect(configs.deleteConfig(created.id)).rejects.toThrow(/no connector config/);
  const audit = await listAudit(db, { resourceId: created.id });
  expect(audit.map((a) => a.action).sort()).toEqual(['config.create', 'config.delete', 'config.read']);
});

test('no plaintext secret anywhere in the database after storing credentials, OAuth tokens and webhook secrets', async () => {
  const marker = `PLAINTEXT-${randomUUID()}`;
  const userId = randomUUID();
  const cfg = await configs.createConfig({
    connector: 'stripe',
    userId,
    name: 'secrets',
    config: { account: 'a' },
    secrets: { api_key: `${marker}-api`, client_secret: `${marker}-cs` },
  });
  await configs.saveOAuthToken(cfg.id, {
    accessToken: `${marker}-at`,
    refreshToken: `${marker}-rt`,
    expiresAt: new Date(Date.now() + 3600_000),
    tokenUrl: 'http://127.0.0.1:1/token',
    clientId: 'client',
  });
  const hook = await webhooks.create({ configId: cfg.id, secret: `${marker}-whsec` });
  await webhooks.rotateSecret({ id: hook.id, newSecret: `${marker}-whsec2` });
  expect(await scanForText(marker)).toEqual([]);
  // ...and it all reads back, with one audit row per access
  expect(await configs.getCredentials(cfg.id, 'activity:test')).toEqual({
    api_key: `${marker}-api`,
    client_secret: `${marker}-cs`,
    access_token: `${marker}-at`,
  });
  expect(await webhooks.getSecrets(hook.id, 'server:test')).toEqual({ current: `${marker}-whsec2`, previous: `${marker}-whsec` });
  const reads = await listAudit(db, { resourceId: cfg.id });
  expect(reads.find((a) => a.action === 'credentials.read')).toMatchObject({
    actor: 'activity:test',
    userId,
    details: { names: ['access_token', 'api_key', 'client_secret'] },
  });
  expect(JSON.stringify(await listAudit(db, { userId }))).not.toContain(marker);
});

test('a ciphertext copied into another row does not decrypt (bound to its row)', async () => {
  const userId = randomUUID();
  const a = await configs.createConfig({ connector: 'stripe', userId, name: 'a', config: { account: 'a' }, secrets: { api_key: 'secret-a' } });
  const b = await configs.createConfig({ connector: 'stripe', userId, name: 'b', config: { account: 'b' }, secrets: { api_key: 'secret-b' } });
  await db.query(
    `update connector_credentials set encrypted_value = (select encrypted_value from connector_credentials where config_id = $1) where config_id = $2`,
    [a.id, b.id],
  );
  await expect(configs.getCredentials(b.id, 'test')).rejects.toThrow(/authentication failed/);
  await expect(configs.getCredentials(randomUUID(), 'test')).rejects.toThrow(ConfigNotFoundError);
});

test('webhook endpoints: lookup by path, secret rotation with grace, deactivate, delete', async () => {
  const cfg = await configs.createConfig({ connector: 'stripe', userId: randomUUID(), name: 'hooks', config: { account: 'a' } });
  const hook = await webhooks.create({ configId: cfg.id, secret: 'whsec_1', eventTypes: ['customer.*'] });
  expect(hook).toMatchObject({ connector: 'stripe', configId: cfg.id, eventTypes: ['customer.*'], isActive: true });
  expect(await webhooks.findByPath('stripe', hook.endpointPath)).toEqual(hook);
  expect(await webhooks.findByPath('hubspot', hook.endpointPath)).toBeUndefined();
  await webhooks.rotateSecret({ id: hook.id, newSecret: 'whsec_2', graceSeconds: 0 });
  expect(await webhooks.getSecrets(hook.id, 't')).toEqual({ current: 'whsec_2' }); // grace over
  expect((await webhooks.list({ configId: cfg.id })).length).toBe(1);
  await webhooks.setActive(hook.id, false);
  expect(await webhooks.findByPath('stripe', hook.endpointPath)).toBeUndefined();
  await webhooks.delete(hook.id);
  await expect(webhooks.getSecrets(hook.id, 't')).rejects.toThrow(/webhookConfig/);
  await expect(webhooks.create({ configId: randomUUID(), secret: 's' })).rejects.toThrow(/configId/);
});

test('schema mappings: draft, approve (one live per schemas), reject, delete', async () => {
  const connector = `mapped-${randomUUID().slice(0, 8)}`;
  const m1 = await createMapping(db, { connector, sourceSchema: 'Contact', targetSchema: 'customer', mappingRules: { a: 1 }, confidenceScore: 0.8 });
  expect(m1).toMatchObject({ status: 'draft', isActive: false, humanVerified: false, confidenceScore: 0.8 });
  expect(await getActiveMapping(db, connector, 'customer')).toBeUndefined();
  await approveMapping(db, m1.id, 'alice');
  const m2 = await createMapping(db, { connector, sourceSchema: 'Contact', targetSchema: 'customer', mappingRules: { a: 2 }, version: '1.1.0' });
  await approveMapping(db, m2.id, 'bob');
  expect((await getActiveMapping(db, connector, 'customer'))!.id).toBe(m2.id);
  expect((await getMapping(db, m1.id)).isActive).toBe(false);
  expect((await listMappings(db, { connector, activeOnly: true })).map((m) => m.id)).toEqual([m2.id]);
  const m3 = await createMapping(db, { connector, sourceSchema: 'Contact', targetSchema: 'customer', mappingRules: {} });
  expect(await rejectMapping(db, m3.id, 'carol')).toMatchObject({ status: 'rejected', isActive: false });
  await deleteMapping(db, m3.id);
  await expect(getMapping(db, m3.id)).rejects.toThrow(/mapping/);
  await expect(createMapping(db, { connector, sourceSchema: 'x', targetSchema: 'y', mappingRules: {}, confidenceScore: 2 })).rejects.toThrow(/confidenceScore/);
});
