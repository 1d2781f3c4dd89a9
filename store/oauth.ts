import { writeAudit } from './audit';
import { credentialContext, saveOAuthToken } from './credential-store';
import type { CredentialManager } from './credentials';
import type { Db } from './db';

export interface RefreshResult {
  refreshed: Array<{ configId: string; name: string; expiresAt: string | null }>;
  failed: Array<{ configId: string; name: string; error: string }>;
}

interface Due {
  config_id: string;
  name: string;
  refresh_token_encrypted: string;
  metadata: { token_url?: string; client_id?: string; scope?: string };
  client_secret: string | null;
  user_id: string;
}

/**
 * Refreshes every OAuth2 access token that expires within `withinSeconds` (RFC 6749 §6, refresh_token grant).
 * Each token is refreshed in its own transaction holding the row lock, so two workers never spend the same
 * refresh token (many providers make them single-use); a locked row is someone else's job and is skipped.
 * The client secret, when the config has one, is the credential named `client_secret`.
 */
export async function refreshExpiringTokens(
  db: Db,
  cm: CredentialManager,
  opts: { withinSeconds?: number; actor?: string; timeoutMs?: number } = {},
): Promise<RefreshResult> {
  const actor = opts.actor ?? 'activity:refreshExpiringCredentials';
  const result: RefreshResult = { refreshed: [], failed: [] };
  const candidates = await db.query<{ config_id: string; name: string }>(
    `select config_id, name from public.connector_credentials
     where credential_type = 'oauth_token' and expires_at is not null and refresh_token_encrypted is not null
       and expires_at < now() + make_interval(secs => $1) order by expires_at`,
    [opts.withinSeconds ?? 300],
  );
  for (const c of candidates.rows) {
    try {
      const outcome = await db.transaction(async (tx) => {
        const due = (
          await tx.query<Due>(
            `select cr.config_id, cr.name, cr.refresh_token_encrypted, cr.metadata, cs.encrypted_value as client_secret, cfg.user_id
           from public.connector_credentials cr
           join public.connector_configs cfg on cfg.id = cr.config_id
           left join public.connector_credentials cs on cs.config_id = cr.config_id and cs.name = 'client_secret'
           where cr.config_id = $1 and cr.name = $2 and cr.expires_at < now() + make_interval(secs => $3)
           for update of cr skip locked`,
            [c.config_id, c.name, opts.withinSeconds ?? 300],
          )
        ).rows[0];
        if (!due) return undefined; // refreshed meanwhile, or being refreshed by another worker
        if (!due.metadata.token_url) throw new Error('metadata.token_url: not set; store the token endpoint with the token');
        const refreshToken = cm.decrypt(due.refresh_token_encrypted, credentialContext(due.config_id, due.name, 'refresh'));
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
        if (due.metadata.client_id) form.set('client_id', due.metadata.client_id);
        if (due.client_secret) form.set('client_secret', cm.decrypt(due.client_secret, credentialContext(due.config_id, 'client_secret')));
        const res = await fetch(due.metadata.token_url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
        const body = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string; expires_in?: number; error?: string };
        if (!res.ok || !body.access_token) {
          // the provider's error code only: the response may echo what was sent
          throw new Error(`token endpoint answered ${res.status}${body.error ? ` ${body.error}` : ''}`);
        }
        const expiresAt = body.expires_in ? new Date(Date.now() + body.expires_in * 1000) : null;
        await saveOAuthToken(tx, cm, due.config_id, { accessToken: body.access_token, refreshToken: body.refresh_token ?? refreshToken, expiresAt }, due.name);
        await writeAudit(tx, {
          actor,
          userId: due.user_id,
          action: 'credentials.refresh',
          resourceType: 'connector_config',
          resourceId: due.config_id,
          details: { name: due.name },
        });
        return { configId: due.config_id, name: due.name, expiresAt: expiresAt?.toISOString() ?? null };
      });
      if (outcome) result.refreshed.push(outcome);
    } catch (err) {
      result.failed.push({ configId: c.config_id, name: c.name, error: (err as Error).message });
    }
  }
  return result;
}
