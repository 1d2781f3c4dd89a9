import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

describe('fabric sync, status, push and schedule (in-process CLI, real Temporal and Postgres)', () => {
  const db = testDb();
  const key = generateKey('cli');
  let api: MockApi;
  beforeAll(async () => {
    api = await startMockApi({ records: 120, seed: 9 });
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  let temporal: Awaited<ReturnType<typeof testClient>> | undefined;
  const client = () => temporal!.client;
  beforeAll(async () => {
    temporal = await testClient();
  });
  afterAll(() => temporal?.connection.close());

  async function fabric(args: string[], taskQueue: string) {
    const out: string[] = [];
    const err: string[] = [];
    const env = {
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
      DATABASE_URL: process.env.DATABASE_URL,
      TEMPORAL_TASK_QUEUE: taskQueue,
      FABRIC_ENCRYPTION_KEY: key,
    };
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('runs a sync to completion with --follow, reports status, pushes a file, manages a schedule; --json everywhere', async () => {
    const { configId, deps } = await createTestConfig(db, {
      connector: 'mock',
      config: { baseUrl: api.url },
      credentials: new CredentialManager(parseKey(key)),
    });
    await withWorker(deps, async ({ taskQueue }) => {
      const none = await fabric(['status', configId], taskQueue);
      expect(none.out).toMatch(/no sync has run for config/);

      const sync = await fabric(['sync', configId, '--full', '--follow'], taskQueue);
      expect(sync.code).toBe(0);
      expect(sync.out).toMatch(/sync completed \(full\) for mock config/);
      expect(sync.out).toMatch(/customer +120 records, 0 quarantined/);

      const status = await fabric(['status', configId, '--json'], taskQueue);
      const parsed = JSON.parse(status.out) as { status: string; summary: { counts: Record<string, { records: number }> } };
      expect(parsed.status).toBe('COMPLETED');
      expect(parsed.summary.counts.invoice?.records).toBe(120);

      const started = JSON.parse((await fabric(['sync', configId, '--json'], taskQueue)).out) as { workflowId: string };
      expect(started.workflowId).toBe(`sync:${configId}`);

      const file = join(mkdtempSync(join(tmpdir(), 'fabric-push-')), 'record.json');
      writeFileSync(
        file,
        JSON.stringify({
          source_system: 'crm',
          source_id: `crm_${randomUUID()}`,
          email: 'grace@example.com',
          full_name: 'Grace Hopper',
          tags: [],
          custom_fields: {},
        }),
      );
      const pushed = await fabric(['push', configId, '--model', 'customer', '--file', file], taskQueue);
      expect(pushed.out).toMatch(/^created customer crm_.* in mock: external id /);
      const missing = await fabric(['push', configId, '--model', 'customer', '--file', '/nonexistent.json'], taskQueue);
      expect(missing.code).toBe(1);
      expect(missing.err).toMatch(/--file \/nonexistent.json: not a readable JSON file/);

      expect((await fabric(['schedule', 'create', configId, '--every', '1h', '--paused'], taskQueue)).out).toMatch(/every 1h \(paused\)/);
      const list = JSON.parse((await fabric(['schedule', 'list', '--json'], taskQueue)).out) as Array<{ configId: string; paused: boolean }>;
      expect(list.find((r) => r.configId === configId)?.paused).toBe(true);
      expect((await fabric(['schedule', 'resume', configId], taskQueue)).out).toMatch(/resume done/);
      expect((await fabric(['schedule', 'update', configId, '--cron', '0 3 * * *'], taskQueue)).out).toMatch(/on cron "0 3 \* \* \*"/);
      const described = await client().schedule.getHandle(`sync-schedule:${configId}`).describe();
      expect(described.spec.calendars?.length).toBe(1); // the cron became the schedule's only calendar
      const badWindow = await fabric(['schedule', 'backfill', configId, '--from', 'yesterday', '--to', 'now'], taskQueue);
      expect(badWindow.err).toMatch(/give two ISO 8601 times/);
      const backfill = await fabric(['schedule', 'backfill', configId, '--from', '2026-01-01T00:00:00Z', '--to', '2026-01-01T04:00:00Z'], taskQueue);
      expect(backfill.out).toMatch(/backfill of .* requested/);
      const bad = await fabric(['schedule', 'create', randomUUID(), '--every', 'soon'], taskQueue);
      expect(bad.err).toMatch(/--every "soon" is not a duration/);
      expect((await fabric(['schedule', 'delete', configId], taskQueue)).code).toBe(0);
      const gone = await fabric(['schedule', 'pause', configId, '--json'], taskQueue);
      expect(JSON.parse(gone.out).error).toMatch(/has no schedule/);
    });
  });

  it('lists every command in --help and reports a bad environment by name', async () => {
    const help = await fabric(['--help'], 'unused');
    for (const command of ['sync', 'status', 'push', 'schedule', 'doctor', 'configs', 'webhooks', 'mapping', 'migrate', 'mock-api']) {
      expect(help.out).toContain(command);
    }
    for (const command of ['setup']) expect(help.out).toContain(command);
    const doctor = JSON.parse((await fabric(['doctor', '--json'], 'unused')).out) as { checks: Array<{ check: string; ok: boolean; fix?: string }> };
    expect(doctor.checks.slice(0, 5).map((c) => [c.check, c.ok])).toEqual([
      ['temporal CLI', true],
      ['temporal server', true],
      ['namespace', true],
      ['migrations', true],
      ['search attributes', true],
    ]);
    for (const failed of doctor.checks.filter((c) => !c.ok)) expect(failed.fix).toMatch(/fabric setup|npm run worker/); // names the fix
    const out: string[] = [];
    const code = await runCli(['status', 'x'], { out: (t) => out.push(t), err: (t) => out.push(t) }, { TEMPORAL_ADDRESS: 'nope' });
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/TEMPORAL_ADDRESS: must look like host:port/);
  });
});
