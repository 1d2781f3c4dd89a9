import type { ConnectorConfigRecord, ConnectorConfigSource } from '../adapters/core/factory';
import type { BudgetStore } from '../adapters/core/pacing';
import type { SourceAdapter } from '../adapters/core/types';
import type { CredentialManager } from '../store/credentials';
import type { Db } from '../store/db';

export interface ResolvedAdapter {
  adapter: SourceAdapter;
  config: ConnectorConfigRecord;
}

/** What activities need from the process that hosts them; built once per worker (app/activity-deps.ts). */
export interface ActivityDeps {
  db: Db;
  /** The config store (store/config-store.ts): configs, and credentials decrypted with an audit row. */
  configs?: ConnectorConfigSource;
  /** Decrypts credentials (OAuth2 refresh); defaults to one built from the environment. */
  credentials?: CredentialManager;
  /** Request budgets per vendor credential; defaults to store/rate-budget.ts on `db`, shared by every worker. */
  budgets?: BudgetStore;
  /** Builds the adapter for a config ID; defaults to adapters/core/factory.ts over `configs`. */
  adapterFor?: (configId: string, actor: string) => Promise<ResolvedAdapter>;
}
