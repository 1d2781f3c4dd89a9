import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { payloadCodecFromEnv } from '../../../config/payload-codec';
import { bearerFrom, codecAuthenticator, codecSettingsFromEnv } from '../../../server/codec-auth';
import { startCodecServer } from '../../../server/codec';
import { generateKey } from '../../../store/credentials';

const TOKEN = 'codec-token-0123456789abcdef';

describe('codec authentication: a token, a Supabase HS256 access token or an OIDC token from a JWKS', () => {
  it('accepts the configured token as bearer or path segment, and nothing like it', async () => {
    const auth = codecAuthenticator({ token: TOKEN });
    expect(auth.configured).toBe(true);
    await expect(auth.check({ bearer: TOKEN })).resolves.toEqual({ ok: true, subject: 'codec-token' });
    await expect(auth.check({ pathToken: TOKEN })).resolves.toMatchObject({ ok: true });
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(1), '', 'a.b.c']) {
      const verdict = await auth.check({ bearer: wrong || undefined });
      expect(verdict.ok).toBe(false);
      expect(JSON.stringify(verdict)).not.toContain(TOKEN);
    }
    expect(codecAuthenticator({}).configured).toBe(false);
  });

  it('reads only the Bearer scheme', () => {
    expect(bearerFrom(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerFrom(`bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerFrom([`Bearer ${TOKEN}`])).toBe(TOKEN);
    expect(bearerFrom(`Basic ${TOKEN}`)).toBeUndefined();
    expect(bearerFrom(undefined)).toBeUndefined();
  });

  it('verifies a Supabase access token (HS256 JWT secret) with issuer and audience', async () => {
    const secret = 'super-secret-jwt-token-with-at-least-32-characters';
    const auth = codecAuthenticator({ jwtSecret: secret, issuer: 'https://proj.supabase.co/auth/v1', audience: 'authenticated' });
    const sign = (key: string, iss = 'https://proj.supabase.co/auth/v1') =>
      new SignJWT({ role: 'authenticated' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('user-1')
        .setIssuer(iss)
        .setAudience('authenticated')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(key));
    await expect(auth.check({ bearer: await sign(secret) })).resolves.toEqual({ ok: true, subject: 'user-1' });
    await expect(auth.check({ bearer: await sign(`${secret}!`) })).resolves.toMatchObject({ ok: false, reason: expect.stringMatching(/refused/) });
    await expect(auth.check({ bearer: await sign(secret, 'https://other') })).resolves.toMatchObject({ ok: false });
    // a JWT never works as a path token: the UI forwards access tokens in the header only
    await expect(auth.check({ pathToken: await sign(secret) })).resolves.toMatchObject({ ok: false });
  });

  it('verifies an OIDC access token against the provider JWKS', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwksServer = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    try {
      const auth = codecAuthenticator({ jwksUrl: url, issuer: 'https://idp.example', audience: 'temporal-ui' });
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('alice')
        .setIssuer('https://idp.example')
        .setAudience('temporal-ui')
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(auth.check({ bearer: token })).resolves.toEqual({ ok: true, subject: 'alice' });
      const expired = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('alice')
        .setIssuer('https://idp.example')
        .setAudience('temporal-ui')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(privateKey);
      await expect(auth.check({ bearer: expired })).resolves.toMatchObject({ ok: false, reason: expect.stringMatching(/expired/i) });
    } finally {
      jwksServer.close();
    }
  });

  it('derives CORS origins from the UI port unless FABRIC_CODEC_UI_ORIGIN names them', () => {
    expect(codecSettingsFromEnv({ TEMPORAL_UI_PORT: 8233 }).uiOrigins).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
    expect(codecSettingsFromEnv({ TEMPORAL_UI_PORT: 8233, FABRIC_CODEC_UI_ORIGIN: 'https://ui.example, https://b.example' }).uiOrigins).toEqual([
      'https://ui.example',
      'https://b.example',
    ]);
  });

  it('the codec server refuses to start without authentication configured', async () => {
    const codec = payloadCodecFromEnv(generateKey('pk'))!;
    await expect(startCodecServer({ codec, auth: codecAuthenticator({}), uiOrigins: [], host: '127.0.0.1', port: 0 })).rejects.toThrow(
      /codec server: no authentication configured; set FABRIC_CODEC_TOKEN/,
    );
  });
});
