import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialError, CredentialManager, generateKey, parseKey } from '../../../store/credentials';

const k1 = parseKey(generateKey('k1'));
const k2 = parseKey(generateKey('k2'));

test('AES-256-GCM round trip, key id inside, fresh IV each time', () => {
  const cm = new CredentialManager(k1);
  const a = cm.encrypt('sk_live_123', 'row-1');
  const b = cm.encrypt('sk_live_123', 'row-1');
  expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
  expect(a).not.toBe(b);
  expect(a).not.toContain('sk_live');
  expect(CredentialManager.keyIdOf(a)).toBe('k1');
  expect(cm.decrypt(a, 'row-1')).toBe('sk_live_123');
  expect(cm.decrypt(cm.encrypt('', 'x'), 'x')).toBe('');
  expect(cm.decrypt(cm.encrypt('ünïcødé ✓', 'x'), 'x')).toBe('ünïcødé ✓');
});

test('tampering, another row context, a wrong or missing key all fail without revealing the value', () => {
  const cm = new CredentialManager(k1);
  const ct = cm.encrypt('secret-value', 'row-1');
  const parts = ct.split('.');
  const flipped = [...parts.slice(0, 4), (parts[4]![0] === 'A' ? 'B' : 'A') + parts[4]!.slice(1)].join('.');
  expect(() => cm.decrypt(flipped, 'row-1')).toThrow(/authentication failed/);
  expect(() => cm.decrypt(ct, 'row-2')).toThrow(/authentication failed/);
  expect(() => new CredentialManager(k2).decrypt(ct, 'row-1')).toThrow(/key "k1", which is not configured; add it to FABRIC_PREVIOUS_ENCRYPTION_KEYS/);
  expect(() => cm.decrypt('plain', 'row-1')).toThrow(/v1\.<keyId>/);
  try {
    cm.decrypt(flipped, 'row-1');
  } catch (err) {
    expect((err as Error).message).not.toContain('secret-value');
  }
});

test('the current key encrypts; previous keys still decrypt', () => {
  const old = new CredentialManager(k1).encrypt('v', 'c');
  const cm = new CredentialManager(k2, [k1]);
  expect(cm.decrypt(old, 'c')).toBe('v');
  expect(CredentialManager.keyIdOf(cm.encrypt('v', 'c'))).toBe('k2');
});

test('keys come from the environment; bad keys are named, never echoed', () => {
  const cm = CredentialManager.fromEnv({
    FABRIC_ENCRYPTION_KEY: generateKey('cur'),
    FABRIC_PREVIOUS_ENCRYPTION_KEYS: `${generateKey('p1')}, ${generateKey('p2')}`,
    DATA_DIR: '/nonexistent',
  });
  expect(cm.currentKeyId).toBe('cur');
  expect(() => parseKey('k1:c2hvcnQ=')).toThrow(/FABRIC_ENCRYPTION_KEY: must be <keyId>:<base64 of 32 bytes>; generate one with `fabric keys generate`/);
  expect(() => CredentialManager.fromEnv({ FABRIC_ENCRYPTION_KEY: generateKey('a'), FABRIC_PREVIOUS_ENCRYPTION_KEYS: 'oops:abc', DATA_DIR: '/x' })).toThrow(
    CredentialError,
  );
  expect(() => generateKey('bad.id')).toThrow(/key id/);
  expect(generateKey()).toMatch(/^k\d{14}:[A-Za-z0-9+/=]{44}$/);
});

test('with no key configured, a dev key is generated once into DATA_DIR (0600) and the user is told', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabric-keys-'));
  const lines: string[] = [];
  const a = CredentialManager.fromEnv({ DATA_DIR: dir }, (l) => lines.push(l));
  const b = CredentialManager.fromEnv({ DATA_DIR: dir }, (l) => lines.push(l));
  expect(b.decrypt(a.encrypt('x', 'c'), 'c')).toBe('x');
  const file = join(dir, 'dev-encryption-key');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, 'utf8')).toMatch(/^dev:/);
  expect(lines[0]).toMatch(/generated a development key in .*dev-encryption-key/);
  expect(lines[1]).toMatch(/using the development key/);
});
