import { join } from 'node:path';
import type { Env } from '../config/env';
import { ensureTemporalCli } from './temporal-cli';
import { startDevServer } from './temporal-server';

export interface DevTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * Uses TEMPORAL_ADDRESS as is when it was set explicitly (a cluster, Cloud, or a server you started); otherwise
 * starts the CLI's dev server on it with the Web UI, keeping its SQLite file under DATA_DIR so data survives restarts.
 * With no CLI and no Go toolchain, @temporalio/testing downloads the dev server (needs internet).
 */
export async function startDevTemporal(env: Env, dataDir: string, log: (l: string) => void, codecEndpoint?: string): Promise<DevTemporal> {
  if (process.env.TEMPORAL_ADDRESS) {
    log(`using the Temporal server at ${env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS is set)`);
    return { address: env.TEMPORAL_ADDRESS, stop: async () => undefined };
  }
  const [ip, port] = env.TEMPORAL_ADDRESS.split(':') as [string, string];
  const cliPath = await ensureTemporalCli(log);
  if (!cliPath) {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const testEnv = await TestWorkflowEnvironment.createLocal({
      server: { ip, port: Number(port), ui: true, uiPort: env.TEMPORAL_UI_PORT, dbFilename: join(dataDir, 'temporal.sqlite') },
    });
    return { address: env.TEMPORAL_ADDRESS, uiUrl: `http://localhost:${env.TEMPORAL_UI_PORT}`, stop: () => testEnv.teardown() };
  }
  const server = await startDevServer({
    cliPath,
    ip,
    port: Number(port),
    uiPort: env.TEMPORAL_UI_PORT,
    dbFilename: join(dataDir, 'temporal.sqlite'),
    detached: true,
    codecEndpoint, // the Web UI decrypts payloads through our codec listener (scripts/dev-codec.ts)
  });
  return server;
}
