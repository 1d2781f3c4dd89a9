import type { ZodType } from 'zod';
import { writeAudit } from './audit';
import { resumeConfig } from './circuit';
import { readSecrets, saveOAuthToken, saveSecrets, type OAuthToken } from './credential-store';
import type { CredentialManager } from './credentials';
import type { Db } from './db';
import { ConfigNotFoundError, StoreInputError } from './errors';

export interface ConnectorConfig {
  id: string;
  connector: string;
  userId: string;
  name: string;
  config: Record<string, unknown>;
  isActive: boolean;
}

export interface CreateConfigInput {
  connector: string;
  userId: string;
  name: string;
  config?: Record<string, unknown>;
  secrets?: Record<string, string>;
  actor?: string;
}

export interface ConfigStoreOptions {
  /** The connector's zod config schema (from the adapter catalogue); injected so store/ never imports adapters/. */
  configSchemaFor?: (connector: string) => ZodType | undefined;
  credentials: CredentialManager;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONFIG_COLUMNS = `id, connector, user_id as "userId", name, config, is_active as "isActive"`;

/** Validates config with the connector's zod schema; each problem names the field and the fix. */
function validateConfig(connector: string, schema: ZodType | undefined, config: Record<string, unknown>): Record<string, unknown> {
  if (!schema) return config;
  const result = schema.safeParse(config);
  if (result.success) return result.data as Record<string, unknown>;
  const problems = result.error.issues.map((i) => `config.${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new StoreInputError(`invalid config for connector "${connector}":\n  - ${problems.join('\n  - ')}\nSet fields with --set key=value.`);
}

/** Plain Postgres has no auth service: the local auth.users row is created on demand. Supabase's is never touched. */
async function ensureUser(db: Db, userId: string): Promise<void> {
  const res = await db.query<{ supabase: boolean; exists: boolean }>(
    `select exists (select 1 from pg_roles where rolname = 'supabase_admin') as supabase,
            exists (select 1 from auth.users where id = $1) as exists`,
    [userId],
  );
  const row = res.rows[0]!;
  if (row.exists) return;
  if (row.supabase) throw new StoreInputError(`userId: no user ${userId} in auth.users; create the user in Supabase Auth first`);
  await db.query('insert into auth.users (id) values ($1) on conflict (id) do nothing', [userId]);
}

/**
 * Connector configs (public.connector_configs) and their encrypted credentials. Reading a config or its credentials
 * writes an audit row; credentials are decrypted only here, inside activities and the commands that need them.
 */
export class ConfigStore {
  constructor(
    private readonly db: Db,
    private readonly opts: ConfigStoreOptions,
  ) {}

  async createConfig(input: CreateConfigInput): Promise<ConnectorConfig> {
    const lookup = this.opts.configSchemaFor;
    const schema = lookup?.(input.connector);
    if (lookup && !schema) throw new UnknownConnectorError(input.connector);
    if (!UUID.test(input.userId)) throw new StoreInputError(`userId: "${input.userId}" is not a UUID; pass the user's auth id`);
    if (!input.name?.trim()) throw new StoreInputError('name: must not be empty; pass --name');
    const config = validateConfig(input.connector, schema, input.config ?? {});
    return this.db.transaction(async (tx) => {
      await tx.query(`insert into public.connectors (name) values ($1) on conflict (name) do nothing`, [input.connector]);
      await ensureUser(tx, input.userId);
      let created: ConnectorConfig;
      try {
        const res = await tx.query<ConnectorConfig>(
          `insert into public.connector_configs (connector, user_id, name, config) values ($1, $2, $3, $4::jsonb)
           returning ${CONFIG_COLUMNS}`,
          [input.connector, input.userId, input.name.trim(), JSON.stringify(config)],
        );
        created = res.rows[0]!;
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw new StoreInputError(`name: this user already has a "${input.connector}" config named "${input.name}"; choose another --name`);
        }
        throw err;
      }
      await saveSecrets(tx, this.opts.credentials, created.id, input.secrets ?? {});
      await writeAudit(tx, {
        actor: input.actor ?? 'service',
        userId: created.userId,
        action: 'config.create',
        resourceType: 'connector_config',
        resourceId: created.id,
        details: { connector: input.connector, secretNames: Object.keys(input.secrets ?? {}) },
      });
      return created;
    });
  }

  async getConfig(configId: string, actor = 'service'): Promise<ConnectorConfig> {
    if (!UUID.test(configId)) throw new ConfigNotFoundError(configId);
    const res = await this.db.query<ConnectorConfig>(`select ${CONFIG_COLUMNS} from public.connector_configs where id = $1`, [configId]);
    const row = res.rows[0];
    if (!row) throw new ConfigNotFoundError(configId);
    await writeAudit(this.db, { actor, userId: row.userId, action: 'config.read', resourceType: 'connector_config', resourceId: configId });
    return row;
  }

  async listConfigs(filter: { userId?: string; connector?: string } = {}): Promise<ConnectorConfig[]> {
    const res = await this.db.query<ConnectorConfig>(
      `select ${CONFIG_COLUMNS} from public.connector_configs
       where ($1::uuid is null or user_id = $1) and ($2::text is null or connector = $2) order by created_at, id`,
      [filter.userId ?? null, filter.connector ?? null],
    );
    return res.rows;
  }

  async deleteConfig(configId: string, actor = 'service'): Promise<void> {
    if (!UUID.test(configId)) throw new ConfigNotFoundError(configId);
    await this.db.transaction(async (tx) => {
      const res = await tx.query<{ user_id: string }>('delete from public.connector_configs where id = $1 returning user_id', [configId]);
      if (!res.rows[0]) throw new ConfigNotFoundError(configId);
      await writeAudit(tx, { actor, userId: res.rows[0].user_id, action: 'config.delete', resourceType: 'connector_config', resourceId: configId });
    });
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
}

/** createConfig for a connector the adapter catalogue does not know. */
export class UnknownConnectorError extends StoreInputError {
  constructor(connector: string) {
    super(`connector: no adapter named "${connector}" is registered; see \`fabric connectors list\``);
  }
}
