import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { RequestIdentity } from '../store/rls';
import { FabricError } from '../config/errors';

/** How the console checks a Supabase-style access token: the project's JWT secret (HS256), a JWKS URL, or both. */
export interface ConsoleAuthOptions {
  jwtSecret?: string;
  jwksUrl?: string;
  /** Supabase issues tokens with aud "authenticated"; checked when set. */
  audience?: string;
}

export interface ConsoleUser extends RequestIdentity {
  role: 'authenticated' | 'service_role';
  /** What the pages show and what decisions are recorded as ("ada@example.com", "service_role"). */
  label: string;
  operator: boolean;
}

/** The request carries no valid session: the page answers with the sign-in page, never the data. */
export class AuthError extends FabricError {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ConsoleAuth {
  private readonly secret?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  /** Signs CSRF tokens; per process, so a restart only means reloading a form. */
  private readonly csrfKey = randomBytes(32);

  constructor(private readonly opts: ConsoleAuthOptions) {
    if (!opts.jwtSecret && !opts.jwksUrl) throw new Error('console auth: set SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL');
    if (opts.jwtSecret) this.secret = new TextEncoder().encode(opts.jwtSecret);
    if (opts.jwksUrl) this.jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { timeoutDuration: 3000 });
  }

  /** Verifies the token as PostgREST would and turns its claims into the identity the database sees. */
  async verify(token: string): Promise<ConsoleUser> {
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      const common = { audience: this.opts.audience, clockTolerance: 30 };
      if (alg === 'HS256') {
        if (!this.secret) throw new AuthError('HS256 tokens need SUPABASE_JWT_SECRET on the server');
        payload = (await jwtVerify(token, this.secret, { ...common, algorithms: ['HS256'] })).payload;
      } else {
        if (!this.jwks) throw new AuthError(`a ${String(alg)} token needs SUPABASE_JWKS_URL on the server`);
        payload = (await jwtVerify(token, this.jwks, { ...common, algorithms: ['RS256', 'ES256', 'EdDSA'] })).payload;
      }
    } catch (err) {
      if (err instanceof AuthError) throw err;
      throw new AuthError(`the token was refused: ${(err as Error).message}`);
    }
    const role = payload.role;
    if (role === 'service_role') return { role, claims: payload, label: 'service_role', operator: true };
    if (role !== 'authenticated') {
      throw new AuthError(`role "${String(role)}": the console needs an authenticated user or the service role`);
    }
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) {
      throw new AuthError('sub: the token names no user id (a UUID)');
    }
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    return { role, sub: payload.sub, claims: payload, label: email ?? payload.sub, operator: false };
  }

  /** A CSRF token bound to the session token: a form posted from another site cannot know it. */
  csrfFor(sessionToken: string): string {
    return createHmac('sha256', this.csrfKey).update(sessionToken).digest('base64url');
  }

  checkCsrf(sessionToken: string, submitted: unknown): boolean {
    if (typeof submitted !== 'string') return false;
    const expected = Buffer.from(this.csrfFor(sessionToken));
    const got = Buffer.from(submitted);
    return got.length === expected.length && timingSafeEqual(got, expected);
  }
}

/** A Supabase-shaped HS256 access token, for `npm run dev` and tests; never used to verify. */
export async function signDevToken(
  secret: string,
  who: { sub?: string; email?: string; role?: 'authenticated' | 'service_role' },
  expiresIn = '12h',
): Promise<string> {
  const role = who.role ?? 'authenticated';
  const aud = role === 'authenticated' ? 'authenticated' : undefined;
  const claims = { role, ...(who.email ? { email: who.email } : {}), aud };
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(expiresIn);
  if (who.sub) jwt.setSubject(who.sub);
  return jwt.sign(new TextEncoder().encode(secret));
}
