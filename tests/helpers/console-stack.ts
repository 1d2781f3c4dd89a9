import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { buildActivityDeps, configStore } from '../../app/activity-deps';
import { ConsoleAuth, consoleRoutes, signDevToken } from '../../console';
import { loadEnv } from '../../config/env';
import { webhookEndpointResolver, startHttpServer } from '../../server';
import { WebhookEndpointStore } from '../../store/webhook-endpoint-store';
import type { Db } from '../../store/db';
import { testCredentials } from './fixtures';
import { testDb } from './db';
import { startTestWorker, testClient } from './temporal';

export interface ConsoleStack {
  url: string;
  db: Db;
  client: Client;
  taskQueue: string;
  jwtSecret: string;
  credentials: ReturnType<typeof testCredentials>;
  /** A signed-in user of its own (a fresh auth.users row) and a token for it. */
  user(email?: string): Promise<{ id: string; token: string }>;
  operatorToken(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real stack for console tests: the run's Postgres, the jest globalSetup's Temporal dev server, a worker on a
 * fresh task queue, and the HTTP server (webhooks + console) on a free port. Nothing is mocked.
 */
export async function startConsoleStack(o: { temporalUiUrl?: string } = {}): Promise<ConsoleStack> {
  const db = testDb(6);
  const credentials = testCredentials();
  const deps = buildActivityDeps(db, loadEnv(), credentials);
  const worker = await startTestWorker(deps);
  const { client, connection } = await testClient();
  const jwtSecret = `test-secret-${randomUUID()}`;
  const temporal = { client, taskQueue: worker.taskQueue, namespace: 'default' };
  const server = await startHttpServer(
    {
      db,
      endpoints: webhookEndpointResolver({ webhooks: new WebhookEndpointStore(db, credentials), configs: configStore(db, credentials) }),
      temporal,
      routes: [consoleRoutes({ db, temporal, auth: new ConsoleAuth({ jwtSecret }), credentials, temporalUiUrl: o.temporalUiUrl ?? 'http://localhost:8233' })],
    },
    { host: '127.0.0.1', port: 0 },
  );
  const url = server.url;
  return {
    url,
    db,
    client,
    taskQueue: worker.taskQueue,
    jwtSecret,
    credentials,
    async user(email) {
      const id = randomUUID();
      const mail = email ?? `${id.slice(0, 8)}@example.test`;
      await db.query('insert into auth.users (id, email) values ($1, $2)', [id, mail]);
      return { id, token: await signDevToken(jwtSecret, { sub: id, email: mail }) };
    },
    operatorToken: () => signDevToken(jwtSecret, { role: 'service_role' }),
    async close() {
      await server.close();
      await worker.stop();
      await connection.close();
      await db.close();
    },
  };
}
