import { REDACTED } from '../adapters/core/redact';

/**
 * What every log line goes through before it is written (telemetry/logger.ts): the values of credentials this
 * process has seen, secret-shaped strings and email addresses are replaced, whatever field or message holds them.
 * It works on the serialised JSON line, so nested objects, error messages and stacks are covered too.
 */
export const EMAIL_REDACTED = '[email]';

const MAX_KNOWN = 10_000;
const PREFIX = 6;
const known = new Set<string>();
/** Each remembered value (and its JSON-escaped form) under its first characters: one lookup per position of a line. */
const byPrefix = new Map<string, string[]>();

function index(value: string): void {
  const key = value.slice(0, PREFIX);
  // longest first, so a secret that contains another is replaced whole
  byPrefix.set(
    key,
    [...(byPrefix.get(key) ?? []), value].sort((a, b) => b.length - a.length),
  );
}

function unindex(value: string): void {
  const key = value.slice(0, PREFIX);
  const rest = (byPrefix.get(key) ?? []).filter((v) => v !== value);
  if (rest.length > 0) byPrefix.set(key, rest);
  else byPrefix.delete(key);
}

/** How a value looks inside a JSON string: quotes and backslashes escaped. */
const asJson = (s: string) => JSON.stringify(s).slice(1, -1);

/**
 * Remembers secret values (decrypted credentials, webhook secrets, tokens) so that no log line of this process
 * carries them. store/credentials.ts calls it for every plaintext it encrypts or decrypts. Values shorter than
 * 6 characters are too common to scrub safely and are left to the patterns below.
 */
export function rememberSecrets(values: Iterable<string | undefined | null>): void {
  for (const v of values) {
    if (typeof v !== 'string' || v.length < PREFIX || known.has(v)) continue;
    if (known.size >= MAX_KNOWN) {
      const oldest = known.values().next().value as string; // the oldest goes first
      known.delete(oldest);
      for (const form of new Set([oldest, asJson(oldest)])) unindex(form);
    }
    known.add(v);
    for (const form of new Set([v, asJson(v)])) index(form);
  }
}

/** The line with every remembered value replaced; cost grows with the line, not with the number of secrets. */
function scrubKnown(line: string): string {
  if (byPrefix.size === 0) return line;
  let out = '';
  let from = 0;
  for (let at = 0; at + PREFIX <= line.length; at++) {
    const hit = byPrefix.get(line.slice(at, at + PREFIX))?.find((v) => line.startsWith(v, at));
    if (!hit) continue;
    out += line.slice(from, at) + REDACTED;
    at += hit.length - 1;
    from = at + 1;
  }
  return from === 0 ? line : out + line.slice(from);
}

/** Settings that hold secrets; their values are remembered when the logger starts. */
const SECRET_SETTINGS = [
  'FABRIC_ENCRYPTION_KEY',
  'FABRIC_PREVIOUS_ENCRYPTION_KEYS',
  'FABRIC_PAYLOAD_KEY',
  'FABRIC_CODEC_TOKEN',
  'FABRIC_CODEC_JWT_SECRET',
  'SUPABASE_JWT_SECRET',
  'ANTHROPIC_API_KEY',
  'TEMPORAL_API_KEY',
  'OTEL_EXPORTER_OTLP_HEADERS',
];

export function rememberSecretSettings(env: NodeJS.ProcessEnv): void {
  rememberSecrets(SECRET_SETTINGS.flatMap((name) => (env[name] ?? '').split(',').map((v) => v.trim())));
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL']) {
    try {
      rememberSecrets([decodeURIComponent(new URL(env[name] ?? '').password)]);
    } catch {
      // unset or not a URL
    }
  }
}

/** Secrets recognised by their shape, without knowing the value. */
const SECRET_SHAPES: Array<[RegExp, string]> = [
  // keys in JSON whose values are secrets, at any depth
  [
    /("(?:password|passwd|secret|client_secret|api_key|apiKey|apikey|access_token|refresh_token|token|authorization|cookie|set-cookie|x-api-key|stripe-signature|private_key)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    `$1"${REDACTED}"`,
  ],
  [/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]+/g, REDACTED], // Stripe secret and restricted keys
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, REDACTED], // Stripe webhook secrets
  [/\bsk-ant-[A-Za-z0-9_-]+/g, REDACTED], // Anthropic API keys
  [/\bpat-(?:na|eu|ap)\d+-[0-9a-f-]{8,}/gi, REDACTED], // HubSpot private app tokens
  [/\bxox[abposr]-[A-Za-z0-9-]{6,}/g, REDACTED], // Slack tokens
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED], // JWTs (access tokens)
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s"]+:)[^@\s"/]+@/gi, `$1${REDACTED}@`], // passwords in connection URLs
  [/\b[A-Za-z0-9_-]{1,64}:[A-Za-z0-9+/]{43}=/g, REDACTED], // <keyId>:<base64 of 32 bytes>: encryption keys
];

/** Email addresses: customer data, never logged. */
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** A log line (or any text about to leave the process as a log) with secrets and emails replaced. */
export function redactLogText(line: string): string {
  let out = scrubKnown(line);
  for (const [shape, replacement] of SECRET_SHAPES) out = out.replace(shape, replacement);
  return out.replace(EMAIL, EMAIL_REDACTED);
}

/** For tests: forget the remembered values. */
export function forgetSecrets(): void {
  known.clear();
  byPrefix.clear();
}
