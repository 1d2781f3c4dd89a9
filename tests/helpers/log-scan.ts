import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { CredentialManager, parseKey } from '../../store/credentials';
import { credentialContext } from '../../store/credential-store';
import { webhookContext } from '../../store/webhook-endpoint-store';

/**
 * The scan of every log line the test run wrote (one file per process under the run's log directory): no known
 * secret, no secret-shaped string and no email address may appear in any of them. The known secrets are read from
 * the run's database itself (every credential and webhook secret the tests stored, decrypted), so a test that
 * invents a new secret is covered without registering it anywhere. It runs in jest's globalTeardown, after every
 * test file, and fails the run.
 */
export interface Leak {
  file: string;
  line: number;
  what: string;
  excerpt: string;
}

/** Any email address at all: customer data (the fixtures' and the fake APIs' customers) and users alike. */
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const SHAPES: Array<[string, RegExp]> = [
  ['a Stripe secret key', /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]+/g],
  ['a Stripe webhook secret', /\bwhsec_[A-Za-z0-9+/=_-]{6,}/g],
  ['a HubSpot token', /\bpat-(?:na|eu|ap)\d+-[A-Za-z0-9-]{4,}/g],
  ['an Anthropic key', /\bsk-ant-[A-Za-z0-9_-]{6,}/g],
  ['a bearer token', /\bBearer\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{6,}/gi],
  ['a JWT', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g],
  ['an encryption key', /[A-Za-z0-9_-]{1,64}:[A-Za-z0-9+/]{43}=/g],
];

const PREFIX = 6;
const mask = (s: string) => `${s.slice(0, 3)}…(${s.length} chars)`;

/** Scans every file in `dir` for the known secrets (at least 6 characters) and the shapes above. */
export function scanLogs(dir: string, secrets: Iterable<string>): { leaks: Leak[]; files: number; lines: number } {
  // a map from each secret's first characters to the secrets: one lookup per position, however many secrets
  const byPrefix = new Map<string, string[]>();
  for (const s of new Set([...secrets].flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))) {
    if (s.length < PREFIX) continue;
    byPrefix.set(s.slice(0, PREFIX), [...(byPrefix.get(s.slice(0, PREFIX)) ?? []), s]);
  }
  const leaks: Leak[] = [];
  let lines = 0;
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];
  for (const file of files) {
    const content = readFileSync(join(dir, file), 'utf8');
    const rows = content.split('\n');
    lines += rows.filter(Boolean).length;
    rows.forEach((row, i) => {
      const found = (what: string, at: number, len: number) =>
        leaks.push({
          file,
          line: i + 1,
          what,
          excerpt: `${row.slice(Math.max(0, at - 60), at).replace(EMAIL, '<email>')}<<${mask(row.slice(at, at + len))}>>`,
        });
      for (let at = 0; at + PREFIX <= row.length; at++) {
        const candidates = byPrefix.get(row.slice(at, at + PREFIX));
        const hit = candidates?.find((s) => row.startsWith(s, at));
        if (hit) found('a secret the tests stored', at, hit.length);
      }
      for (const [what, shape] of SHAPES) for (const m of row.matchAll(shape)) found(what, m.index, m[0].length);
      for (const m of row.matchAll(EMAIL)) found('an email address', m.index, m[0].length);
    });
  }
  return { leaks, files: files.length, lines };
}

/** Every credential value and webhook secret stored in the run's database that the tests' shared key decrypts. */
export async function storedSecrets(databaseUrl: string, keyText: string): Promise<{ secrets: string[]; unreadable: number }> {
  const cm = new CredentialManager(parseKey(keyText));
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  const secrets: string[] = [];
  let unreadable = 0;
  const take = (ciphertext: string | null, context: string) => {
    if (!ciphertext) return;
    try {
      secrets.push(cm.decrypt(ciphertext, context));
    } catch {
      unreadable++; // a test's own key (key rotation, codec tests): not the shared one
    }
  };
  try {
    const creds = await pg.query<{ config_id: string; name: string; encrypted_value: string | null; refresh_token_encrypted: string | null }>(
      'select config_id, name, encrypted_value, refresh_token_encrypted from public.connector_credentials',
    );
    for (const r of creds.rows) {
      take(r.encrypted_value, credentialContext(r.config_id, r.name));
      take(r.refresh_token_encrypted, credentialContext(r.config_id, r.name, 'refresh'));
    }
    const hooks = await pg.query<{ id: string; secret: string | null; previous_secret: string | null }>(
      'select id, secret, previous_secret from public.webhook_configs',
    );
    for (const r of hooks.rows) {
      take(r.secret, webhookContext(r.id, 'secret'));
      take(r.previous_secret, webhookContext(r.id, 'previous_secret'));
    }
  } finally {
    await pg.end();
  }
  return { secrets, unreadable };
}

export function describeLeaks(leaks: Leak[], dir: string): string {
  const shown = leaks.slice(0, 20).map((l) => `  ${join(dir, l.file)}:${l.line}: ${l.what}: …${l.excerpt}`);
  return `${leaks.length} log line(s) carry a secret or an email address:\n${shown.join('\n')}${leaks.length > 20 ? `\n  … and ${leaks.length - 20} more` : ''}`;
}
