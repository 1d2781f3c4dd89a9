import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { runCli } from '../../../cli/main';
import { freePort } from '../../../scripts/free-port';
import { findTemporalCli } from '../../../scripts/temporal-cli';
import { startDevServer, type DevServer } from '../../../scripts/temporal-server';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { spawnCollecting, waitUntil } from '../../helpers/processes';
import { logFileFor } from '../../helpers/run-dir';

const ROOT = join(__dirname, '..', '..', '..');

describe('a bare Temporal server (no search attributes, no schedules), as a fresh cluster or Cloud namespace is', () => {
  const db = testDb();
  const key = generateKey('bare');
  const cli = findTemporalCli()!.path;
  let server: DevServer;
  let api: MockApi;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    [server, api] = await Promise.all([
      startDevServer({ cliPath: cli, port: await freePort(), searchAttributes: false }),
      startMockApi({ records: 30, seed: 21 }),
    ]);
    env = { TEMPORAL_ADDRESS: server.address, DATABASE_URL: process.env.DATABASE_URL, TEMPORAL_TASK_QUEUE: `bare-${Date.now()}`, FABRIC_ENCRYPTION_KEY: key };
  });
  afterAll(async () => {
    await server?.stop();
    await api?.stop();
    await db.close();
  });

  async function fabric(...args: string[]) {
    const out: string[] = [];
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => out.push(t) }, env);
    return { code, out: out.join('\n') };
  }

  it('fails a start naming the missing attributes and fabric setup; after setup a worker from npm run worker completes it', async () => {
    const { configId } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url }, credentials: new CredentialManager(parseKey(key)) });

    const doctor = await fabric('doctor'); // in-process, a failed check sets process.exitCode like the real CLI
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(doctor.out).toMatch(/FAIL search attributes +missing in default: Connector, ConfigId, Action, UserId, RecordsProcessed/);
    expect(doctor.out).toMatch(/FAIL system schedules +credentials-refresh/);
    expect(doctor.out).toContain('temporal operator search-attribute create');

    const refused = await fabric('sync', configId);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/no mapping defined for search attribute/); // the server's own words
    expect(refused.out).toMatch(/lacks the search attributes Connector, ConfigId, Action, UserId, RecordsProcessed: run `fabric setup`/);

    const setup = await fabric('setup');
    expect(setup.code).toBe(0);
    expect(process.exitCode).toBeUndefined();
    expect(setup.out).toMatch(/ok +search attributes +registered Connector, ConfigId, Action, UserId, RecordsProcessed/);
    expect(setup.out).toMatch(/ok +system schedules +credentials-refresh created/);
    const again = await fabric('setup', '--json');
    expect(JSON.parse(again.out)).toMatchObject({ ok: true });
    expect(again.out).toMatch(/all registered/); // idempotent: nothing added the second time

    const logFile = logFileFor('bare-server-worker'); // the worker's JSON log lines
    const worker = spawnCollecting('npm', ['run', 'worker'], { cwd: ROOT, env: { ...process.env, ...env, FABRIC_LOG_FILE: logFile }, detached: true });
    try {
      await waitUntil(
        'the worker\'s "worker polling" log line',
        () => {
          if (worker.child.exitCode !== null) throw new Error(`npm run worker exited early:\n${worker.output()}`);
          return existsSync(logFile) && /"msg":"worker polling/.test(readFileSync(logFile, 'utf8'));
        },
        180_000,
      );
      const sync = await fabric('sync', configId, '--full', '--follow');
      expect(sync.out).toMatch(/sync completed \(full\) for mock config/);
      const listed = spawnSync(cli, ['workflow', 'list', '--address', server.address, '--query', 'Connector="mock"', '-o', 'json'], { encoding: 'utf8' });
      expect(listed.stdout).toContain(`sync:${configId}`);
      const healthy = await fabric('doctor');
      expect(healthy.out).toMatch(/ok +workers +\d+ polling/);
    } finally {
      process.kill(-worker.child.pid!, 'SIGTERM');
      await worker.exited;
    }
  }, 400_000);
});
