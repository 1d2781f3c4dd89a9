import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../client/temporal';
import { freePort } from '../scripts/free-port';
import { ensureTemporalCli } from '../scripts/temporal-cli';
import { startDevServer } from '../scripts/temporal-server';
import { postgresDb, type Db } from '../store/db';
import { migrate } from '../store/migrate';

/** A fresh, migrated database on the benchmark's Postgres (BENCH_DATABASE_URL, DATABASE_URL or the local one). */
export async function freshBenchDatabase(prefix: string): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${Date.now()}`;
  const pg = new PgClient({ connectionString: admin });
  await pg.connect();
  await pg.query(`create database ${name}`);
  await pg.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = postgresDb(url.toString(), 10);
  await migrate(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      if (process.env.KEEP_BENCH_DB) return;
      const c = new PgClient({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** TEMPORAL_ADDRESS when set, else a fresh in-memory dev server; the search attributes are registered either way. */
export async function benchTemporal(): Promise<{ address: string; client: Client; stop(): Promise<void> }> {
  let address = process.env.TEMPORAL_ADDRESS;
  let stopServer: () => Promise<void> = async () => undefined;
  if (!address) {
    const cliPath = await ensureTemporalCli((l) => console.error(l));
    if (!cliPath) throw new Error('the benchmark needs the temporal CLI (npm run temporal:cli)');
    const server = await startDevServer({ cliPath, port: await freePort() });
    address = server.address;
    stopServer = () => server.stop();
  }
  const connection = await Connection.connect({ address });
  await ensureSearchAttributes(connection, 'default');
  return { address, client: new Client({ connection }), stop: async () => { await connection.close(); await stopServer(); } };
}

/** Spawns `tsx <script> ...args` and resolves with the first `READY <value>` line it prints. */
export function spawnReady(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; value: string; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, script), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (line.startsWith('READY ')) resolve({ child, value: line.slice(6), lines });
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} ${args.join(' ')} exited with ${code} before READY`)));
  });
}
