import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { startSync } from '../../../client/sync';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { countRecords, createTestConfig, TEST_KEY_TEXT } from '../../helpers/fixtures';
import { spawnCollecting, waitUntil } from '../../helpers/processes';
import { logFileFor } from '../../helpers/run-dir';
import { testClient } from '../../helpers/temporal';

/**
 * Production workers run compiled JavaScript (`npm run build`, then `npm run start:worker`), with no TypeScript
 * loader in their memory (docs/BENCHMARKS.md, fifth session: 40 MiB less RSS at idle). This builds the project as
 * that script does, into a directory of its own, and has the compiled worker run a whole sync.
 */
const ROOT = join(__dirname, '..', '..', '..');
const OUT = join(ROOT, '.tmp', `test-build-${process.pid}`);

describe('the compiled worker', () => {
  const db = testDb();
  let api: MockApi;
  beforeAll(async () => {
    api = await startMockApi({ records: 120, seed: 31 });
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
    rmSync(OUT, { recursive: true, force: true });
  });

  it('builds with npm run build and runs a full sync from dist JavaScript alone', async () => {
    await promisify(execFile)('npm', ['run', 'build', '--', '--outDir', OUT], { cwd: ROOT });
    expect(existsSync(join(OUT, 'worker.js'))).toBe(true);
    expect(existsSync(join(OUT, 'workflows', 'index.js'))).toBe(true);
    expect(existsSync(join(OUT, 'tests'))).toBe(false); // tests stay out of the build

    const { configId } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const taskQueue = `compiled-${process.pid}-${Date.now()}`;
    const logFile = logFileFor('compiled-worker'); // the worker's JSON log lines
    const env = { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, FABRIC_ENCRYPTION_KEY: TEST_KEY_TEXT, FABRIC_LOG_FILE: logFile, NODE_OPTIONS: '' };
    const logged = (pattern: RegExp) => existsSync(logFile) && pattern.test(readFileSync(logFile, 'utf8'));
    const worker = spawnCollecting(process.execPath, [join(OUT, 'worker.js')], { cwd: ROOT, env });
    const { client, connection } = await testClient();
    try {
      await waitUntil(
        'the compiled worker\'s "worker polling" log line',
        () => {
          if (worker.child.exitCode !== null) throw new Error(`the compiled worker exited early:\n${worker.output()}`);
          return logged(/"msg":"worker polling/);
        },
        120_000,
      );
      const sync = await startSync(client, taskQueue, configId, { mode: 'full', models: ['customer'] });
      const summary = (await client.workflow.getHandle(sync.workflowId).result()) as SyncSummary;
      expect(summary.status).toBe('completed');
      expect(summary.counts.customer?.records).toBe(120);
      expect(await countRecords(db, configId, 'customer')).toBe(120);
    } finally {
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0); // drained and stopped on SIGTERM
      await connection.close();
    }
    expect(logged(/worker drained and stopped/)).toBe(true);
  }, 240_000);
});
