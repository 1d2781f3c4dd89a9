import { join } from 'node:path';
import type { Env } from '../config/env';
import { ensureTemporalCli } from './temporal-cli';
import { startDevServer } from './temporal-server';
import { forgetDevServer, isListening, readDevServerRecord, recordDevServer } from './dev-server-records';

export interface DevTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * Uses TEMPORAL_ADDRESS as is when it was set explicitly (a cluster, Cloud, or a server you started); otherwise
 * starts the CLI's dev server on 127.0.0.1:TEMPORAL_DEV_PORT with the Web UI, keeping its SQLite file under DATA_DIR
 * so data survives restarts. A server already on that port is used only when it is this data directory's own;
 * another stack's server is reported with the fix, because its schedules and history belong to another database.
 * With no CLI and no Go toolchain, @temporalio/testing downloads the dev server (needs internet).
 */
export async function startDevTemporal(env: Env, dataDir: string, log: (l: string) => void, codecEndpoint?: string): Promise<DevTemporal> {
  if (process.env.TEMPORAL_ADDRESS) {
    log(`using the Temporal server at ${env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS is set)`);
    return { address: env.TEMPORAL_ADDRESS, stop: async () => undefined };
  }
  const ip = '127.0.0.1';
  const port = env.TEMPORAL_DEV_PORT;
  const address = `${ip}:${port}`;
  const dbFilename = join(dataDir, 'temporal.sqlite');
  const uiUrl = `http://localhost:${env.TEMPORAL_UI_PORT}`;
  if (await isListening(ip, port)) {
    const owner = readDevServerRecord(port);
    if (owner?.dbFilename === dbFilename) {
      log(`reusing this data directory's Temporal dev server already on ${address} (pid ${owner.pid})`);
      return { address, uiUrl, stop: async () => undefined };
    }
    throw new Error(
      `a Temporal server already listens on ${address}, and it is not this stack's (${dbFilename}): ` +
        (owner
          ? `it belongs to the dev stack of ${owner.dataDir} (stack pid ${owner.stackPid}, server pid ${owner.pid}). `
          : 'npm run dev did not start it. ') +
        `Its schedules and history belong to another database. Fix: stop it${
          owner ? ` (kill ${owner.stackPid}; ` + `if that stack is gone, kill ${owner.pid})` : ''
        }, or give this stack its own ports ` +
        `(TEMPORAL_DEV_PORT=${port + 10} TEMPORAL_UI_PORT=${env.TEMPORAL_UI_PORT + 10}), or share it on purpose with ` +
        `TEMPORAL_ADDRESS=${address}.`,
    );
  }
  const cliPath = await ensureTemporalCli(log);
  if (!cliPath) {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const testEnv = await TestWorkflowEnvironment.createLocal({
      server: { ip, port, ui: true, uiPort: env.TEMPORAL_UI_PORT, dbFilename },
    });
    return { address, uiUrl, stop: () => testEnv.teardown() };
  }
  const server = await startDevServer({
    cliPath,
    ip,
    port,
    uiPort: env.TEMPORAL_UI_PORT,
    dbFilename,
    detached: true,
    codecEndpoint, // the Web UI decrypts payloads through our codec listener (scripts/dev-codec.ts)
  });
  recordDevServer(port, { pid: server.process.pid ?? 0, stackPid: process.pid, dataDir, dbFilename });
  return {
    ...server,
    async stop() {
      await server.stop();
      forgetDevServer(port);
    },
  };
}
