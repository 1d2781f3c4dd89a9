import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { AesGcmPayloadCodec, payloadCodecFromEnv } from '../../../client/codec';
import { push } from '../../../client/push';
import { startMockApi } from '../../../adapters/mock';
import { buildApp } from '../../../server';
import { generateKey } from '../../../store/credentials';
import { createWorker } from '../../../worker';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { temporalAddress } from '../../helpers/temporal';

describe('payload encryption: history holds no personal data, the codec server decrypts for the Web UI', () => {
  const db = testDb();
  afterAll(() => db.close());

  it('encrypts a pushed record in history and decodes it through /codec/decode', async () => {
    const codec = payloadCodecFromEnv(generateKey('pk'))!;
    const api = await startMockApi({ records: 5 });
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const taskQueue = `codec-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    const worker = await createWorker({
      connection: nativeConnection, namespace: 'default', taskQueue, deps, payloadCodec: codec,
      workflowBundle: { codePath: process.env.FABRIC_TEST_WORKFLOW_BUNDLE! },
    });
    const connection = await Connection.connect({ address: temporalAddress() });
    const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
    const email = `secret.person.${randomUUID()}@example.com`;
    try {
      const result = await worker.runUntil(
        push(client, taskQueue, configId, 'customer', { source_system: 'crm', source_id: `crm_${randomUUID()}`, email, full_name: 'Private Person', tags: [], custom_fields: {} }),
      );
      expect(result.action).toBe('created');

      let workflowId = '';
      for await (const wf of client.workflow.list({ query: `ConfigId="${configId}" AND Action="push"` })) workflowId = wf.workflowId;
      const raw = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
      const bytes = Buffer.from(JSON.stringify(raw.history));
      expect(bytes.includes(Buffer.from(email))).toBe(false);
      const input = raw.history!.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');

      const { app } = buildApp({ db, endpoints: { resolve: async () => undefined }, codec: { codec, uiOrigin: 'http://localhost:8233' } });
      const body = { payloads: [{ metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(input.data!).toString('base64') }] };
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const res = await fetch(`${base}/codec/decode`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-namespace': 'default' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      const decoded = (await res.json()) as { payloads: Array<{ data: string }> };
      expect(Buffer.from(decoded.payloads[0]!.data, 'base64').toString()).toContain(email);

      const other = new AesGcmPayloadCodec('other', Buffer.alloc(32, 7));
      const [encrypted] = await codec.encode([{ metadata: {}, data: Buffer.from('x') }]);
      await expect(other.decode([encrypted!])).rejects.toThrow(/configure the same FABRIC_PAYLOAD_KEY/);
      const bad = await fetch(`${base}/codec/decode`, { method: 'POST', body: 'nope', headers: { 'content-type': 'application/json' } });
      expect(bad.status).toBe(400);
      expect((await fetch(`${base}/codec/decode`, { method: 'OPTIONS' })).status).toBe(204);
      await app.close();
    } finally {
      await connection.close();
      await nativeConnection.close();
      await api.stop();
    }
  });
});
