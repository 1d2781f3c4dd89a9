import { createHmac, timingSafeEqual } from 'node:crypto';

/** Everything a scheme may need from one request. Header names are lower case (as Node delivers them). */
export interface SignedRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  method: string;
  /** The full URL the sender signed (scheme, host, path and query); HubSpot v3 signs it. */
  url: string;
  /** The current secret first, then the previous one while a rotation is in progress. */
  secrets: string[];
  nowMs: number;
}

export type VerifyResult = { ok: true; secretIndex: number } | { ok: false; reason: string };

export interface SignatureScheme {
  name: string;
  /** Headers the sender sets, for error messages. */
  headers: string[];
  verify(req: SignedRequest): VerifyResult;
  /** Produces headers a sender would send: tests, the benchmark and `fabric webhooks` use it. */
  sign(o: { rawBody: Buffer | string; secret: string; method?: string; url?: string; nowMs?: number }): Record<string, string>;
}

export function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function hmac(secret: string, parts: Array<string | Buffer>, encoding: 'hex' | 'base64'): string {
  const h = createHmac('sha256', secret);
  for (const p of parts) h.update(p);
  return h.digest(encoding);
}

/** Constant-time comparison of two encoded digests; a length mismatch is simply unequal. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Tries each secret against each candidate signature, without stopping early on a match (no timing hint). */
export function matchAny(secrets: string[], candidates: string[], expected: (secret: string) => string): number {
  let found = -1;
  secrets.forEach((secret, i) => {
    const digest = expected(secret);
    for (const c of candidates) if (safeEqual(c, digest) && found < 0) found = i;
  });
  return found;
}

/** A timestamp within ±toleranceSec of now; returns a reason when not. */
export function checkWindow(tsSec: number, nowMs: number, toleranceSec: number): string | undefined {
  if (!Number.isFinite(tsSec)) return 'timestamp is not a number';
  const skew = nowMs / 1000 - tsSec;
  if (skew > toleranceSec) return `timestamp is ${Math.round(skew)} s old, beyond the ${toleranceSec} s tolerance`;
  if (-skew > toleranceSec) return `timestamp is ${Math.round(-skew)} s in the future, beyond the ${toleranceSec} s tolerance`;
  return undefined;
}
