import { createHash } from 'node:crypto';
import { header, hmac, matchAny, safeEqual, type SignatureScheme, type SignedRequest, type VerifyResult } from '../core/webhook/signing';

/** Atlassian allows a little clock skew on a JWT's iat / exp. */
export const JIRA_JWT_LEEWAY_SEC = 30;

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Atlassian's query string hash: SHA-256 hex of `METHOD&<path>&<sorted query>` (the canonical request of
 * developer.atlassian.com "Understanding JWT"), the `jwt` parameter left out, repeated values joined by commas.
 */
export function queryStringHash(method: string, url: string): string {
  const u = new URL(url, 'http://localhost');
  const path = (u.pathname.replace(/\/+$/, '') || '/').replace(/&/g, '%26');
  const params = new Map<string, string[]>();
  for (const [k, v] of u.searchParams) if (k !== 'jwt') params.set(k, [...(params.get(k) ?? []), v]);
  const query = [...params.keys()]
    .sort()
    .map((k) => `${enc(k)}=${params.get(k)!.map(enc).sort().join(',')}`)
    .join('&');
  return createHash('sha256').update(`${method.toUpperCase()}&${path}&${query}`).digest('hex');
}

const b64json = (part: string): Record<string, unknown> | undefined => {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** An Atlassian Connect JWT (HS256 with the app's shared secret) whose qsh matches this very request. */
function verifyJwt(req: SignedRequest, token: string): VerifyResult {
  const [h, p, s] = token.split('.');
  const head = h ? b64json(h) : undefined;
  const claims = p ? b64json(p) : undefined;
  if (!head || !claims || !s) return { ok: false, reason: 'Authorization: JWT is not a JSON Web Token (header.payload.signature)' };
  if (head.alg !== 'HS256')
    return { ok: false, reason: `Authorization: JWT alg ${String(head.alg)} is not HS256, the algorithm Atlassian signs webhooks with` };
  const i = matchAny(req.secrets, [s], (secret) =>
    hmac(secret, [`${h}.${p}`], 'base64')
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_'),
  );
  if (i < 0) return { ok: false, reason: 'Authorization: JWT signature does not match the shared secret' };
  const now = req.nowMs / 1000;
  if (typeof claims.exp !== 'number' || claims.exp + JIRA_JWT_LEEWAY_SEC < now) return { ok: false, reason: 'Authorization: JWT has expired (exp)' };
  if (typeof claims.iat === 'number' && claims.iat - JIRA_JWT_LEEWAY_SEC > now)
    return { ok: false, reason: 'Authorization: JWT is issued in the future (iat)' };
  if (typeof claims.qsh !== 'string' || !safeEqual(claims.qsh, queryStringHash(req.method, req.url))) {
    return { ok: false, reason: "Authorization: JWT qsh does not match this request's method, path and query" };
  }
  return { ok: true, secretIndex: i };
}

/**
 * Jira Cloud webhooks, either way Atlassian signs them: a webhook registered with a secret sends
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>`; a Connect app's webhook carries `Authorization: JWT <token>`
 * signed with the installation's shared secret, whose qsh binds it to the request (its body is not signed).
 * The endpoint's secret is that shared secret either way.
 */
export const jiraScheme: SignatureScheme = {
  name: 'jira',
  headers: ['x-hub-signature', 'authorization'],
  verify(req) {
    const hub = header(req, 'x-hub-signature');
    if (hub) {
      if (!hub.startsWith('sha256=')) return { ok: false, reason: 'X-Hub-Signature must be sha256=<hex>' };
      const i = matchAny(req.secrets, [hub], (s) => `sha256=${hmac(s, [req.rawBody], 'hex')}`);
      return i >= 0 ? { ok: true, secretIndex: i } : { ok: false, reason: 'X-Hub-Signature does not match the body and the webhook secret' };
    }
    const auth = header(req, 'authorization');
    if (auth?.startsWith('JWT ')) return verifyJwt(req, auth.slice(4).trim());
    return { ok: false, reason: 'neither X-Hub-Signature nor Authorization: JWT is present; register the webhook with a secret' };
  },
  sign({ rawBody, secret }) {
    return { 'x-hub-signature': `sha256=${hmac(secret, [rawBody], 'hex')}` };
  },
};
