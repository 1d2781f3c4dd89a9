import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureCredentialRefreshSchedule } from '../../../client/schedules';
import { credentialUpkeepWorkflow } from '../../../workflows';
import { testDb } from '../../helpers/db';
import { createTestConfig, testCredentials } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

describe('credentialUpkeepWorkflow refreshes OAuth2 tokens on the real stack', () => {
  const db = testDb();
  let server: Server;
  let tokenUrl = '';
  beforeAll(async () => {
    // A loopback OAuth2 token endpoint (RFC 6749 §6) that rotates refresh tokens.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const ok = form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'rt-1';
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { access_token: 'at-fresh', refresh_token: 'rt-2', expires_in: 3600 } : { error: 'invalid_grant' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.close();
  });

  it('renews a token that expires within the window, and the schedule that runs it is created once', async () => {
    const credentials = testCredentials();
    const { configId, deps } = await createTestConfig(db, { connector: 'mock', config: { baseUrl: 'http://127.0.0.1:9' }, credentials });
    const configs = deps.configs as unknown as {
      saveOAuthToken(id: string, t: unknown): Promise<void>;
      getCredentials(id: string, actor: string): Promise<Record<string, string>>;
    };
    await configs.saveOAuthToken(configId, { accessToken: 'at-old', refreshToken: 'rt-1', expiresAt: new Date(Date.now() + 60_000), tokenUrl, clientId: 'c1' });
    const { client, connection } = await testClient();
    try {
      await withWorker({ ...deps, credentials }, async ({ taskQueue }) => {
        const result = await client.workflow.execute(credentialUpkeepWorkflow, {
          taskQueue,
          workflowId: `credentials-refresh-test:${randomUUID()}`,
          args: [{ withinSeconds: 300 }],
        });
        expect(result.refreshed.map((r) => r.configId)).toContain(configId);
        expect(JSON.stringify(result)).not.toContain('at-fresh');
        expect(Object.values(await configs.getCredentials(configId, 'test'))).toContain('at-fresh');

        expect((await ensureCredentialRefreshSchedule(client, taskQueue)).created).toBe(true);
        expect((await ensureCredentialRefreshSchedule(client, taskQueue)).created).toBe(false);
        await client.schedule.getHandle('credentials-refresh').delete();
      });
    } finally {
      await connection.close();
    }
  });
});
