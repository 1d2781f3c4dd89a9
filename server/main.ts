import { mcpSettingsFromEnv } from '../agents/mcp-http';
import { configStore } from '../app/activity-deps';
import { payloadCodecFromEnv } from '../config/payload-codec';
import { connectTemporal } from '../client/temporal';
import { consoleAuthFromEnv, consoleRoutes } from '../console';
import { loadEnv } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { CredentialManager } from '../store/credentials';
import { openDb } from '../store/db';
import { WebhookEndpointStore } from '../store/webhook-endpoint-store';
import { componentLogger, configureLogging, errFields } from '../telemetry/logger';
import { startMetricsServer } from '../telemetry/metrics-server';
import { installOutboundPolicy } from '../telemetry/process';
import { codecSettingsFromEnv } from './codec-auth';
import { startCodecServer } from './codec';
import { webhookEndpointResolver, startHttpServer } from './index';

/**
 * `npm run server`: the HTTP server on its own (webhooks, health), for deployments where it runs apart from the
 * workers, and with FABRIC_PAYLOAD_KEY the codec server for the Web UI on its own listener (FABRIC_CODEC_HOST/PORT),
 * which refuses to start without authentication configured. `npm run dev` starts the same servers in-process.
 */
const log = componentLogger('server');

async function main(): Promise<void> {
  const env = loadEnv();
  configureLogging({ service: 'server', level: env.LOG_LEVEL });
  const target = temporalTarget(env);
  installOutboundPolicy(env);
  const metricsServer = env.FABRIC_METRICS_PORT ? await startMetricsServer({ host: env.FABRIC_METRICS_HOST, port: env.FABRIC_METRICS_PORT }) : undefined;
  const db = await openDb({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  const { client, connection } = await connectTemporal(target);
  const codec = payloadCodecFromEnv(target.payloadKey);
  const credentials = CredentialManager.fromEnv(env);
  const temporal = { client, taskQueue: target.taskQueue, namespace: target.namespace };
  // the console is mounted only when tokens can be checked (SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL)
  const consoleAuth = consoleAuthFromEnv(env);
  const uiUrl = process.env.TEMPORAL_UI_ORIGIN ?? `http://localhost:${env.TEMPORAL_UI_PORT}`;
  const server = await startHttpServer(
    {
      db,
      endpoints: webhookEndpointResolver({ webhooks: new WebhookEndpointStore(db, credentials), configs: configStore(db, credentials) }),
      temporal,
      routes: consoleAuth
        ? [consoleRoutes({ db, temporal, auth: consoleAuth.auth, credentials, temporalUiUrl: uiUrl, publicBaseUrl: env.PUBLIC_BASE_URL })]
        : [],
      publicBaseUrl: env.PUBLIC_BASE_URL,
      mcp: mcpSettingsFromEnv(env),
    },
    { host: env.HTTP_HOST, port: env.HTTP_PORT },
  );
  const parts = ['webhooks', '/mcp', '/healthz', '/readyz', ...(consoleAuth ? ['/console'] : [])];
  log.info({ url: server.url, routes: parts }, `HTTP server on ${server.url} (${parts.join(', ')})`);
  const codecServer = codec
    ? await startCodecServer({ codec, ...codecSettingsFromEnv(env), host: env.FABRIC_CODEC_HOST, port: env.FABRIC_CODEC_PORT })
    : undefined;
  if (codecServer) log.info({ url: codecServer.url }, `codec server on ${codecServer.url} (POST /codec/decode, /codec/encode; authenticated)`);
  const stop = async () => {
    log.info('stopping: draining stored events, then closing');
    await server.close(); // stops accepting, lets stored events finish their commit, kicks processing
    await codecServer?.close();
    await metricsServer?.close();
    await connection.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  log.fatal(errFields(err), `server failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
