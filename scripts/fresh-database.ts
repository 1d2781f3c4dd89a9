import { Client as PgClient } from 'pg';
import { postgresDb, type Db } from '../store/db';
import { migrate } from '../store/migrate';

export interface FreshDatabase {
  db: Db;
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new PgClient({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway database next to adminUrl's (created, optionally migrated, dropped by drop()): one per test run, per
 * benchmark, or per test that rewrites whole tables.
 */
export async function createFreshDatabase(o: { adminUrl: string; prefix: string; migrate?: boolean; poolSize?: number }): Promise<FreshDatabase> {
  const name = `${o.prefix}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const adminUrl = new URL(o.adminUrl);
  adminUrl.pathname = '/postgres';
  await admin(adminUrl.toString(), `create database ${name}`);
  const url = new URL(o.adminUrl);
  url.pathname = `/${name}`;
  const db = postgresDb(url.toString(), o.poolSize ?? 5);
  if (o.migrate ?? true) await migrate(db);
  return {
    db,
    url: url.toString(),
    name,
    async drop() {
      await db.close();
      await admin(adminUrl.toString(), `drop database if exists ${name} with (force)`);
    },
  };
}
