import { timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** Who may call the codec server; at least one way must be configured or the listener does not start. */
export interface CodecAuthOptions {
  /** FABRIC_CODEC_TOKEN: `Authorization: Bearer <token>` (the CLI's `--codec-auth`, scripts, dev's capability path). */
  token?: string;
  /** HS256 secret of the access tokens the Web UI forwards (Supabase's legacy JWT secret). */
  jwtSecret?: string;
  /** JWKS of an OIDC provider or a Supabase project (`<project>/auth/v1/.well-known/jwks.json`). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export type CodecAuthVerdict = { ok: true; subject: string } | { ok: false; reason: string };

export interface CodecAuthenticator {
  readonly configured: boolean;
  /** `bearer` is the Authorization header's token; `pathToken` is the capability segment of /codec/<token>/... */
  check(input: { bearer?: string; pathToken?: string }): Promise<CodecAuthVerdict>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads `Authorization: Bearer <token>` (case-insensitive scheme); undefined when absent or another scheme. */
export function bearerFrom(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

/**
 * Token first (constant-time), then a JWT checked against the configured secret or JWKS, issuer and audience. The
 * reason names what was wrong without echoing what was sent.
 */
export function codecAuthenticator(o: CodecAuthOptions): CodecAuthenticator {
  const jwks: JWTVerifyGetKey | undefined = o.jwksUrl ? createRemoteJWKSet(new URL(o.jwksUrl)) : undefined;
  const secret = o.jwtSecret ? new TextEncoder().encode(o.jwtSecret) : undefined;
  const verifyOptions = { issuer: o.issuer, audience: o.audience };
  const verifiers = [
    ...(secret ? [(t: string) => jwtVerify(t, secret, { ...verifyOptions, algorithms: ['HS256'] })] : []),
    ...(jwks ? [(t: string) => jwtVerify(t, jwks, verifyOptions)] : []),
  ];
  return {
    configured: Boolean(o.token || jwks || secret),
    async check({ bearer, pathToken }) {
      const given = bearer ?? pathToken;
      if (!given) return { ok: false, reason: 'no credentials: send Authorization: Bearer <FABRIC_CODEC_TOKEN or access token>' };
      if (o.token && sameSecret(given, o.token)) return { ok: true, subject: 'codec-token' };
      if (!bearer || given.split('.').length !== 3 || verifiers.length === 0) return { ok: false, reason: 'the token is not valid' };
      const failures: string[] = [];
      for (const verify of verifiers) {
        try {
          const { payload } = await verify(bearer);
          return { ok: true, subject: String(payload.sub ?? 'unknown') };
        } catch (err) {
          failures.push((err as { code?: string }).code ?? 'invalid');
        }
      }
      return { ok: false, reason: `the access token was refused (${failures.join(', ')})` };
    },
  };
}

/** The codec listener's settings from the validated environment (config/env.ts). */
export function codecSettingsFromEnv(
  env: {
    FABRIC_CODEC_TOKEN?: string;
    FABRIC_CODEC_JWT_SECRET?: string;
    FABRIC_CODEC_JWKS_URL?: string;
    FABRIC_CODEC_JWT_ISSUER?: string;
    FABRIC_CODEC_JWT_AUDIENCE?: string;
    FABRIC_CODEC_UI_ORIGIN?: string;
    TEMPORAL_UI_PORT: number;
  },
  overrides: { token?: string } = {},
): { auth: CodecAuthenticator; uiOrigins: string[] } {
  const auth = codecAuthenticator({
    token: overrides.token ?? env.FABRIC_CODEC_TOKEN,
    jwtSecret: env.FABRIC_CODEC_JWT_SECRET,
    jwksUrl: env.FABRIC_CODEC_JWKS_URL,
    issuer: env.FABRIC_CODEC_JWT_ISSUER,
    audience: env.FABRIC_CODEC_JWT_AUDIENCE,
  });
  const port = env.TEMPORAL_UI_PORT;
  const uiOrigins = env.FABRIC_CODEC_UI_ORIGIN
    ? env.FABRIC_CODEC_UI_ORIGIN.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  return { auth, uiOrigins };
}
