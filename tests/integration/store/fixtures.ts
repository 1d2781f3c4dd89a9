import { randomUUID } from 'node:crypto';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import { createFreshDatabase } from '../../../scripts/fresh-database';
import type { Db } from '../../../store/db';
import { ConfigStore } from '../../../store/config-store';
import { WebhookEndpointStore } from '../../../store/webhook-endpoint-store';

export const testKeys = () => {
  const k0 = parseKey(generateKey('k0'));
  const k1 = parseKey(generateKey('k1'));
  return { k0, k1 };
};

/** The config and webhook endpoint stores with a fresh key and no adapter lookup (any connector name is accepted). */
export function testStores(db: Db, cm = new CredentialManager(parseKey(generateKey('t')))) {
  return { configs: new ConfigStore(db, { credentials: cm }), webhooks: new WebhookEndpointStore(db, cm), cm };
}

/** A new user with one config of a unique connector name. */
export async function userWithConfig(configs: ConfigStore, secrets: Record<string, string> = { api_key: `sk_${randomUUID()}` }) {
  const userId = randomUUID();
  const connector = `conn-${randomUUID().slice(0, 8)}`;
  const config = await configs.createConfig({ connector, userId, name: 'main', config: { region: 'eu' }, secrets });
  return { userId, connector, configId: config.id, secrets };
}

/**
 * A throwaway database of its own (created, migrated, dropped), for tests that act on whole tables — key rotation
 * re-encrypts every row, so it cannot share the run's database with other files' keys.
 */
export async function scratchDatabase(migrateIt = true): Promise<{ db: Db; url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is unset: run tests through jest');
  return createFreshDatabase({ adminUrl: base, prefix: 'fabric_scratch', migrate: migrateIt, poolSize: 3 });
}
