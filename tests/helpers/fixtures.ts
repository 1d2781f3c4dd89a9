import { createHash, randomUUID } from 'node:crypto';
import { configStore } from '../../app/activity-deps';
import type { ActivityDeps } from '../../activities';
import { adapterCatalogue, discoverAdapters } from '../../adapters/core/catalogue';
import { CredentialManager, parseKey } from '../../store/credentials';
import { upsertConnector } from '../../store/connectors';
import type { Db } from '../../store/db';

/**
 * One credential key for every test of a run. The webhook server's sweeper kicks every config with waiting
 * events (as it must in production), so a worker of another test file may build a config's adapter: with one key
 * it can decrypt its credentials, as every worker of one deployment can. A constant: it protects only test data.
 */
export const TEST_KEY_TEXT = `test-shared:${createHash('sha256').update('connectivity-fabric tests').digest('base64')}`;
export const testCredentials = () => new CredentialManager(parseKey(TEST_KEY_TEXT));

/** A user in auth.users, the connector row, and a config with its secrets: what `fabric configs create` makes. */
export async function createTestConfig(
  db: Db,
  o: { connector: string; config: Record<string, unknown>; secrets?: Record<string, string>; userId?: string; credentials?: CredentialManager },
): Promise<{ configId: string; userId: string; deps: ActivityDeps }> {
  const userId = o.userId ?? randomUUID();
  await db.query('insert into auth.users (id, email) values ($1, $2) on conflict (id) do nothing', [userId, `${userId}@example.test`]);
  if (!adapterCatalogue.has(o.connector)) discoverAdapters();
  const def = adapterCatalogue.get(o.connector);
  const configs = configStore(db, o.credentials ?? testCredentials());
  await upsertConnector(db, { name: def.name, version: def.version, capabilities: [...def.capabilities] });
  const cfg = await configs.createConfig({ connector: o.connector, userId, name: `test-${randomUUID()}`, config: o.config, secrets: o.secrets });
  return { configId: cfg.id, userId, deps: { db, configs } };
}

export async function countRecords(db: Db, configId: string, model: string, where = 'true'): Promise<number> {
  const res = await db.query<{ n: number }>(`select count(*)::int as n from public.unified_records where config_id = $1 and model = $2 and ${where}`, [
    configId,
    model,
  ]);
  return res.rows[0]?.n ?? 0;
}
