import { randomUUID } from 'node:crypto';
import { FabricWorkflowError } from '../../../client/errors';
import { push } from '../../../client/push';
import { controlSyncSchedule, createSyncSchedule, listSyncSchedules, spreadOffsetMs } from '../../../client/schedules';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { TransientError } from '../../../adapters/core/errors';
import { resolveAdapter } from '../../../activities/resolve-adapter';
import type { ActivityDeps } from '../../../activities';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

const customer = (id: string) => ({
  source_system: 'crm',
  source_id: id,
  email: `${id}@example.com`,
  full_name: 'Ada Lovelace',
  tags: [],
  custom_fields: {},
});

async function syncRuns(db: ReturnType<typeof testDb>, configId: string): Promise<number> {
  const res = await db.query<{ n: number }>(`select count(*)::int as n from public.sync_runs where config_id = $1`, [configId]);
  return res.rows[0]!.n;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('push and schedules (real Temporal, real Postgres)', () => {
  const db = testDb();
  let api: MockApi;
  beforeAll(async () => {
    api = await startMockApi({ records: 50, seed: 3 });
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it('push creates once even when the first attempt loses its response, then updates; bad records fail fast', async () => {
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    let lostResponses = 0;
    // The first create reaches the API but its answer is lost, like a timeout: Temporal retries the activity.
    const flaky: ActivityDeps = {
      ...deps,
      adapterFor: async (id, actor) => {
        const resolved = await resolveAdapter(deps, id, actor);
        const create = resolved.adapter.create.bind(resolved.adapter);
        resolved.adapter.create = async (model, record, options) => {
          const result = await create(model, record, options);
          if (lostResponses++ === 0) throw new TransientError('response lost after the request was sent');
          return result;
        };
        return resolved;
      },
    };
    const { client, connection } = await testClient();
    try {
      await withWorker(flaky, async ({ taskQueue }) => {
        const createdBefore = api.stats.created;
        const sourceId = `crm_${randomUUID()}`;
        const first = await push(client, taskQueue, configId, 'customer', customer(sourceId));
        expect(first.action).toBe('created');
        expect(lostResponses).toBe(2); // two attempts reached the API...
        expect(api.stats.created - createdBefore).toBe(1); // ...and it created one record
        const stored = await db.query<{ external_id: string }>(`select external_id from public.unified_records where config_id = $1 and source_id = $2`, [
          configId,
          sourceId,
        ]);
        expect(stored.rows[0]?.external_id).toBe(first.externalId);

        const second = await push(client, taskQueue, configId, 'customer', { ...customer(sourceId), full_name: 'Ada King' });
        expect(second).toMatchObject({ action: 'updated', externalId: first.externalId });

        const bad = push(client, taskQueue, configId, 'customer', { ...customer('x'), email: 'not-an-email' });
        await expect(bad).rejects.toBeInstanceOf(FabricWorkflowError);
        await expect(bad).rejects.toThrow(/record is not a valid customer: email: must be a valid email/);
      });
    } finally {
      await connection.close();
    }
  });

  it('a schedule fires syncs, pause stops them, trigger runs one at once', async () => {
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const { client, connection } = await testClient();
    try {
      await withWorker(deps, async ({ taskQueue }) => {
        await createSyncSchedule(client, taskQueue, configId, { every: '2s' });
        // the server keeps the config's own phase within the interval, so a fleet's ticks do not all fire at once
        const described = await client.schedule.getHandle(`sync-schedule:${configId}`).describe();
        expect(described.spec.intervals?.[0]).toEqual({ every: 2000, offset: spreadOffsetMs(configId, 2000) });
        await waitFor(async () => (await syncRuns(db, configId)) >= 1, 20_000);
        const rows = await listSyncSchedules(client);
        expect(rows.find((r) => r.configId === configId)?.paused).toBe(false);

        await controlSyncSchedule(client, configId, 'pause');
        await new Promise((r) => setTimeout(r, 1500)); // let a sync started just before the pause finish
        const paused = await syncRuns(db, configId);
        await new Promise((r) => setTimeout(r, 5000));
        expect(await syncRuns(db, configId)).toBe(paused);

        await controlSyncSchedule(client, configId, 'trigger');
        await waitFor(async () => (await syncRuns(db, configId)) === paused + 1, 15_000);
        // Ticks start the sync under its business key, so a tick and a manual start can never run two syncs at once.
        const ids = await db.query<{ workflow_id: string }>(`select distinct workflow_id from public.sync_runs where config_id = $1`, [configId]);
        expect(ids.rows.map((r) => r.workflow_id)).toEqual([`sync:${configId}`]);
        await controlSyncSchedule(client, configId, 'delete');
        await expect(controlSyncSchedule(client, configId, 'pause')).rejects.toThrow(/has no schedule/);
      });
    } finally {
      await connection.close();
    }
  });
});
