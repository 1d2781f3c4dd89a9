import { loadEnv } from '../config/env';
import { CredentialManager } from '../store/credentials';
import { refreshExpiringTokens, type RefreshResult } from '../store/oauth';
import type { ActivityDeps } from './deps';

/** OAuth2 upkeep: run on a schedule (e.g. every minute) so tokens are refreshed before they expire. */
export function credentialActivities(deps: ActivityDeps) {
  let cm = deps.credentials;
  return {
    /** Refreshes tokens expiring within withinSeconds; reports names and expiries, never token values. */
    async refreshExpiringCredentials(input: { withinSeconds?: number } = {}): Promise<RefreshResult> {
      cm ??= CredentialManager.fromEnv(loadEnv());
      return refreshExpiringTokens(deps.db, cm, { withinSeconds: input.withinSeconds });
    },
  };
}
