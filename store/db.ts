import { Pool, type PoolClient } from 'pg';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { tracedDb } from '../telemetry/traced-db';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * The one database interface the store uses. It runs on node-postgres (a pooled server connection) and on PGlite
 * (Postgres compiled to WASM, in-process), so every store function works on both.
 */
export interface Db {
  readonly kind: 'postgres' | 'pglite';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements separated by semicolons, with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function clientDb(client: Pick<PoolClient, 'query'>): Db {
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      const res = await client.query(sql, params as unknown[]);
      return { rows: res.rows as T[], rowCount: res.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    transaction: (fn) => fn(clientDb(client)), // already inside one: nest by flattening
    close: async () => undefined,
  };
}

export function postgresDb(connectionString: string, max = 10): Db {
  const pool = new Pool({ connectionString, max, idleTimeoutMillis: 10_000 });
  pool.on('error', () => undefined); // an idle client dropped by the server is replaced on the next checkout
  return tracedDb({
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      const res = await pool.query(sql, params as unknown[]);
      return { rows: res.rows as T[], rowCount: res.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(clientDb(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  });
}

function pgliteTxDb(tx: Transaction | PGlite): Db {
  return {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      const res = await tx.query<T>(sql, params);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
    transaction: (fn) => fn(pgliteTxDb(tx)),
    close: async () => undefined,
  };
}

export function pgliteDb(pg: PGlite): Db {
  return tracedDb({
    ...pgliteTxDb(pg),
    transaction: (fn) => pg.transaction((tx) => fn(pgliteTxDb(tx))),
    close: () => pg.close(),
  });
}

/** Opens DATABASE_URL when set, otherwise the embedded PGlite database in dataDir. */
export async function openDb(opts: { databaseUrl?: string; pgliteDir: string }): Promise<Db> {
  if (opts.databaseUrl) return postgresDb(opts.databaseUrl);
  const pg = await PGlite.create({ dataDir: opts.pgliteDir });
  return pgliteDb(pg);
}
