import { randomUUID } from 'node:crypto';
import type { ActivityDeps } from '../../../activities';
import { webhookActivities } from '../../../activities/webhook';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { startSync } from '../../../client/sync';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

/** Syncs and webhooks write the same records: whichever carries the newer state must win, in either order. */
describe('sync and webhook writes to one record keep the newest state', () => {
  const db = testDb();
  let api: MockApi;
  beforeAll(async () => {
    api = await startMockApi({ records: 20, seed: 4 });
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  async function deliver(deps: ActivityDeps, configId: string, userId: string, object: Record<string, unknown>): Promise<void> {
    const event = { id: `evt_${randomUUID()}`, type: 'customer.updated', created: Math.floor(Date.now() / 1000), data: { object } };
    await db.query(`insert into public.webhook_events (connector, event_id, config_id, user_id, event_type, raw_body) values ('mock', $1, $2, $3, $4, $5)`, [
      event.id,
      configId,
      userId,
      event.type,
      JSON.stringify(event),
    ]);
    await webhookActivities(deps).applyWebhookBatch({ configId, workflowId: 'test', runId: 'test', limit: 100 });
  }

  const stored = async (configId: string, id: string) =>
    (
      await db.query<{ name: string; v: string }>(
        `select data->>'full_name' as name, source_version::text as v from public.unified_records where config_id = $1 and source_id = $2`,
        [configId, id],
      )
    ).rows[0];

  it('an older webhook loses to a synced record, a newer one wins, and a later sync of newer data wins again', async () => {
    const { configId, userId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const { client, connection } = await testClient();
    try {
      await withWorker(deps, async ({ taskQueue }) => {
        const sync = async () => {
          const s = await startSync(client, taskQueue, configId, { mode: 'full', models: ['customer'] });
          return (await client.workflow.getHandle(s.workflowId).result()) as SyncSummary;
        };
        await sync();
        const id = 'cus_000000003';
        const synced = await stored(configId, id);
        const v = Number(synced!.v);
        const base = { id, object: 'customer', email: 'x@example.com' };

        await deliver(deps, configId, userId, { ...base, name: 'Stale Name', version: v - 1 });
        expect(await stored(configId, id)).toEqual(synced); // older than what the sync stored: ignored

        await deliver(deps, configId, userId, { ...base, name: 'Webhook Name', version: v + 1 });
        expect(await stored(configId, id)).toEqual({ name: 'Webhook Name', v: String(v + 1) });

        api.mutate('customers', 3);
        const changed = api.mutate('customers', 3); // the source moves on past the webhook's version
        expect(changed.version).toBeGreaterThan(v + 1);
        await sync();
        expect(await stored(configId, id)).toEqual({ name: changed.name, v: String(changed.version) });
      });
    } finally {
      await connection.close();
    }
  });
});
