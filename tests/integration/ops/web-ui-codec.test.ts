import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { chromium, type Browser } from 'playwright-core';
import { startMockApi } from '../../../adapters/mock';
import { payloadCodecFromEnv } from '../../../config/payload-codec';
import { push } from '../../../client/push';
import { loadEnv } from '../../../config/env';
import { devCodecEndpoint, startDevCodec } from '../../../scripts/dev-codec';
import { freePort } from '../../../scripts/free-port';
import { ensureTemporalCli } from '../../../scripts/temporal-cli';
import { startDevServer, type DevServer } from '../../../scripts/temporal-server';
import { generateKey } from '../../../store/credentials';
import { createWorker } from '../../../worker';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Runs in the page, where `document` exists; this file is compiled without the DOM library. */
const pageText = () => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText;
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The dev stack's wiring, end to end: a dev server whose Web UI has `--ui-codec-endpoint` set the way `npm run dev`
 * sets it (scripts/dev-codec.ts), a worker encrypting payloads, and a real headless Chromium reading the workflow page.
 */
describe('the Temporal Web UI shows decoded payloads through the authenticated codec listener', () => {
  const db = testDb();
  let server: DevServer | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db.close();
  });

  it('renders the pushed record in the clear in Chromium, while the codec listener refuses a stranger', async () => {
    const cliPath = await ensureTemporalCli(() => undefined);
    if (!cliPath) throw new Error('this test needs the temporal CLI (scripts/temporal-cli.ts)');
    const [port, uiPort, codecPort] = [await freePort(), await freePort(), await freePort()];
    const env = loadEnv({ TEMPORAL_UI_PORT: String(uiPort), FABRIC_CODEC_PORT: String(codecPort) });
    const token = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
    const codec = payloadCodecFromEnv(generateKey('ui'))!;
    const codecServer = await startDevCodec(env, codec, token);
    server = await startDevServer({ cliPath, port, uiPort, codecEndpoint: devCodecEndpoint(env, token) });

    const api = await startMockApi({ records: 1 });
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const taskQueue = `ui-codec-${randomUUID()}`;
    const native = await NativeConnection.connect({ address: server.address });
    const worker = await createWorker({
      connection: native,
      namespace: 'default',
      taskQueue,
      deps,
      payloadCodec: codec,
      workflowBundle: { codePath: process.env.FABRIC_TEST_WORKFLOW_BUNDLE! },
    });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
    const email = `ui.person.${randomUUID().slice(0, 8)}@example.com`;
    try {
      const record = { source_system: 'crm', source_id: `crm_${randomUUID()}`, email, full_name: 'Shown Decoded', tags: [], custom_fields: {} };
      await worker.runUntil(push(client, taskQueue, configId, 'customer', record));
      let workflowId = '';
      for await (const wf of client.workflow.list({ query: `ConfigId="${configId}"` })) workflowId = wf.workflowId;
      expect(workflowId).not.toBe('');

      const stranger = await fetch(`${codecServer.url}/codec/decode`, {
        method: 'POST',
        body: '{"payloads":[]}',
        headers: { 'content-type': 'application/json' },
      });
      expect(stranger.status).toBe(401);

      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      const page = await browser.newPage();
      const decodes: number[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/decode') && r.request().method() === 'POST') decodes.push(r.status());
      });
      const url = `http://127.0.0.1:${uiPort}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`;
      for (let attempt = 0; ; attempt++) {
        const res = await page.goto(url).catch(() => undefined); // the UI server starts a moment after the frontend
        if (res?.ok() || attempt > 20) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await page.waitForFunction(
        (text) => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.includes(text),
        email,
        { timeout: 60_000 },
      );
      expect(decodes.length).toBeGreaterThan(0);
      expect(decodes.every((s) => s === 200)).toBe(true);
      expect(await page.evaluate(pageText)).not.toContain('binary/encrypted');
    } finally {
      await connection.close();
      await native.close();
      await codecServer.close();
      await api.stop();
    }
  });
});
