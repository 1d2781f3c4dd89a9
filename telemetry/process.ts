import { isProductionMode, outboundPolicy, setOutboundPolicy } from '../adapters/core/outbound-guard';
import type { Env } from '../config/env';
import { freePort } from '../scripts/free-port';
import { startMetricsServer, type MetricsServer } from './metrics-server';

/** Production mode's outbound allow-list from the environment; a malformed FABRIC_ALLOWED_HOSTS fails at start. */
export function installOutboundPolicy(env: Env): void {
  setOutboundPolicy(outboundPolicy({ production: isProductionMode(env), allowedHosts: env.FABRIC_ALLOWED_HOSTS }));
}

/**
 * With FABRIC_METRICS_PORT set: an internal address for the SDK runtime's Prometheus exporter (pass it to
 * installRuntime) and a function that starts our /metrics listener serving both.
 */
export async function metricsPlan(env: Env): Promise<{ sdkBindAddress?: string; start(): Promise<MetricsServer | undefined> }> {
  if (!env.FABRIC_METRICS_PORT) return { start: async () => undefined };
  const sdkBindAddress = `127.0.0.1:${await freePort()}`;
  return {
    sdkBindAddress,
    start: () => startMetricsServer({ host: env.FABRIC_METRICS_HOST, port: env.FABRIC_METRICS_PORT!, sdkMetricsUrl: `http://${sdkBindAddress}/metrics` }),
  };
}
