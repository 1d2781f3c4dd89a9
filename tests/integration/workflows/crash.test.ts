import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startMockApi } from '../../../adapters/mock';
import { ensureSearchAttributes } from '../../../client/temporal';
import { startSync } from '../../../client/sync';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import type { SyncSummary } from '../../../contracts/sync';
import { freePort } from '../../../scripts/free-port';
import { findTemporalCli } from '../../../scripts/temporal-cli';
import { startDevServer, type DevServer } from '../../../scripts/temporal-server';
import { testDb } from '../../helpers/db';
import { countRecords, createTestConfig } from '../../helpers/fixtures';

const RECORDS = 20_000;
const log = (line: string) => process.stderr.write(`[crash] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../helpers/worker-process.ts')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('worker ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
}

/**
 * Calm, and under a storm of 429s (Retry-After 1 s) and 503s: the kills then also land while a chunk waits out a
 * Retry-After or is about to commit the pages it fetched before a failure. Storm pages are 1,000 records so the
 * honoured waits fit the test's time.
 */
describe.each([
  ['calm', { latencyMs: 50 }, undefined],
  ['storm', { latencyMs: 20, rateLimitRate: 0.3, errorRate: 0.1 }, 1000],
])('crash safety (%s): a 20k-record sync survives SIGKILLed workers and a Temporal server restart', (_name, source, pageSize) => {
  const db = testDb();
  afterAll(() => db.close());

  it('completes with no lost and no duplicated records', async () => {
    const cli = findTemporalCli();
    if (!cli) throw new Error('the temporal CLI is needed (globalSetup finds or builds it)');
    const dbFilename = join(mkdtempSync(join(tmpdir(), 'fabric-crash-')), 'temporal.sqlite');
    const port = await freePort();
    let server: DevServer = await startDevServer({ cliPath: cli.path, port, dbFilename });
    const api = await startMockApi({ records: RECORDS, seed: 11, ...source });
    const key = generateKey('crash');
    const { configId } = await createTestConfig(db, {
      connector: 'mock',
      config: { baseUrl: api.url },
      credentials: new CredentialManager(parseKey(key)),
    });
    const taskQueue = `crash-${randomUUID()}`;
    const workerEnv = { ...process.env, TEMPORAL_ADDRESS: server.address, TASK_QUEUE: taskQueue, FABRIC_ENCRYPTION_KEY: key };
    let worker = await spawnWorker(workerEnv);
    let connection = await Connection.connect({ address: server.address });
    await ensureSearchAttributes(connection, 'default');
    let client = new Client({ connection });
    try {
      const started = await startSync(client, taskQueue, configId, { mode: 'full', models: ['customer'], pageSize });
      let last = 0;
      for (let kill = 0; kill < 3; kill++) {
        // Kill only after progress since the last crash, at a random instant inside a page's work.
        while ((await countRecords(db, configId, 'customer')) < last + 300) await sleep(50);
        await sleep(Math.floor(Math.random() * 400));
        worker.kill('SIGKILL');
        last = await countRecords(db, configId, 'customer');
        log(`kill ${kill + 1}: worker SIGKILLed with ${last} records committed`);
        worker = await spawnWorker(workerEnv);
      }
      // Now the Temporal server goes down and comes back on the same SQLite file.
      await sleep(500);
      worker.kill('SIGKILL');
      await connection.close();
      await server.stop();
      log('temporal server stopped');
      server = await startDevServer({ cliPath: cli.path, port, dbFilename });
      log('temporal server restarted on the same database file');
      worker = await spawnWorker(workerEnv);
      connection = await Connection.connect({ address: server.address });
      client = new Client({ connection });

      const summary = (await client.workflow.getHandle(started.workflowId).result()) as SyncSummary;
      expect(summary.status).toBe('completed');
      expect(summary.counts.customer?.records).toBe(RECORDS); // each committed page counted exactly once
      expect(await countRecords(db, configId, 'customer')).toBe(RECORDS);
      const distinct = await db.query<{ n: number }>(
        `select count(distinct source_id)::int as n from public.unified_records where config_id = $1 and model = 'customer'`,
        [configId],
      );
      expect(distinct.rows[0]?.n).toBe(RECORDS);
      const history = await client.workflow.getHandle(started.workflowId).fetchHistory();
      const retried = (history.events ?? []).some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
      expect(retried).toBe(true); // a kill landed inside a chunk, and its retry resumed from the checkpoint
      const runs = await db.query<{ n: number }>(`select count(*)::int as n from public.sync_runs where config_id = $1`, [configId]);
      expect(runs.rows[0]?.n).toBe(1);
      process.stderr.write(`[crash] ${RECORDS} records after 4 worker kills and a server restart; retried attempts seen: ${retried}\n`);
    } finally {
      worker.kill('SIGKILL');
      await connection.close().catch(() => undefined);
      await server.stop();
      await api.stop();
    }
  }, 300_000);
});
