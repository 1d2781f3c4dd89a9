import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentialActivities } from '../../../activities/credentials';
import { listAudit } from '../../../store/audit';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import type { Db } from '../../../store/db';
import { ConfigStore } from '../../../store/config-store';
import { testDb } from '../../helpers/db';

let db: Db;
let server: Server;
let tokenUrl: string;
const requests: URLSearchParams[] = [];
let issued = 0;

beforeAll(async () => {
  db = testDb();
  // a real OAuth2 token endpoint on loopback (RFC 6749 §6): rejects unknown refresh tokens, rotates them
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push(form);
      res.setHeader('content-type', 'application/json');
      if (form.get('grant_type') !== 'refresh_token' || !form.get('refresh_token')?.startsWith('rt-good') || form.get('client_secret') !== 'cs-1') {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: 'invalid_grant', error_description: `bad token ${form.get('refresh_token')}` }));
        return;
      }
      issued += 1;
      res.end(JSON.stringify({ access_token: `at-new-${issued}`, refresh_token: `rt-good-${issued}`, expires_in: 3600, token_type: 'bearer' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await db.close();
});

test('the refresh activity renews tokens about to expire, keeps them encrypted, audits, and reports failures without secrets', async () => {
  const cm = new CredentialManager(parseKey(generateKey('oauth')));
  const configs = new ConfigStore(db, { credentials: cm });
  const mk = async (refreshToken: string, expiresInMs: number) => {
    const c = await configs.createConfig({ connector: 'oauthy', userId: randomUUID(), name: 'o', secrets: { client_secret: 'cs-1' } });
    await configs.saveOAuthToken(c.id, { accessToken: 'at-old', refreshToken, expiresAt: new Date(Date.now() + expiresInMs), tokenUrl, clientId: 'client-1' });
    return c.id;
  };
  const soon = await mk('rt-good-0', 60_000);
  const later = await mk('rt-good-x', 3 * 3600_000);
  const revoked = await mk('rt-revoked-SECRET', 10_000);

  const { refreshExpiringCredentials } = credentialActivities({ db, credentials: cm });
  const result = await refreshExpiringCredentials({ withinSeconds: 300 });
  const mine = (ids: string[]) => ({
    refreshed: result.refreshed.filter((r) => ids.includes(r.configId)),
    failed: result.failed.filter((r) => ids.includes(r.configId)),
  });
  const r = mine([soon, later, revoked]);
  expect(r.refreshed.map((x) => x.configId)).toEqual([soon]);
  expect(r.failed).toEqual([{ configId: revoked, name: 'access_token', error: 'token endpoint answered 400 invalid_grant' }]);
  expect(JSON.stringify(result)).not.toMatch(/SECRET|at-new|rt-good/);

  const sent = requests.find((f) => f.get('refresh_token') === 'rt-good-0')!;
  expect(Object.fromEntries(sent)).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-good-0', client_id: 'client-1', client_secret: 'cs-1' });
  const creds = await configs.getCredentials(soon, 'test');
  expect(creds.access_token).toMatch(/^at-new-\d+$/);
  const row = await db.query<{ expires_at: Date; refresh_token_encrypted: string; metadata: unknown }>(
    `select expires_at, refresh_token_encrypted, metadata from connector_credentials where config_id = $1 and name = 'access_token'`,
    [soon],
  );
  expect(row.rows[0]!.expires_at.getTime()).toBeGreaterThan(Date.now() + 3500_000);
  expect(cm.decrypt(row.rows[0]!.refresh_token_encrypted, `connector_credentials:${soon}:access_token:refresh`)).toMatch(/^rt-good-\d+$/);
  expect(row.rows[0]!.metadata).toEqual({ token_url: tokenUrl, client_id: 'client-1' });
  expect((await listAudit(db, { resourceId: soon })).map((a) => a.action)).toContain('credentials.refresh');

  // refreshed once: a second pass has nothing to do for it
  const second = await refreshExpiringCredentials({ withinSeconds: 300 });
  expect(second.refreshed.filter((x) => x.configId === soon)).toEqual([]);
});
