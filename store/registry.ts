import type { ZodType } from 'zod';
import { resumeConfig } from './circuit';
import { readSecrets, saveOAuthToken, saveSecrets, type OAuthToken } from './credential-store';
import type { CredentialManager } from './credentials';
import type { Db } from './db';
import * as configs from './registry-configs';
import * as mappings from './registry-mappings';
import * as webhooks from './registry-webhooks';

export type { ConnectorConfig, CreateConfigInput } from './registry-configs';
export type { SchemaMapping } from './registry-mappings';
export type { WebhookConfig } from './registry-webhooks';
export { ConfigNotFoundError, NotFoundError, RegistryInputError } from './errors';
export { UnknownConnectorError } from './registry-configs';

export interface ConnectorDef {
  name: string;
  type?: 'inbound' | 'outbound' | 'bidirectional';
  description?: string;
  version?: string;
  schemaVersion?: string;
  capabilities?: string[];
  /** JSON Schema of the config, for display; validation uses the zod schema from configSchemaFor. */
  configSchema?: unknown;
}

export interface ConnectorRow extends Required<Omit<ConnectorDef, 'configSchema' | 'description'>> {
  id: string;
  description: string | null;
  status: string;
}

export interface RegistryOptions {
  /** The connector's zod config schema (from the adapter registry); injected so store/ never imports adapters/. */
  configSchemaFor?: (connector: string) => ZodType | undefined;
  credentials: CredentialManager;
}

/**
 * Connectors, their per-user configs and credentials, webhook endpoints and schema mappings (seed §6.3).
 * Reading a config or its credentials writes an audit row; credentials are decrypted only here, inside activities.
 */
export class ConnectorRegistry {
  constructor(
    private readonly db: Db,
    private readonly opts: RegistryOptions,
  ) {}

  async upsertConnector(def: ConnectorDef): Promise<void> {
    await this.db.query(
      `insert into public.connectors (name, type, description, version, schema_version, capabilities, config_schema)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
       on conflict (name) do update set type = excluded.type, description = excluded.description, version = excluded.version,
         schema_version = excluded.schema_version, capabilities = excluded.capabilities, config_schema = excluded.config_schema`,
      [def.name, def.type ?? 'bidirectional', def.description ?? null, def.version ?? '1.0.0', def.schemaVersion ?? '1.0.0',
        JSON.stringify(def.capabilities ?? []), def.configSchema === undefined ? null : JSON.stringify(def.configSchema)],
    );
  }

  async listConnectors(): Promise<ConnectorRow[]> {
    const res = await this.db.query<ConnectorRow>(
      `select id, name, type, description, version, schema_version as "schemaVersion", capabilities, status
       from public.connectors order by name`,
    );
    return res.rows;
  }

  async createConfig(input: configs.CreateConfigInput): Promise<configs.ConnectorConfig> {
    const lookup = this.opts.configSchemaFor;
    const schema = lookup?.(input.connector);
    if (lookup && !schema) throw new configs.UnknownConnectorError(input.connector);
    return configs.createConfig(this.db, this.opts.credentials, schema, input);
  }

  getConfig(configId: string, actor?: string): Promise<configs.ConnectorConfig> {
    return configs.getConfig(this.db, configId, actor);
  }

  listConfigs(filter?: { userId?: string; connector?: string }): Promise<configs.ConnectorConfig[]> {
    return configs.listConfigs(this.db, filter);
  }

  deleteConfig(configId: string, actor?: string): Promise<void> {
    return configs.deleteConfig(this.db, configId, actor);
  }

  /** Decrypts every credential of the config; audited on every call. */
  getCredentials(configId: string, actor: string): Promise<Record<string, string>> {
    return readSecrets(this.db, this.opts.credentials, configId, actor);
  }

  /** A new credential is the fix a paused config waits for: storing one closes its circuit (store/circuit.ts). */
  async setCredentials(configId: string, secrets: Record<string, string>): Promise<void> {
    await saveSecrets(this.db, this.opts.credentials, configId, secrets);
    await resumeConfig(this.db, configId);
  }

  saveOAuthToken(configId: string, token: OAuthToken, name?: string): Promise<void> {
    return saveOAuthToken(this.db, this.opts.credentials, configId, token, name);
  }

  createWebhookConfig(input: Parameters<typeof webhooks.createWebhookConfig>[2]): Promise<webhooks.WebhookConfig> {
    return webhooks.createWebhookConfig(this.db, this.opts.credentials, input);
  }

  findWebhookByPath(connector: string, endpointPath: string): Promise<webhooks.WebhookConfig | undefined> {
    return webhooks.findWebhookByPath(this.db, connector, endpointPath);
  }

  listWebhookConfigs(filter?: { configId?: string; userId?: string }): Promise<webhooks.WebhookConfig[]> {
    return webhooks.listWebhookConfigs(this.db, filter);
  }

  getWebhookSecrets(id: string, actor: string): Promise<{ current: string; previous?: string }> {
    return webhooks.getWebhookSecrets(this.db, this.opts.credentials, id, actor);
  }

  rotateWebhookSecret(input: { id: string; newSecret: string; graceSeconds?: number; actor?: string }): Promise<void> {
    return webhooks.rotateWebhookSecret(this.db, this.opts.credentials, input);
  }

  setWebhookActive(id: string, isActive: boolean): Promise<void> {
    return webhooks.setWebhookActive(this.db, id, isActive);
  }

  deleteWebhookConfig(id: string, actor?: string): Promise<void> {
    return webhooks.deleteWebhookConfig(this.db, id, actor);
  }

  createMapping(m: Parameters<typeof mappings.createMapping>[1]): Promise<mappings.SchemaMapping> {
    return mappings.createMapping(this.db, m);
  }

  getMapping(id: string): Promise<mappings.SchemaMapping> {
    return mappings.getMapping(this.db, id);
  }

  listMappings(filter?: Parameters<typeof mappings.listMappings>[1]): Promise<mappings.SchemaMapping[]> {
    return mappings.listMappings(this.db, filter);
  }

  getActiveMapping(connector: string, targetSchema: string): Promise<mappings.SchemaMapping | undefined> {
    return mappings.getActiveMapping(this.db, connector, targetSchema);
  }

  approveMapping(id: string, approvedBy: string): Promise<mappings.SchemaMapping> {
    return mappings.approveMapping(this.db, id, approvedBy);
  }

  rejectMapping(id: string, rejectedBy: string): Promise<mappings.SchemaMapping> {
    return mappings.rejectMapping(this.db, id, rejectedBy);
  }

  deleteMapping(id: string): Promise<void> {
    return mappings.deleteMapping(this.db, id);
  }
}
