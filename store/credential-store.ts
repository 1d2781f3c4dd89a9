import { writeAudit } from './audit';
import type { CredentialManager } from './credentials';
import type { Db } from './db';
import { ConfigNotFoundError } from './errors';

export type CredentialType = 'api_key' | 'oauth_token' | 'basic_auth' | 'bearer_token' | 'secret';

/** The GCM context binding a credential's ciphertext to its row. */
export const credentialContext = (configId: string, name: string, field: 'value' | 'refresh' = 'value') => `connector_credentials:${configId}:${name}:${field}`;

/** Encrypts and stores secrets (one row per name), replacing any with the same name, in one statement. */
export async function saveSecrets(
  db: Db,
  cm: CredentialManager,
  configId: string,
  secrets: Record<string, string>,
  type: CredentialType = 'api_key',
): Promise<void> {
  const rows = Object.entries(secrets).map(([name, value]) => {
    if (typeof value !== 'string' || value === '') throw new Error(`secrets.${name}: must be a non-empty string`);
    return { name, encrypted_value: cm.encrypt(value, credentialContext(configId, name)) };
  });
  if (rows.length === 0) return;
  await db.query(
    `insert into public.connector_credentials (config_id, name, credential_type, encrypted_value, key_id)
     select $1::uuid, name, $2, encrypted_value, $3 from jsonb_to_recordset($4::jsonb) as r(name text, encrypted_value text)
     on conflict (config_id, name) do update set credential_type = excluded.credential_type,
       encrypted_value = excluded.encrypted_value, key_id = excluded.key_id, refresh_token_encrypted = null, expires_at = null`,
    [configId, type, cm.currentKeyId, JSON.stringify(rows)],
  );
}

export interface OAuthToken {
  accessToken: string;
  refreshToken?: string | null;
  expiresAt?: Date | null;
  /** Non-secret settings used to refresh: the token endpoint and the client id (its secret is a credential). */
  tokenUrl?: string;
  clientId?: string;
  scope?: string;
}

/** Stores an OAuth2 token: the access token and the refresh token encrypted, the expiry and endpoint in clear. */
export async function saveOAuthToken(db: Db, cm: CredentialManager, configId: string, token: OAuthToken, name = 'access_token'): Promise<void> {
  const metadata = Object.fromEntries(
    Object.entries({ token_url: token.tokenUrl, client_id: token.clientId, scope: token.scope }).filter(([, v]) => v !== undefined),
  );
  await db.query(
    `insert into public.connector_credentials
       (config_id, name, credential_type, encrypted_value, refresh_token_encrypted, expires_at, key_id, metadata)
     values ($1, $2, 'oauth_token', $3, $4, $5, $6, $7::jsonb)
     on conflict (config_id, name) do update set credential_type = 'oauth_token', encrypted_value = excluded.encrypted_value,
       refresh_token_encrypted = coalesce(excluded.refresh_token_encrypted, connector_credentials.refresh_token_encrypted),
       expires_at = excluded.expires_at,
       -- a kept refresh token may be under an older key: leave key_id on that key so rotation still finds the row
       key_id = case when excluded.refresh_token_encrypted is null and connector_credentials.refresh_token_encrypted is not null
         then split_part(connector_credentials.refresh_token_encrypted, '.', 2) else excluded.key_id end,
       metadata = connector_credentials.metadata || excluded.metadata`,
    [
      configId,
      name,
      cm.encrypt(token.accessToken, credentialContext(configId, name)),
      token.refreshToken ? cm.encrypt(token.refreshToken, credentialContext(configId, name, 'refresh')) : null,
      token.expiresAt ?? null,
      cm.currentKeyId,
      JSON.stringify(metadata),
    ],
  );
}

/**
 * Decrypts every credential of a config. Only activities call this, and every call writes an audit row
 * naming the actor and the credential names (never the values).
 */
export async function readSecrets(db: Db, cm: CredentialManager, configId: string, actor: string): Promise<Record<string, string>> {
  const res = await db.query<{ name: string | null; encrypted_value: string | null; user_id: string }>(
    `select cr.name, cr.encrypted_value, c.user_id from public.connector_configs c
     left join public.connector_credentials cr on cr.config_id = c.id where c.id = $1 order by cr.name`,
    [configId],
  );
  if (res.rows.length === 0) throw new ConfigNotFoundError(configId);
  const out: Record<string, string> = {};
  for (const row of res.rows) {
    if (row.name && row.encrypted_value) out[row.name] = cm.decrypt(row.encrypted_value, credentialContext(configId, row.name));
  }
  await writeAudit(db, {
    actor,
    userId: res.rows[0]!.user_id,
    action: 'credentials.read',
    resourceType: 'connector_config',
    resourceId: configId,
    details: { names: Object.keys(out) },
  });
  return out;
}
