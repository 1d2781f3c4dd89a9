import { defaultRegistry, discoverAdapters } from '../adapters/core/registry';
import type { Env } from '../config/env';
import { CredentialManager } from '../store/credentials';
import type { Db } from '../store/db';
import { ConnectorRegistry } from '../store/registry';
import type { ActivityDeps } from './deps';

/** The connector registry wired to the adapter plugins' config schemas (store/ never imports adapters/ itself). */
export function connectorRegistry(db: Db, credentials: CredentialManager): ConnectorRegistry {
  return new ConnectorRegistry(db, {
    credentials,
    configSchemaFor: (name) => {
      if (!defaultRegistry.has(name)) discoverAdapters();
      return defaultRegistry.has(name) ? defaultRegistry.get(name).configSchema : undefined;
    },
  });
}

/** Everything a worker's activities need, from one database handle and the validated environment. */
export function buildActivityDeps(db: Db, env: Env, credentials = CredentialManager.fromEnv(env)): ActivityDeps {
  return { db, configs: connectorRegistry(db, credentials) };
}
