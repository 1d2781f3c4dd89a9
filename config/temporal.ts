import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { Env } from './env';

export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  tls?: unknown;
  /** FABRIC_PAYLOAD_KEY: payloads are encrypted with it (config/payload-codec.ts) when set. */
  payloadKey?: string;
}

/**
 * Temporal connection settings. @temporalio/envconfig reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_* and the optional TOML profile; our validated defaults fill what it leaves unset.
 */
export function temporalTarget(env: Env, source: NodeJS.ProcessEnv = process.env): TemporalTarget {
  let fromProfile: ReturnType<typeof loadClientConnectConfig> | undefined;
  try {
    fromProfile = loadClientConnectConfig({ overrideEnvVars: source as Record<string, string> });
  } catch {
    fromProfile = undefined; // no profile file and no env: the defaults below apply
  }
  const opts = fromProfile?.connectionOptions;
  return {
    address: opts?.address ?? env.TEMPORAL_ADDRESS,
    namespace: fromProfile?.namespace ?? env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    apiKey: typeof opts?.apiKey === 'string' ? opts.apiKey : undefined,
    tls: opts?.tls,
    payloadKey: env.FABRIC_PAYLOAD_KEY,
  };
}
