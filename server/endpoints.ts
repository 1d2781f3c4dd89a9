import { getWebhookModule } from '../adapters/core/catalogue';
import type { ConfigStore } from '../store/config-store';
import type { WebhookEndpointStore } from '../store/webhook-endpoint-store';
import type { AccountConfig, EndpointResolver, WebhookEndpoint } from './types';

type Cached<T> = { at: number; seq: number; value: Promise<T> };

/** A small TTL cache: hits and misses are kept for ttlMs; a failed load is not cached. */
function ttlCache<T>(ttlMs: number, load: (key: string) => Promise<T>) {
  const cache = new Map<string, Cached<T>>();
  let loads = 0; // numbers each load in the order it started
  const start = (key: string): Promise<T> => {
    if (cache.size > 10_000) cache.clear(); // a scan of random paths cannot grow the cache without bound
    const value = load(key);
    cache.set(key, { at: Date.now(), seq: ++loads, value });
    value.catch(() => cache.delete(key)); // a database error is not cached
    return value;
  };
  return {
    get(key: string): Promise<T> {
      const hit = cache.get(key);
      return hit && Date.now() - hit.at < ttlMs ? hit.value : start(key);
    },
    /** The number of the newest load started so far; pass it to loadedAfter. */
    mark: () => loads,
    /** A load that started after `mark`: the one in the cache when it did, or a new one; concurrent callers share it. */
    loadedAfter(key: string, mark: number): Promise<T> {
      const hit = cache.get(key);
      return hit && hit.seq > mark ? hit.value : start(key);
    },
    clear: () => cache.clear(),
  };
}

/**
 * Resolves (connector, path) through the webhook endpoint store (secrets decrypted and audited there) and caches
 * hits and misses for ttlMs, so a flood of deliveries costs no database round trip and no audit row per request.
 * A rotation is seen within ttlMs; the previous secret stays accepted during its grace period. Accounts (HubSpot
 * portals) are resolved from the active configs of the connector, through its webhook module's `accountOf`; a miss
 * reloads them with a load that starts after the miss (concurrent misses share it), so a config created a moment
 * before its first event always gets it.
 */
export function webhookEndpointResolver(
  stores: { webhooks: Pick<WebhookEndpointStore, 'findByPath' | 'getSecrets'>; configs: Pick<ConfigStore, 'listConfigs'> },
  ttlMs = 5000,
): Required<EndpointResolver> & { clear(): void } {
  const endpoints = ttlCache<WebhookEndpoint | undefined>(ttlMs, async (key) => {
    const [connector, endpointPath] = key.split('\u0000') as [string, string];
    const hook = await stores.webhooks.findByPath(connector, endpointPath);
    if (!hook) return undefined;
    const { current, previous } = await stores.webhooks.getSecrets(hook.id, 'webhook-server');
    return {
      id: hook.id,
      connector: hook.connector,
      endpointPath: hook.endpointPath,
      configId: hook.configId,
      userId: hook.userId,
      secrets: previous ? [current, previous] : [current],
      eventTypes: hook.eventTypes,
    };
  });
  const accounts = ttlCache<Map<string, AccountConfig[]>>(ttlMs, async (connector) => {
    const accountOf = getWebhookModule(connector)?.accountOf;
    const byAccount = new Map<string, AccountConfig[]>();
    if (!accountOf) return byAccount;
    for (const c of await stores.configs.listConfigs({ connector })) {
      const account = c.isActive ? accountOf(c.config) : undefined;
      if (account) byAccount.set(account, [...(byAccount.get(account) ?? []), { configId: c.id, userId: c.userId }]);
    }
    return byAccount;
  });
  return {
    resolve: (connector, endpointPath) => endpoints.get(`${connector}\u0000${endpointPath}`),
    async resolveAccount(connector, account) {
      const mark = accounts.mark();
      let found = (await accounts.get(connector)).get(account);
      // a portal installed since the last load is found at once. Only signed requests get here (the app secret), so
      // reloading on a miss costs what the sender sends, and concurrent misses share one load.
      if (!found) found = (await accounts.loadedAfter(connector, mark)).get(account);
      return found?.length === 1 ? found[0] : undefined; // two configs claiming one portal: route to neither
    },
    clear: () => {
      endpoints.clear();
      accounts.clear();
    },
  };
}
