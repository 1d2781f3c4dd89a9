import { randomBytes, randomUUID } from 'node:crypto';
import { runCli } from '../../../cli/main';
import { startHttpServer, webhookEndpointResolver } from '../../../server';
import { TEST_KEY_TEXT } from '../../helpers/fixtures';
import { testDb } from '../../helpers/db';
import { startTestWorker, temporalAddress, testClient } from '../../helpers/temporal';
import { STRIPE_SECRETS, customerEvent, post, signStripe, testStores, waitFor } from './fixtures';

const db = testDb(5);
afterAll(() => db.close());

async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; json: Record<string, unknown> & Array<Record<string, unknown>> }> {
  const out: string[] = [];
  const code = await runCli([...args, '--json'], { out: (t) => out.push(t), err: (t) => out.push(t) }, env);
  return { code, json: JSON.parse(out.join('\n')) as Record<string, unknown> & Array<Record<string, unknown>> };
}

it('fabric webhooks create / list / rotate-secret / replay work end to end', async () => {
  const key = TEST_KEY_TEXT; // the run's one key: another file's worker may apply this config's events
  const stores = testStores(db);
  const config = await stores.configs.createConfig({ connector: 'stripe', userId: randomUUID(), name: `cli-${randomUUID()}`, secrets: STRIPE_SECRETS });
  const worker = await startTestWorker({ db, configs: stores.configs });
  const env = {
    DATABASE_URL: process.env.DATABASE_URL,
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: worker.taskQueue,
    FABRIC_ENCRYPTION_KEY: key,
    PUBLIC_BASE_URL: 'https://hooks.example.com',
  };
  const endpoints = webhookEndpointResolver(stores);
  const temporal = await testClient();
  const server = await startHttpServer({ db, endpoints, temporal: { client: temporal.client, taskQueue: worker.taskQueue } }, { host: '127.0.0.1', port: 0 });
  try {
    const path = `cli-${randomBytes(6).toString('hex')}`;
    const created = await cli(env, 'webhooks', 'create', config.id, '--path', path);
    expect(created.code).toBe(0);
    expect(created.json.url).toBe(`https://hooks.example.com/webhooks/stripe/${path}`);
    const secret = created.json.secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect((await cli(env, 'webhooks', 'create', config.id, '--path', 'bad path')).json.error).toMatch(/--path/);

    const listed = await cli(env, 'webhooks', 'list', '--config', config.id);
    expect(listed.json.map((h) => h.endpointPath)).toEqual([path]);
    expect(JSON.stringify(listed.json)).not.toContain(secret);

    const first = customerEvent('cus_cli', 1);
    expect((await post(server.url, `/webhooks/stripe/${path}`, JSON.stringify(first), signStripe(JSON.stringify(first), secret))).status).toBe(200);

    const rotated = await cli(env, 'webhooks', 'rotate-secret', created.json.id as string, '--grace-seconds', '60');
    expect(rotated.code).toBe(0);
    endpoints.clear();
    const second = customerEvent('cus_cli', 2);
    const third = customerEvent('cus_cli', 3);
    expect((await post(server.url, `/webhooks/stripe/${path}`, JSON.stringify(second), signStripe(JSON.stringify(second), secret))).status).toBe(200); // previous, in grace
    expect(
      (await post(server.url, `/webhooks/stripe/${path}`, JSON.stringify(third), signStripe(JSON.stringify(third), rotated.json.secret as string))).status,
    ).toBe(200);
    expect((await post(server.url, `/webhooks/stripe/${path}`, JSON.stringify(third), signStripe(JSON.stringify(third), 'whsec_other'))).status).toBe(401);

    await waitFor(
      async () => {
        const r = await db.query<{ n: number }>(`select count(*)::int as n from public.webhook_events where config_id = $1 and status = 'applied'`, [
          config.id,
        ]);
        return r.rows[0]!.n === 3 ? true : undefined;
      },
      20_000,
      'three applied events',
    );

    const replayed = await cli(env, 'webhooks', 'replay', first.id);
    const row = await db.query<{ id: string; workflow_id: string }>('select id, workflow_id from public.webhook_events where event_id = $1', [first.id]);
    expect(replayed.json).toMatchObject({ workflowId: `webhook-event:${row.rows[0]!.id}`, status: 'applied' });
    expect(row.rows[0]!.workflow_id).toBe(`webhook-event:${row.rows[0]!.id}`);
    const rec = await db.query<{ v: string }>(`select source_version::text as v from public.unified_records where config_id = $1 and source_id = 'cus_cli'`, [
      config.id,
    ]);
    expect(rec.rows[0]!.v).toBe('3'); // replaying the oldest event did not overwrite the newer state
    expect((await cli(env, 'webhooks', 'replay', 'evt_missing')).json.error).toMatch(/no stored event/);
  } finally {
    await server.close();
    await worker.stop();
    await temporal.connection.close();
  }
});
