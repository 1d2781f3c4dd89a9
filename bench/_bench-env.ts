import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../client/temporal';
import { freePort } from '../scripts/free-port';
import { ensureTemporalCli } from '../scripts/temporal-cli';
import { startDevServer } from '../scripts/temporal-server';
import { createFreshDatabase, type FreshDatabase } from '../scripts/fresh-database';

/** A fresh, migrated database on the benchmark's Postgres (BENCH_DATABASE_URL, DATABASE_URL or the local one). */
export async function freshBenchDatabase(prefix: string): Promise<FreshDatabase> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const fresh = await createFreshDatabase({ adminUrl, prefix, poolSize: 10 });
  return { ...fresh, drop: async () => (process.env.KEEP_BENCH_DB ? fresh.db.close() : fresh.drop()) };
}

/** TEMPORAL_ADDRESS when set, else a fresh in-memory dev server; the search attributes are registered either way. */
export async function benchTemporal(): Promise<{ address: string; client: Client; pid?: number; stop(): Promise<void> }> {
  let address = process.env.TEMPORAL_ADDRESS;
  let pid: number | undefined; // the dev server's watchdog when we started one: its tree is the server (bench/_cpu.ts)
  let stopServer: () => Promise<void> = async () => undefined;
  if (!address) {
    const cliPath = await ensureTemporalCli((l) => console.error(l));
    if (!cliPath) throw new Error('the benchmark needs the temporal CLI (npm run temporal:cli)');
    const server = await startDevServer({ cliPath, port: await freePort() });
    address = server.address;
    pid = server.process.pid;
    stopServer = () => server.stop();
  }
  const connection = await Connection.connect({ address });
  await ensureSearchAttributes(connection, 'default');
  return {
    address,
    client: new Client({ connection }),
    pid,
    stop: async () => {
      await connection.close();
      await stopServer();
    },
  };
}

/**
 * Compiles the project to JavaScript in `outDir` (inside the repository, so node_modules resolve) with `npm run
 * build`, the production build; returns outDir. About 20 s.
 */
export async function buildProject(outDir: string): Promise<string> {
  await promisify(execFile)('npm', ['run', 'build', '--', '--outDir', outDir], { cwd: join(__dirname, '..') });
  return outDir;
}

/**
 * Spawns `tsx <script> ...args`, or with `built` (a buildProject output) `node <built>/bench/<script>.js`, and
 * resolves with the first `READY <value>` line it prints.
 */
export function spawnReady(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
  built?: string,
): Promise<{ child: ChildProcess; value: string; lines: string[] }> {
  const entry = built ? [join(built, 'bench', script.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', join(__dirname, script)];
  const child = spawn(process.execPath, [...nodeArgs, ...entry, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
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
