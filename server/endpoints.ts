import type { ConnectorRegistry } from '../store/registry';
import type { EndpointResolver, WebhookEndpoint } from './types';

/**
 * Resolves (connector, path) through the registry (webhook_configs, secrets decrypted and audited there) and caches
 * hits and misses for ttlMs, so a flood of deliveries costs no database round trip and no audit row per request.
 * A rotation is seen within ttlMs; the previous secret stays accepted during its grace period.
 */
export function registryEndpointResolver(registry: ConnectorRegistry, ttlMs = 5000): EndpointResolver & { clear(): void } {
  const cache = new Map<string, { at: number; value: Promise<WebhookEndpoint | undefined> }>();
  async function load(connector: string, endpointPath: string): Promise<WebhookEndpoint | undefined> {
    const hook = await registry.findWebhookByPath(connector, endpointPath);
    if (!hook) return undefined;
    const { current, previous } = await registry.getWebhookSecrets(hook.id, 'webhook-server');
    return {
      id: hook.id, connector: hook.connector, endpointPath: hook.endpointPath, configId: hook.configId, userId: hook.userId,
      secrets: previous ? [current, previous] : [current],
    };
  }
  return {
    resolve(connector, endpointPath) {
      const key = `${connector}/${endpointPath}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      if (cache.size > 10_000) cache.clear(); // a scan of random paths cannot grow the cache without bound
      const value = load(connector, endpointPath);
      cache.set(key, { at: Date.now(), value });
      value.catch(() => cache.delete(key)); // a database error is not cached
      return value;
    },
    clear: () => cache.clear(),
  };
}
