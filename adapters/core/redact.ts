/** Header names whose values are never logged. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-hubspot-signature.*|stripe-signature)$/i;
/** Query parameter names whose values are never logged. */
const SECRET_PARAMS = /(key|token|secret|password|passwd|auth|signature|hapikey|code)$/i;

export const REDACTED = '[redacted]';

/** Replaces every occurrence of a known secret value (credentials) in a string. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

export function redactUrl(url: string, secrets: readonly string[] = []): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, REDACTED);
    }
    return scrub(parsed.toString(), secrets);
  } catch {
    return scrub(url, secrets);
  }
}

export function redactHeaders(headers: Headers | Record<string, string>, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) out[name.toLowerCase()] = SECRET_HEADERS.test(name) ? REDACTED : scrub(value, secrets);
  return out;
}
