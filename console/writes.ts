import { randomBytes } from 'node:crypto';
import { writeAudit } from '../store/audit';
import { saveSecrets } from '../store/credential-store';
import type { CredentialManager } from '../store/credentials';
import type { Db } from '../store/db';
import { WebhookEndpointStore } from '../store/webhook-endpoint-store';
import { asUser } from '../store/rls';
import type { ConsoleUser } from './auth';
import { visibleConfig } from './data';
import type { FieldErrors } from './types';
import { FabricError, NotFoundError } from '../config/errors';

/**
 * Writes from the console. Each runs in one transaction as the signed-in user (RLS decides what they may touch);
 * the audit row, which only the service may write (audit_log is append-only for it), is added after `reset role`
 * in the same transaction, so the change and its audit entry commit together.
 */
async function asService(tx: Db): Promise<Db> {
  await tx.exec('reset role');
  return tx;
}

export class FormError extends FabricError {
  constructor(readonly fields: FieldErrors) {
    super(Object.values(fields).join('; '));
  }
}

export interface NewConfig {
  connector: string;
  name: string;
  ownerId: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** On plain Postgres there is no auth service: the verified token's user gets its auth.users row on first write. */
async function ensureAuthUser(db: Db, userId: string, email?: string): Promise<void> {
  await db.query(
    `insert into auth.users (id, email) select $1, $2
     where not exists (select 1 from pg_roles where rolname = 'supabase_admin') on conflict (id) do nothing`,
    [userId, email ?? null],
  );
}

export async function createConfig(db: Db, cm: CredentialManager, user: ConsoleUser, input: NewConfig): Promise<string> {
  const email = user.sub === input.ownerId && typeof user.claims?.email === 'string' ? user.claims.email : undefined;
  await ensureAuthUser(db, input.ownerId, email);
  // the catalogue row is system data (only the service writes connectors); the config row below is the user's
  await db.query('insert into public.connectors (name) values ($1) on conflict (name) do nothing', [input.connector]);
  return asUser(db, user, async (tx) => {
    let id: string;
    try {
      const res = await tx.query<{ id: string }>(
        `insert into public.connector_configs (connector, user_id, name, config) values ($1, $2, $3, $4::jsonb)
         returning id`,
        [input.connector, input.ownerId, input.name, JSON.stringify(input.config)],
      );
      id = res.rows[0]!.id;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '23505') {
        const name = `you already have a "${input.connector}" config named "${input.name}"; choose another name`;
        throw new FormError({ name });
      }
      if (code === '23503') throw new FormError({ owner: 'no such user; give the id of an existing auth user' });
      throw err;
    }
    await saveSecrets(tx, cm, id, input.secrets);
    await writeAudit(await asService(tx), {
      actor: `console:${user.label}`,
      userId: input.ownerId,
      action: 'config.create',
      resourceType: 'connector_config',
      resourceId: id,
      details: { connector: input.connector, secretNames: Object.keys(input.secrets) },
    });
    return id;
  });
}

/** Replaces one credential's value (write-only: the old value is never shown, the new one never echoed). */
export async function rotateCredential(db: Db, cm: CredentialManager, user: ConsoleUser, configId: string, name: string, value: string): Promise<void> {
  await asUser(db, user, async (tx) => {
    const config = await visibleConfig(tx, configId);
    await saveSecrets(tx, cm, configId, { [name]: value });
    await writeAudit(await asService(tx), {
      actor: `console:${user.label}`,
      userId: config.userId,
      action: 'credential.rotate',
      resourceType: 'connector_credential',
      resourceId: configId,
      details: { name },
    });
  });
}

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** A new signing secret for an endpoint the user can see; returned once, to be shown once. */
export async function rotateEndpointSecret(db: Db, cm: CredentialManager, user: ConsoleUser, webhookId: string, graceSeconds: number): Promise<string> {
  const secret = newWebhookSecret();
  await asUser(db, user, async (tx) => {
    const visible = /^[0-9a-f-]{36}$/i.test(webhookId)
      ? (await tx.query('select 1 from public.webhook_configs where id = $1', [webhookId])).rows.length > 0
      : false;
    if (!visible) throw new NotFoundError(`no webhook endpoint ${webhookId}`);
    // the store's rotation keeps the previous secret valid for the grace period and audits itself
    const input = { id: webhookId, newSecret: secret, graceSeconds, actor: `console:${user.label}` };
    await new WebhookEndpointStore(await asService(tx), cm).rotateSecret(input);
  });
  return secret;
}

/** The stored event (visible to this user) that a replay applies again. */
export async function visibleEvent(
  db: Db,
  user: ConsoleUser,
  id: string,
): Promise<{ id: string; connector: string; eventId: string; configId: string | null }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError(`no event ${id}`);
  return asUser(db, user, async (tx) => {
    const row = (
      await tx.query<{ id: string; connector: string; eventId: string; configId: string | null }>(
        'select id, connector, event_id as "eventId", config_id as "configId" from public.webhook_events where id = $1',
        [id],
      )
    ).rows[0];
    if (!row) throw new NotFoundError(`no event ${id}`);
    return row;
  });
}
