import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { AesGcmPayloadCodec, payloadCodecFromEnv } from '../../../config/payload-codec';
import { push } from '../../../client/push';
import { startMockApi } from '../../../adapters/mock';
import { buildApp } from '../../../server';
import { startCodecServer } from '../../../server/codec';
import { codecAuthenticator } from '../../../server/codec-auth';
import { generateKey } from '../../../store/credentials';
import { createWorker } from '../../../worker';
import { testDb } from '../../helpers/db';
import { createTestConfig } from '../../helpers/fixtures';
import { temporalAddress } from '../../helpers/temporal';

const UI = 'http://localhost:8233';

describe('payload encryption: history holds no personal data, the codec server decrypts for the Web UI', () => {
  const db = testDb();
  afterAll(() => db.close());

  it('encrypts a pushed record in history; the codec listener decodes it for its token only', async () => {
    const codec = payloadCodecFromEnv(generateKey('pk'))!;
    const api = await startMockApi({ records: 5 });
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: api.url } });
    const taskQueue = `codec-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      deps,
      payloadCodec: codec,
      workflowBundle: { codePath: process.env.FABRIC_TEST_WORKFLOW_BUNDLE! },
    });
    const connection = await Connection.connect({ address: temporalAddress() });
    const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
    const email = `secret.person.${randomUUID()}@example.com`;
    try {
      const result = await worker.runUntil(
        push(client, taskQueue, configId, 'customer', {
          source_system: 'crm',
          source_id: `crm_${randomUUID()}`,
          email,
          full_name: 'Private Person',
          tags: [],
          custom_fields: {},
        }),
      );
      expect(result.action).toBe('created');

      let workflowId = '';
      for await (const wf of client.workflow.list({ query: `ConfigId="${configId}" AND Action="push"` })) workflowId = wf.workflowId;
      const raw = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
      const bytes = Buffer.from(JSON.stringify(raw.history));
      expect(bytes.includes(Buffer.from(email))).toBe(false);
      const input = raw.history!.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');

      const token = randomBytes(24).toString('base64url');
      const codecServer = await startCodecServer({ codec, auth: codecAuthenticator({ token }), uiOrigins: [UI], host: '127.0.0.1', port: 0 });
      const body = JSON.stringify({
        payloads: [
          {
            metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
            data: Buffer.from(input.data!).toString('base64'),
          },
        ],
      });
      const post = (path: string, headers: Record<string, string> = {}) =>
        fetch(`${codecServer.url}${path}`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI, ...headers },
        });
      const res = await post('/codec/decode', { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(UI);
      const decoded = (await res.json()) as { payloads: Array<{ data: string }> };
      expect(Buffer.from(decoded.payloads[0]!.data, 'base64').toString()).toContain(email);
      // the dev server's UI cannot send headers: the token as the endpoint's path segment
      expect((await post(`/codec/${token}/decode`)).status).toBe(200);

      // strangers: no token, a wrong one, a wrong scheme, a wrong path token, a guessed route: 401 and no payload data
      for (const [path, headers] of [
        ['/codec/decode', {}],
        ['/codec/decode', { authorization: `Bearer ${token}x` }],
        ['/codec/decode', { authorization: `Basic ${token}` }],
        [`/codec/${token.slice(1)}/decode`, {}],
        ['/codec/encode', {}],
        ['/decode', { authorization: `Bearer ${token}` }],
      ] as Array<[string, Record<string, string>]>) {
        const refused = await post(path, headers);
        const text = await refused.text();
        expect([path, refused.status]).toEqual([path, 401]);
        expect(JSON.parse(text)).toMatchObject({ error: 'unauthorized' });
        expect(text).not.toContain('payloads');
        expect(text).not.toContain(email);
      }
      const preflight = await fetch(`${codecServer.url}/codec/decode`, { method: 'OPTIONS', headers: { origin: UI } });
      expect(preflight.status).toBe(204);
      const evil = await fetch(`${codecServer.url}/codec/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
      expect(evil.status).toBe(401);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const bad = await fetch(`${codecServer.url}/codec/decode`, { method: 'POST', body: 'nope', headers: { authorization: `Bearer ${token}` } });
      expect(bad.status).toBe(400);
      await codecServer.close();

      // the public webhook listener has no codec route at all
      const { app } = buildApp({ db, endpoints: { resolve: async () => undefined } });
      const publicBase = await app.listen({ host: '127.0.0.1', port: 0 });
      const open = await fetch(`${publicBase}/codec/decode`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      expect(open.status).toBe(404);
      expect(await open.text()).not.toContain(email);
      await app.close();

      const other = new AesGcmPayloadCodec('other', Buffer.alloc(32, 7));
      const [encrypted] = await codec.encode([{ metadata: {}, data: Buffer.from('x') }]);
      await expect(other.decode([encrypted!])).rejects.toThrow(/configure the same FABRIC_PAYLOAD_KEY/);
    } finally {
      await connection.close();
      await nativeConnection.close();
      await api.stop();
    }
  });
});
