import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FabricError } from '../config/errors';
import { rememberSecrets } from '../telemetry/log-redact';

/**
 * AES-256-GCM for secrets at rest (docs/DECISIONS.md, "Credentials"). Every ciphertext names its key:
 *   v1.<keyId>.<iv>.<tag>.<ciphertext>   (base64url parts, 12-byte IV, 16-byte tag)
 * so a key can be retired: the current key encrypts, the current and previous keys decrypt, and
 * `fabric keys rotate` re-encrypts whatever is still under an older key. The optional context (GCM additional
 * data) binds a ciphertext to its row, so one row's ciphertext copied into another row does not decrypt.
 */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const KEY_TEXT = /^([A-Za-z0-9_-]+):([A-Za-z0-9+/=]{43,44})$/;

export class CredentialError extends FabricError {
  override name = 'CredentialError';
}

/** Parses `<keyId>:<base64 of 32 bytes>`; the message names the variable and the fix, never the value. */
export function parseKey(text: string, variable = 'FABRIC_ENCRYPTION_KEY'): EncryptionKey {
  const m = KEY_TEXT.exec(text.trim());
  const key = m ? Buffer.from(m[2]!, 'base64') : undefined;
  if (!m || key?.length !== 32) {
    throw new CredentialError(`${variable}: must be <keyId>:<base64 of 32 bytes>; generate one with \`fabric keys generate\``);
  }
  return { id: m[1]!, key };
}

/** A new key as `<keyId>:<base64>`; the id defaults to k<yyyymmddhhmmss> so ids sort by age. */
export function generateKey(id = `k${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new CredentialError(`key id "${id}": use letters, digits, _ and - only`);
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export class CredentialManager {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    readonly current: EncryptionKey,
    previous: EncryptionKey[] = [],
  ) {
    for (const k of previous) this.keys.set(k.id, k.key);
    this.keys.set(current.id, current.key);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /** Every plaintext that passes through here is a secret no log line of this process may carry (log-redact.ts). */
  encrypt(plaintext: string, context = ''): string {
    rememberSecrets([plaintext]);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url'));
    return ['v1', this.current.id, ...parts].join('.');
  }

  decrypt(ciphertext: string, context = ''): string {
    const [version, keyId, iv, tag, ct] = ciphertext.split('.');
    if (version !== 'v1' || !keyId || iv === undefined || tag === undefined || ct === undefined) {
      throw new CredentialError('ciphertext: not in the v1.<keyId>.<iv>.<tag>.<ct> format; was it written by this system?');
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new CredentialError(`ciphertext: encrypted with key "${keyId}", which is not configured; add it to FABRIC_PREVIOUS_ENCRYPTION_KEYS`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plaintext = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      rememberSecrets([plaintext]);
      return plaintext;
    } catch {
      throw new CredentialError(`ciphertext: authentication failed under key "${keyId}" (tampered, or stored for another row)`);
    }
  }

  /** The key id inside a ciphertext. */
  static keyIdOf(ciphertext: string): string {
    return ciphertext.split('.')[1] ?? '';
  }

  /** Builds the manager from the environment (see config/env.ts). Without a key, a dev key in dataDir is used. */
  static fromEnv(
    env: { FABRIC_ENCRYPTION_KEY?: string; FABRIC_PREVIOUS_ENCRYPTION_KEYS?: string; DATA_DIR: string },
    log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  ): CredentialManager {
    const previous = (env.FABRIC_PREVIOUS_ENCRYPTION_KEYS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s, i) => parseKey(s, `FABRIC_PREVIOUS_ENCRYPTION_KEYS[${i}]`));
    if (env.FABRIC_ENCRYPTION_KEY) return new CredentialManager(parseKey(env.FABRIC_ENCRYPTION_KEY), previous);
    return new CredentialManager(devKey(env.DATA_DIR, log), previous);
  }
}

/**
 * Development only: a key generated once into DATA_DIR/<fileName> (mode 0600), and said so. Serves the credential
 * key (FABRIC_ENCRYPTION_KEY) and the payload key (FABRIC_PAYLOAD_KEY) alike; returns `kid:base64`.
 */
export function devKeyText(dataDir: string, fileName: string, variable: string, log: (line: string) => void): string {
  const file = join(dataDir, fileName);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, `${generateKey('dev')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process created it first
    }
    log(`${variable} is not set: generated a development key in ${file}. Set ${variable} in production.`);
  } else {
    log(`${variable} is not set: using the development key in ${file}.`);
  }
  return readFileSync(file, 'utf8').trim();
}

export function devKey(dataDir: string, log: (line: string) => void): EncryptionKey {
  return parseKey(devKeyText(dataDir, 'dev-encryption-key', 'FABRIC_ENCRYPTION_KEY', log), join(dataDir, 'dev-encryption-key'));
}
