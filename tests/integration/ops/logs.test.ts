import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startMockApi } from '../../../adapters/mock';
import { startSync } from '../../../client/sync';
import type { SyncSummary } from '../../../contracts/sync';
import { webhookEndpointResolver, startHttpServer } from '../../../server';
import { runContext } from '../../../telemetry/activity-context';
import { componentLogger, configureLogging } from '../../../telemetry/logger';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { startTestWorker, testClient } from '../../helpers/temporal';
import { customerEvent, post, signStripe, stripeEndpoint, testStores, waitFor } from '../webhooks/fixtures';

type Line = Record<string, unknown> & { msg: string; level: string };

/** This jest worker's log file (FABRIC_LOG_FILE, set for the whole run by globalSetup), parsed. */
function ownLines(): Line[] {
  const pattern = process.env.FABRIC_LOG_FILE;
  if (!pattern) throw new Error('FABRIC_LOG_FILE is unset: run through jest (tests/helpers/global-setup.ts sets it)');
  const text = readFileSync(pattern.replace(/\{pid\}/g, String(process.pid)), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
}

describe('logs: one JSON logger, redacted, with the run context on every line', () => {
  const db = testDb();
  beforeAll(() => configureLogging({ level: 'debug' })); // the HTTP layer's lines are debug
  afterAll(() => db.close());

  it('a line carrying a stored secret, secret-shaped values and emails comes out redacted', async () => {
    const secret = `live-${randomBytes(12).toString('hex')}`;
    await createTestConfig(db, { connector: 'mock', config: { baseUrl: 'http://127.0.0.1:1' }, secrets: { api_key: secret } });
    const marker = `marker-${randomUUID()}`;
    const email = `jane.doe+${marker.slice(7, 13)}@customer.example.com`;
    const log = componentLogger('test');
    runContext.run({ workflowId: 'wf-1', runId: 'run-1', configId: 'cfg-1', connector: 'mock' }, () =>
      log.warn(
        {
          marker,
          note: `key ${secret} for ${email}`,
          nested: { deeper: { value: secret, owner: email } },
          token: 'tok-123456789',
          headers: { authorization: `Bearer ${secret}` },
          url: 'postgres://app:hunter2-secret@db.internal:5432/x',
          stripe: 'sk_live_abcdef123456',
        },
        `refused ${email} with ${secret}`,
      ),
    );
    const line = ownLines().find((l) => l.marker === marker);
    expect(line).toBeDefined();
    const text = JSON.stringify(line);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(email);
    expect(text).not.toMatch(/hunter2|tok-123456789|sk_live_abcdef/);
    expect(line).toMatchObject({
      level: 'warn',
      component: 'test',
      workflowId: 'wf-1',
      runId: 'run-1',
      configId: 'cfg-1',
      connector: 'mock',
      msg: 'refused [email] with [redacted]',
      note: 'key [redacted] for [email]',
      nested: { deeper: { value: '[redacted]', owner: '[email]' } },
      token: '[redacted]',
      headers: { authorization: '[redacted]' },
      url: 'postgres://app:[redacted]@db.internal:5432/x',
    });
  });

  it('a sync logs from its workflow and activities with workflow id, run id, config id and connector', async () => {
    const secret = `mock-${randomBytes(12).toString('hex')}`;
    const api = await startMockApi({ records: 30, seed: 21, apiKey: secret });
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url }, secrets: { api_key: secret } });
    const worker = await startTestWorker(deps);
    const { client, connection } = await testClient();
    try {
      const started = await startSync(client, worker.taskQueue, configId, { mode: 'full', models: ['customer'] });
      const handle = client.workflow.getHandle(started.workflowId);
      const summary = (await handle.result()) as SyncSummary;
      expect(summary.status).toBe('completed');
      const runId = (await handle.describe()).runId;
      const ids = { workflowId: started.workflowId, runId, configId, connector: 'mock' };
      const lines = await waitFor(
        async () => {
          const mine = ownLines().filter((l) => l.workflowId === started.workflowId);
          return mine.some((l) => /^sync completed/.test(l.msg)) ? mine : undefined; // the workflow's lines leave through a sink
        },
        20_000,
        'the workflow log line',
      );
      // from the workflow, through Temporal's logger sink, with its IDs and its search attributes
      expect(lines.find((l) => /^full sync started: customer/.test(l.msg))).toMatchObject({
        ...ids,
        sdkComponent: 'workflow',
        workflowType: 'syncWorkflow',
        level: 'info',
      });
      expect(lines.find((l) => /^sync completed: 30 records/.test(l.msg))).toMatchObject({ ...ids, sdkComponent: 'workflow', level: 'info' });
      // from the activity and the adapter's HTTP layer inside it, through the run context
      expect(lines.find((l) => l.msg === 'sync chunk committed')).toMatchObject({ ...ids, activity: 'syncChunk', component: 'sync', model: 'customer' });
      const http = lines.filter((l) => l.msg === 'http request');
      expect(http.length).toBeGreaterThan(0);
      for (const l of http)
        expect(l).toMatchObject({ ...ids, activity: 'syncChunk', component: 'adapter', method: 'GET', headers: { authorization: '[redacted]' } });
      expect(JSON.stringify(lines)).not.toContain(secret);
    } finally {
      await worker.stop();
      await connection.close();
      await api.stop();
    }
  });

  it('the webhook batch activity logs its counts with the batch workflow id and the config', async () => {
    const stores = testStores(db);
    const ep = await stripeEndpoint(stores);
    const worker = await startTestWorker({ db, configs: stores.configs });
    const { client, connection } = await testClient();
    const server = await startHttpServer(
      { db, endpoints: webhookEndpointResolver(stores), temporal: { client, taskQueue: worker.taskQueue } },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      const body = JSON.stringify(customerEvent(`cus_log_${randomUUID().slice(0, 8)}`, 1));
      expect((await post(server.url, ep.path, body, signStripe(body, ep.secret))).status).toBe(200);
      const line = await waitFor(async () => ownLines().find((l) => l.configId === ep.configId && /^webhook batch:/.test(l.msg)), 30_000, 'the batch line');
      expect(line).toMatchObject({
        workflowId: `webhook-batch:${ep.configId}`,
        activity: 'applyWebhookBatch',
        connector: 'stripe',
        claimed: 1,
        applied: 1,
        level: 'info',
      });
      expect(ownLines().some((l) => JSON.stringify(l).includes(ep.secret))).toBe(false);
    } finally {
      await server.close();
      await worker.stop();
      await connection.close();
    }
  });
});
