import { randomUUID } from 'node:crypto';
import { CredentialManager, generateKey, parseKey } from '../../../store/credentials';
import type { Db } from '../../../store/db';
import { keyUsage, rotateKeys } from '../../../store/key-rotation';
import { ConfigStore } from '../../../store/config-store';
import { WebhookEndpointStore } from '../../../store/webhook-endpoint-store';
import { scratchDatabase } from './fixtures';

/** Rotation re-encrypts every row of the tables, so it runs on a database of its own. */
let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await scratchDatabase());
});
afterAll(() => drop());

test('after rotation, with the old key removed, every credential and webhook secret still decrypts; an interrupted rotation resumes', async () => {
  const tag = randomUUID().slice(0, 6);
  const old = parseKey(generateKey(`old${tag}`));
  const next = parseKey(generateKey(`new${tag}`));
  const oldKey = new CredentialManager(old);
  const before = new ConfigStore(db, { credentials: oldKey });
  const configs: Array<{ id: string; secret: string; hook: string }> = [];
  for (let i = 0; i < 7; i++) {
    const c = await before.createConfig({ connector: 'rot', userId: randomUUID(), name: `c${i}`, secrets: { api_key: `key-${tag}-${i}` } });
    const hook = await new WebhookEndpointStore(db, oldKey).create({ configId: c.id, secret: `whsec-${tag}-${i}` });
    configs.push({ id: c.id, secret: `key-${tag}-${i}`, hook: hook.id });
  }
  await before.saveOAuthToken(configs[0]!.id, {
    accessToken: `at-${tag}`,
    refreshToken: `rt-${tag}`,
    expiresAt: new Date(Date.now() + 60_000),
    tokenUrl: 'http://127.0.0.1:1/t',
  });

  // both keys configured: the new one current, the old one for reading
  const both = new CredentialManager(next, [old]);
  let batches = 0;
  await expect(
    rotateKeys(db, both, {
      batchSize: 3,
      onBatch: () => {
        if (++batches === 2) throw new Error('killed halfway');
      },
    }),
  ).rejects.toThrow('killed halfway');
  const usageMid = (await keyUsage(db)).filter((u) => u.keyId.endsWith(tag));
  expect(usageMid.find((u) => u.keyId === old.id)!.credentials).toBeGreaterThan(0); // some left: really interrupted
  expect(usageMid.find((u) => u.keyId === next.id)!.credentials).toBe(6); // two committed batches of 3

  const resumed = await rotateKeys(db, both, { batchSize: 3 });
  expect(resumed).toMatchObject({ credentials: 2, webhookSecrets: 7 }); // only the rest
  expect((await keyUsage(db)).filter((u) => u.keyId === old.id)).toEqual([]);
  const again = await rotateKeys(db, both, { batchSize: 3 });
  expect(again).toMatchObject({ credentials: 0, webhookSecrets: 0, batches: 0 }); // idempotent

  // the old key removed: everything still decrypts
  const nextKey = new CredentialManager(next);
  const after = new ConfigStore(db, { credentials: nextKey });
  for (const c of configs) {
    const creds = await after.getCredentials(c.id, 'test');
    expect(creds.api_key).toBe(c.secret);
    expect((await new WebhookEndpointStore(db, nextKey).getSecrets(c.hook, 'test')).current).toMatch(new RegExp(`^whsec-${tag}-`));
  }
  expect((await after.getCredentials(configs[0]!.id, 'test')).access_token).toBe(`at-${tag}`);
  const rt = await db.query<{ refresh_token_encrypted: string }>(
    `select refresh_token_encrypted from connector_credentials where config_id = $1 and name = 'access_token'`,
    [configs[0]!.id],
  );
  expect(CredentialManager.keyIdOf(rt.rows[0]!.refresh_token_encrypted)).toBe(next.id);
  // ...while a manager with only the old key cannot read them any more
  await expect(before.getCredentials(configs[1]!.id, 'test')).rejects.toThrow(/not configured/);
});
