import { randomUUID } from 'node:crypto';
import { runCli } from '../../../cli/main';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { createSyncSchedule } from '../../../client/schedules';
import { startSync } from '../../../client/sync';
import { pushWorkflowId } from '../../../client/ids';
import { pushWorkflow } from '../../../workflows/push';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

describe('fail fast and the circuit breaker (in-process CLI, real Temporal and Postgres)', () => {
  const db = testDb();
  const key = generateKey('circuit');
  let api: MockApi;
  let temporal: Awaited<ReturnType<typeof testClient>>;
  beforeAll(async () => {
    api = await startMockApi({ records: 300, seed: 3, apiKey: 'right-key' });
    temporal = await testClient();
  });
  afterAll(async () => {
    await api.stop();
    await temporal.connection.close();
    await db.close();
  });

  async function fabric(args: string[], taskQueue: string) {
    const out: string[] = [];
    const env = {
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
      DATABASE_URL: process.env.DATABASE_URL,
      TEMPORAL_TASK_QUEUE: taskQueue,
      FABRIC_ENCRYPTION_KEY: key,
    };
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => out.push(t) }, env);
    return { code, out: out.join('\n') };
  }

  it('a sync, a push and a schedule tick for a config that does not exist fail at once, naming the id', async () => {
    const { deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url }, credentials: new CredentialManager(parseKey(key)) });
    await withWorker(deps, async ({ taskQueue }) => {
      const missing = randomUUID();
      const started = Date.now();
      const sync = await fabric(['sync', missing], taskQueue);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(sync.code).not.toBe(0);
      expect(sync.out).toContain(`config ${missing} does not exist`);

      const push = temporal.client.workflow.execute(pushWorkflow, {
        taskQueue,
        workflowId: pushWorkflowId(missing, 'customer', randomUUID()),
        args: [
          {
            configId: missing,
            model: 'customer',
            record: { source_system: 'crm', source_id: 'c1', email: 'a@example.com', full_name: 'A', tags: [], custom_fields: {} },
          },
        ],
      });
      await expect(push).rejects.toMatchObject({ cause: { cause: { message: expect.stringContaining(missing) } } });

      // A schedule left behind by a deleted config: its first tick removes it.
      await createSyncSchedule(temporal.client, taskQueue, missing, { every: '1h' });
      await temporal.client.schedule.getHandle(`sync-schedule:${missing}`).trigger();
      let gone = false;
      for (let i = 0; i < 100 && !gone; i++) {
        gone = await temporal.client.schedule
          .getHandle(`sync-schedule:${missing}`)
          .describe()
          .then(
            () => false,
            () => true,
          );
        if (!gone) await new Promise((r) => setTimeout(r, 100));
      }
      expect(gone).toBe(true);

      // A schedule of another database (a second stack on one Temporal) survives a sync here that finds no config.
      const foreign = randomUUID();
      await createSyncSchedule(temporal.client, taskQueue, foreign, { every: '1h', paused: true, databaseId: randomUUID() });
      const stray = await startSync(temporal.client, taskQueue, foreign, { mode: 'full' });
      await expect(temporal.client.workflow.getHandle(stray.workflowId).result()).rejects.toThrow();
      const kept = await temporal.client.schedule.getHandle(`sync-schedule:${foreign}`).describe();
      expect(kept.state.paused).toBe(true);
      await temporal.client.schedule.getHandle(`sync-schedule:${foreign}`).delete();
    });
  });

  it('a 401 pauses the config and its schedule; status and configs show say why; a new credential resumes it', async () => {
    const { configId, deps } = await createTestConfig(db, {
      connector: 'mock',
      config: { baseUrl: api.url },
      secrets: { api_key: 'wrong-key' },
      credentials: new CredentialManager(parseKey(key)),
    });
    await withWorker(deps, async ({ taskQueue }) => {
      await createSyncSchedule(temporal.client, taskQueue, configId, { every: '1h' });
      const sync = await fabric(['sync', configId, '--full', '--follow'], taskQueue);
      expect(sync.code).not.toBe(0);
      expect(sync.out).toMatch(/returned 401/); // the root cause, not "Workflow execution failed"
      expect(sync.out).not.toContain('wrong-key');

      const schedule = await temporal.client.schedule.getHandle(`sync-schedule:${configId}`).describe();
      expect(schedule.state.paused).toBe(true);
      expect(schedule.state.note).toMatch(/returned 401/);

      const status = await fabric(['status', configId], taskQueue);
      expect(process.exitCode).toBe(1); // status sets the exit code instead of throwing
      process.exitCode = undefined;
      expect(status.out).toMatch(new RegExp(`config ${configId} is PAUSED since .*returned 401.*fabric configs set-secret ${configId}`));
      expect((await fabric(['configs', 'show', configId], taskQueue)).out).toMatch(/PAUSED since .*returned 401/);

      const again = await fabric(['sync', configId], taskQueue); // no hammering a vendor that refuses us
      expect(again.code).not.toBe(0);
      expect(again.out).toMatch(new RegExp(`config ${configId} is paused`));

      const fixed = await fabric(['configs', 'set-secret', configId, '--secret', 'api_key=right-key'], taskQueue);
      expect(fixed.out).toMatch(/the config is resumed/);
      expect((await temporal.client.schedule.getHandle(`sync-schedule:${configId}`).describe()).state.paused).toBe(false);
      const ok = await fabric(['sync', configId, '--full', '--follow'], taskQueue);
      expect(ok.out).toMatch(/sync completed/);
      expect((await fabric(['configs', 'resume', configId], taskQueue)).out).toMatch(/was not paused/);
      await temporal.client.schedule.getHandle(`sync-schedule:${configId}`).delete();
    });
  });
});
