import { configSchemaWithOutboundCheck } from '../adapters/core/factory';
import { adapterCatalogue, discoverAdapters } from '../adapters/core/catalogue';
import { withApprovedMappings } from '../adapters/mapped/approved';
import type { Env } from '../config/env';
import { CredentialManager } from '../store/credentials';
import type { Db } from '../store/db';
import { ConfigStore } from '../store/config-store';
import { findMapping, getActiveMapping } from '../store/mapping-store';
import type { ActivityDeps } from '../activities/deps';

/** The config store, checking new configs with the adapter catalogue's config schemas (store/ never imports adapters/). */
export function configStore(db: Db, credentials: CredentialManager): ConfigStore {
  return new ConfigStore(db, {
    credentials,
    configSchemaFor: (name) => {
      if (!adapterCatalogue.has(name)) discoverAdapters();
      return adapterCatalogue.has(name) ? configSchemaWithOutboundCheck(adapterCatalogue.get(name)) : undefined;
    },
  });
}

/** Everything a worker's activities need, from one database handle and the validated environment. */
export function buildActivityDeps(db: Db, env: Env, credentials = CredentialManager.fromEnv(env)): ActivityDeps {
  // a mapped connector's config names approved mappings by ID or source; they are loaded when its adapter is built
  const mappings = { findMapping: (id: string) => findMapping(db, id), activeMapping: (s: string, m: string) => getActiveMapping(db, s, m) };
  return { db, credentials, configs: withApprovedMappings(configStore(db, credentials), mappings) };
}
