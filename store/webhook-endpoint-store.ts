import { randomBytes } from 'node:crypto';
import { writeAudit } from './audit';
import type { CredentialManager } from './credentials';
import type { Db } from './db';
import { NotFoundError, StoreInputError } from './errors';

export interface WebhookConfig {
  id: string;
  connector: string;
  configId: string;
  userId: string;
  endpointPath: string;
  eventTypes: string[];
  isActive: boolean;
}

const COLUMNS = `w.id, w.connector, w.config_id as "configId", w.user_id as "userId", w.endpoint_path as "endpointPath",
  w.event_types as "eventTypes", w.is_active as "isActive"`;

export const webhookContext = (id: string, field: 'secret' | 'previous_secret') => `webhook_configs:${id}:${field}`;

/**
 * Webhook endpoints (public.webhook_configs): where a sender posts, and the signing secrets, encrypted. A secret is
 * decrypted only to verify deliveries, with an audit row per read.
 */
export class WebhookEndpointStore {
  constructor(
    private readonly db: Db,
    private readonly credentials: CredentialManager,
  ) {}

  /**
   * Creates an endpoint for a config. The path is random unless given (it is the public URL's last part); the
   * signing secret is encrypted, and returned in clear only here, once, so it can be set at the sender.
   */
  async create(input: { configId: string; secret: string; endpointPath?: string; eventTypes?: string[]; actor?: string }): Promise<WebhookConfig> {
    if (!input.secret) throw new StoreInputError('secret: must not be empty; pass the signing secret the sender uses');
    const cm = this.credentials;
    const endpointPath = input.endpointPath ?? randomBytes(16).toString('base64url');
    return this.db.transaction(async (tx) => {
      const id = (await tx.query<{ id: string }>('select gen_random_uuid()::text as id')).rows[0]!.id;
      const res = await tx.query<WebhookConfig>(
        `insert into public.webhook_configs as w (id, connector, config_id, user_id, endpoint_path, secret, key_id, event_types)
         select $1, c.connector, c.id, c.user_id, $3, $4, $5, $6::jsonb from public.connector_configs c where c.id = $2
         returning ${COLUMNS}`,
        [id, input.configId, endpointPath, cm.encrypt(input.secret, webhookContext(id, 'secret')), cm.currentKeyId, JSON.stringify(input.eventTypes ?? ['*'])],
      );
      const row = res.rows[0];
      if (!row) throw NotFoundError.byId('configId', input.configId, 'list configs with `fabric configs list`');
      await writeAudit(tx, { actor: input.actor ?? 'service', userId: row.userId, action: 'webhook.create', resourceType: 'webhook_config', resourceId: id });
      return row;
    });
  }

  /** The endpoint behind POST /webhooks/:connector/:path; undefined when there is none or it is inactive. */
  async findByPath(connector: string, endpointPath: string): Promise<WebhookConfig | undefined> {
    const res = await this.db.query<WebhookConfig>(
      `select ${COLUMNS} from public.webhook_configs w where w.connector = $1 and w.endpoint_path = $2 and w.is_active`,
      [connector, endpointPath],
    );
    return res.rows[0];
  }

  async list(filter: { configId?: string; userId?: string } = {}): Promise<WebhookConfig[]> {
    const res = await this.db.query<WebhookConfig>(
      `select ${COLUMNS} from public.webhook_configs w
       where ($1::uuid is null or w.config_id = $1) and ($2::uuid is null or w.user_id = $2) order by w.created_at, w.id`,
      [filter.configId ?? null, filter.userId ?? null],
    );
    return res.rows;
  }

  /**
   * Decrypts the signing secrets to verify a delivery: the current one, and the previous one while its grace period
   * lasts (so a rotation does not reject deliveries signed just before it). Audited on every call.
   */
  async getSecrets(id: string, actor: string): Promise<{ current: string; previous?: string }> {
    const res = await this.db.query<{ user_id: string; secret: string; previous_secret: string | null; previous_live: boolean }>(
      `select user_id, secret, previous_secret, coalesce(previous_secret_expires_at > now(), false) as previous_live
       from public.webhook_configs where id = $1`,
      [id],
    );
    const row = res.rows[0];
    if (!row) throw NotFoundError.byId('webhookConfigId', id);
    await writeAudit(this.db, { actor, userId: row.user_id, action: 'webhook_secret.read', resourceType: 'webhook_config', resourceId: id });
    const current = this.credentials.decrypt(row.secret, webhookContext(id, 'secret'));
    if (!row.previous_secret || !row.previous_live) return { current };
    return { current, previous: this.credentials.decrypt(row.previous_secret, webhookContext(id, 'previous_secret')) };
  }

  /** Replaces the signing secret; the old one stays valid for graceSeconds. */
  async rotateSecret(input: { id: string; newSecret: string; graceSeconds?: number; actor?: string }): Promise<void> {
    const cm = this.credentials;
    await this.db.transaction(async (tx) => {
      const { current } = await new WebhookEndpointStore(tx, cm).getSecrets(input.id, input.actor ?? 'service');
      await tx.query(
        `update public.webhook_configs set secret = $2, previous_secret = $3, key_id = $4,
           previous_secret_expires_at = now() + make_interval(secs => $5) where id = $1`,
        [
          input.id,
          cm.encrypt(input.newSecret, webhookContext(input.id, 'secret')),
          cm.encrypt(current, webhookContext(input.id, 'previous_secret')),
          cm.currentKeyId,
          input.graceSeconds ?? 24 * 3600,
        ],
      );
      await writeAudit(tx, { actor: input.actor ?? 'service', action: 'webhook_secret.rotate', resourceType: 'webhook_config', resourceId: input.id });
    });
  }

  async setActive(id: string, isActive: boolean): Promise<void> {
    const res = await this.db.query('update public.webhook_configs set is_active = $2 where id = $1', [id, isActive]);
    if (res.rowCount === 0) throw NotFoundError.byId('webhookConfigId', id);
  }

  async delete(id: string, actor = 'service'): Promise<void> {
    const res = await this.db.query<{ user_id: string }>('delete from public.webhook_configs where id = $1 returning user_id', [id]);
    if (!res.rows[0]) throw NotFoundError.byId('webhookConfigId', id);
    await writeAudit(this.db, { actor, userId: res.rows[0].user_id, action: 'webhook.delete', resourceType: 'webhook_config', resourceId: id });
  }
}
