import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pgliteDb, postgresDb, type Db } from '../store/db';

export interface DevDatabase {
  db: Db;
  /** A postgres:// URL other processes (the CLI) can use while the dev stack runs. */
  url: string;
  description: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PGlite under pgliteDir, opened in-process for the worker and also
 * served over the Postgres wire protocol (queries queued one at a time) so the CLI can reach the same data.
 */
export async function openDevDatabase(o: { databaseUrl?: string; pgliteDir: string; socketPort: number }): Promise<DevDatabase> {
  if (o.databaseUrl) {
    const db = postgresDb(o.databaseUrl);
    return { db, url: o.databaseUrl, description: `Postgres at ${new URL(o.databaseUrl).host}`, stop: () => db.close() };
  }
  mkdirSync(o.pgliteDir, { recursive: true });
  const pg = await PGlite.create({ dataDir: o.pgliteDir });
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: o.socketPort, maxConnections: 16 });
  await server.start();
  const url = `postgres://postgres@127.0.0.1:${o.socketPort}/postgres?sslmode=disable`;
  return {
    db: pgliteDb(pg),
    url,
    description: `embedded PGlite in ${o.pgliteDir} (also served at ${url})`,
    async stop() {
      await server.stop();
      await pg.close();
    },
  };
}
