import { connectorRegistry } from '../activities/build-deps';
import { payloadCodecFromEnv } from '../client/codec';
import { connectTemporal } from '../client/temporal';
import { loadEnv } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { CredentialManager } from '../store/credentials';
import { openDb } from '../store/db';
import { registryEndpointResolver, startHttpServer } from './index';

/**
 * `npm run server`: the HTTP server on its own (webhooks, health, the Web UI's codec routes), for deployments where
 * it runs apart from the workers. `npm run dev` starts the same server in-process.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const target = temporalTarget(env);
  const db = await openDb({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  const { client, connection } = await connectTemporal(target);
  const codec = payloadCodecFromEnv(target.payloadKey);
  const server = await startHttpServer(
    {
      db,
      endpoints: registryEndpointResolver(connectorRegistry(db, CredentialManager.fromEnv(env))),
      temporal: { client, taskQueue: target.taskQueue },
      publicBaseUrl: env.PUBLIC_BASE_URL,
      codec: codec ? { codec, uiOrigin: process.env.TEMPORAL_UI_ORIGIN ?? `http://localhost:${env.TEMPORAL_UI_PORT}` } : undefined,
    },
    { host: env.HTTP_HOST, port: env.HTTP_PORT },
  );
  console.log(`HTTP server on ${server.url} (webhooks, /healthz, /readyz${codec ? ', /codec' : ''})`);
  const stop = async () => {
    await server.close(); // stops accepting, lets stored events finish their commit, kicks processing
    await connection.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
