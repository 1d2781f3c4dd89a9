import { writeAudit } from './audit';
import { credentialContext } from './credential-store';
import type { CredentialManager } from './credentials';
import type { Db } from './db';
import { webhookContext } from './webhook-endpoint-store';

export interface RotationReport {
  currentKeyId: string;
  credentials: number;
  webhookSecrets: number;
  batches: number;
}

export interface RotationOptions {
  batchSize?: number;
  actor?: string;
  /** Called after each committed batch (progress); a throw here stops the rotation, like a crash would. */
  onBatch?: (progress: RotationReport) => void | Promise<void>;
}

interface CredRow {
  id: string;
  config_id: string;
  name: string;
  encrypted_value: string;
  refresh_token_encrypted: string | null;
}

interface HookRow {
  id: string;
  secret: string;
  previous_secret: string | null;
}

/**
 * Re-encrypts every credential and webhook secret that is not under the current key.
 * Online: each batch is its own short transaction and skips rows locked by concurrent writers (which write with
 * the current key anyway). Resumable and idempotent: progress is committed per batch, and a run only ever picks
 * rows whose key_id is not the current key, so running it again after a crash finishes the job, and running it
 * when everything is current does nothing. The old key can be removed once a run reports nothing left.
 */
export async function rotateKeys(db: Db, cm: CredentialManager, opts: RotationOptions = {}): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 200;
  const actor = opts.actor ?? 'fabric keys rotate';
  const report: RotationReport = { currentKeyId: cm.currentKeyId, credentials: 0, webhookSecrets: 0, batches: 0 };
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = (
        await tx.query<CredRow>(
          `select id, config_id, name, encrypted_value, refresh_token_encrypted from public.connector_credentials
         where key_id <> $1 order by key_id, id limit $2 for update skip locked`,
          [cm.currentKeyId, batchSize],
        )
      ).rows;
      if (rows.length === 0) return 0;
      const updated = rows.map((r) => ({
        id: r.id,
        encrypted_value: cm.encrypt(cm.decrypt(r.encrypted_value, credentialContext(r.config_id, r.name)), credentialContext(r.config_id, r.name)),
        refresh_token_encrypted: r.refresh_token_encrypted
          ? cm.encrypt(
              cm.decrypt(r.refresh_token_encrypted, credentialContext(r.config_id, r.name, 'refresh')),
              credentialContext(r.config_id, r.name, 'refresh'),
            )
          : null,
      }));
      await tx.query(
        `update public.connector_credentials c set encrypted_value = u.encrypted_value,
           refresh_token_encrypted = u.refresh_token_encrypted, key_id = $2
         from jsonb_to_recordset($1::jsonb) as u(id uuid, encrypted_value text, refresh_token_encrypted text) where c.id = u.id`,
        [JSON.stringify(updated), cm.currentKeyId],
      );
      await writeAudit(tx, {
        actor,
        action: 'credentials.rotate',
        resourceType: 'connector_credentials',
        details: { count: rows.length, keyId: cm.currentKeyId },
      });
      return rows.length;
    });
    if (n === 0) break;
    report.credentials += n;
    report.batches += 1;
    await opts.onBatch?.({ ...report });
  }
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = (
        await tx.query<HookRow>(
          `select id, secret, previous_secret from public.webhook_configs
         where key_id <> $1 order by key_id, id limit $2 for update skip locked`,
          [cm.currentKeyId, batchSize],
        )
      ).rows;
      if (rows.length === 0) return 0;
      const reencrypt = (id: string, field: 'secret' | 'previous_secret', value: string) =>
        cm.encrypt(cm.decrypt(value, webhookContext(id, field)), webhookContext(id, field));
      const updated = rows.map((r) => ({
        id: r.id,
        secret: reencrypt(r.id, 'secret', r.secret),
        previous_secret: r.previous_secret ? reencrypt(r.id, 'previous_secret', r.previous_secret) : null,
      }));
      await tx.query(
        `update public.webhook_configs w set secret = u.secret, previous_secret = u.previous_secret, key_id = $2
         from jsonb_to_recordset($1::jsonb) as u(id uuid, secret text, previous_secret text) where w.id = u.id`,
        [JSON.stringify(updated), cm.currentKeyId],
      );
      await writeAudit(tx, {
        actor,
        action: 'webhook_secrets.rotate',
        resourceType: 'webhook_configs',
        details: { count: rows.length, keyId: cm.currentKeyId },
      });
      return rows.length;
    });
    if (n === 0) break;
    report.webhookSecrets += n;
    report.batches += 1;
    await opts.onBatch?.({ ...report });
  }
  return report;
}

/** How many secrets are still under each key: rotation is done when only the current key remains. */
export async function keyUsage(db: Db): Promise<Array<{ keyId: string; credentials: number; webhookSecrets: number }>> {
  const res = await db.query<{ keyId: string; credentials: number; webhookSecrets: number }>(
    `select key_id as "keyId", sum(c)::int as credentials, sum(w)::int as "webhookSecrets" from (
       select key_id, 1 as c, 0 as w from public.connector_credentials
       union all select key_id, 0, 1 from public.webhook_configs) k group by key_id order by key_id`,
  );
  return res.rows;
}
