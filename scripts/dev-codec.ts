import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PayloadCodec } from '@temporalio/common';
import type { Env } from '../config/env';
import { codecSettingsFromEnv } from '../server/codec-auth';
import { startCodecServer, type RunningCodecServer } from '../server/codec';

/**
 * The dev stack's codec endpoint for the Web UI. The dev server's UI (CLI v1.5.1) is configured only with an endpoint:
 * it never forwards an access token or cookies, so the token travels as a path segment of the endpoint the UI is
 * given (`/codec/<token>`); curl without it gets a 401. FABRIC_CODEC_TOKEN, when set, is that token.
 */
export function devCodecToken(env: Env, dataDir: string, log: (l: string) => void): string {
  if (env.FABRIC_CODEC_TOKEN) return env.FABRIC_CODEC_TOKEN;
  const file = join(dataDir, 'dev-codec-token');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 }); // URL-safe: it fits in a path
    chmodSync(file, 0o600);
    log(`FABRIC_CODEC_TOKEN is not set: generated a development token in ${file}. Set FABRIC_CODEC_TOKEN in production.`);
  }
  return readFileSync(file, 'utf8').trim();
}

export function devCodecEndpoint(env: Env, token: string): string {
  return `http://${env.FABRIC_CODEC_HOST}:${env.FABRIC_CODEC_PORT}/codec/${encodeURIComponent(token)}`;
}

export function startDevCodec(env: Env, codec: PayloadCodec, token: string): Promise<RunningCodecServer> {
  const { auth, uiOrigins } = codecSettingsFromEnv(env, { token });
  return startCodecServer({ codec, auth, uiOrigins, host: env.FABRIC_CODEC_HOST, port: env.FABRIC_CODEC_PORT });
}
