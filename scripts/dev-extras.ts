import { mcpSettingsFromEnv } from '../agents/mcp-http';
import type { Client } from '@temporalio/client';
import { startMockApi } from '../adapters/mock';
import { configStore } from '../app/activity-deps';
import { adapterCatalogue, discoverAdapters } from '../adapters/core/catalogue';
import { controlSyncSchedule, createSyncSchedule, listSyncSchedules } from '../client/schedules';
import { startSync } from '../client/sync';
import type { Env } from '../config/env';
import { consoleAuthFromEnv, consoleRoutes, signDevToken } from '../console';
import { webhookEndpointResolver, startHttpServer } from '../server';
import type { CredentialManager } from '../store/credentials';
import { upsertConnector } from '../store/connectors';
import type { Db } from '../store/db';
import { WebhookEndpointStore } from '../store/webhook-endpoint-store';

export interface DevExtras {
  lines: string[];
  stop(): Promise<void>;
}

const DEMO_USER = '00000000-0000-4000-8000-000000000001';

/**
 * Beside the worker: the HTTP server (webhooks, health) and the demo connector, a local fake API with 500 customers
 * and invoices that change every few seconds, a `mock` config syncing from it, and a schedule running an
 * incremental sync every minute. Idempotent: a second `npm run dev` reuses the config and the schedule.
 */
export async function startDevExtras(o: {
  env: Env;
  db: Db;
  databaseId: string;
  credentials: CredentialManager;
  client: Client;
  taskQueue: string;
  log: (l: string) => void;
}): Promise<DevExtras> {
  const configs = configStore(o.db, o.credentials);
  const consoleAuth = consoleAuthFromEnv(o.env, o.env.DATA_DIR, o.log)!;
  const temporal = { client: o.client, taskQueue: o.taskQueue, namespace: o.client.options.namespace };
  const routes = [
    consoleRoutes({
      db: o.db,
      temporal,
      auth: consoleAuth.auth,
      credentials: o.credentials,
      temporalUiUrl: `http://localhost:${o.env.TEMPORAL_UI_PORT}`,
      publicBaseUrl: o.env.PUBLIC_BASE_URL,
    }),
  ];
  const http = await startHttpServer(
    {
      db: o.db,
      endpoints: webhookEndpointResolver({ webhooks: new WebhookEndpointStore(o.db, o.credentials), configs }),
      temporal,
      publicBaseUrl: o.env.PUBLIC_BASE_URL,
      mcp: mcpSettingsFromEnv(o.env),
      routes,
    },
    { host: o.env.HTTP_HOST, port: o.env.HTTP_PORT },
  );
  const api = await startMockApi({ records: 500, port: o.env.DEMO_API_PORT, mutateEveryMs: 3_000 });

  discoverAdapters();
  for (const def of adapterCatalogue.list()) {
    await upsertConnector(o.db, { name: def.name, version: def.version, description: def.description, capabilities: [...def.capabilities] });
  }
  await o.db.query(`insert into auth.users (id, email) values ($1, 'demo@example.com') on conflict (id) do nothing`, [DEMO_USER]);
  const existing = (await configs.listConfigs({ userId: DEMO_USER, connector: 'mock' })).find((c) => c.name === 'demo');
  const config = existing ?? (await configs.createConfig({ connector: 'mock', userId: DEMO_USER, name: 'demo', config: { baseUrl: api.url } }));
  if (!existing) {
    await startSync(o.client, o.taskQueue, config.id, { mode: 'full' });
    await createSyncSchedule(o.client, o.taskQueue, config.id, {
      every: '1m',
      note: 'demo: incremental sync of the local fake API',
      databaseId: o.databaseId,
    });
  }
  const consoleLines: string[] = [];
  if (consoleAuth.jwtSecret) {
    const demo = await signDevToken(consoleAuth.jwtSecret, { sub: DEMO_USER, email: 'demo@example.com' });
    const operator = await signDevToken(consoleAuth.jwtSecret, { role: 'service_role' });
    consoleLines.push(
      `console (demo user) ${http.url}/console/login?token=${demo}`,
      `console (operator)  ${http.url}/console/login?token=${operator}  (service role: sees everything, approves mappings)`,
    );
  }
  return {
    lines: [
      ...consoleLines,
      `HTTP server        ${http.url}  (POST /webhooks/:connector/*path, GET /healthz, GET /readyz)`,
      `demo fake API      ${api.url}  (500 customers and invoices; one changes every 3 s)`,
      `demo config        ${config.id}  (mock connector, synced every minute by schedule sync-schedule:${config.id})`,
      `try                node bin/fabric.cjs sync ${config.id} --full --follow`,
    ],
    async stop() {
      await http.close();
      await api.stop();
    },
  };
}

/**
 * The dev server's SQLite file outlives a database switch (a new DATABASE_URL, a wiped PGlite): schedules made for
 * another database would tick every minute against configs this one lacks. Pause them, saying why.
 */
export async function pauseForeignSchedules(client: Client, databaseId: string): Promise<string[]> {
  const lines: string[] = [];
  for (const row of await listSyncSchedules(client)) {
    if (row.paused || !row.databaseId || row.databaseId === databaseId) continue;
    await controlSyncSchedule(client, row.configId, 'pause', `paused by npm run dev: it belongs to database ${row.databaseId}, this stack uses ${databaseId}`);
    lines.push(`paused schedule ${row.scheduleId}: it belongs to database ${row.databaseId}, not this stack's ${databaseId}`);
  }
  return lines;
}
