import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../config/env';

/** Written by `npm run dev` (mode 0600) while it runs: how other processes reach its database and Temporal. */
export const devStateFile = (env: Env) => join(env.DATA_DIR, 'dev-stack.json');

export interface DevStackState {
  pid: number;
  databaseUrl: string;
  temporal: string;
  payloadKey?: string;
}

/** The running dev stack's state, or undefined when none runs (a stale file from a killed stack is ignored). */
export function readDevState(env: Env): DevStackState | undefined {
  const file = devStateFile(env);
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as DevStackState;
    if (!state.pid || !state.databaseUrl) return undefined;
    process.kill(state.pid, 0); // throws when the dev stack is gone
    return state;
  } catch {
    return undefined;
  }
}

/**
 * DATABASE_URL wins. Otherwise, while `npm run dev` runs, the CLI talks to its PGlite through the socket it serves
 * (PGlite allows one process per data directory); with no dev stack running, the CLI opens PGlite directly.
 */
export function resolveDatabaseUrl(env: Env): string | undefined {
  return env.DATABASE_URL ?? readDevState(env)?.databaseUrl;
}

/** FABRIC_PAYLOAD_KEY wins; otherwise the dev stack's key, but only for the dev stack's own Temporal server. */
export function resolvePayloadKey(env: Env, temporalAddress: string): string | undefined {
  if (env.FABRIC_PAYLOAD_KEY) return env.FABRIC_PAYLOAD_KEY;
  const state = readDevState(env);
  return state && state.temporal === temporalAddress ? state.payloadKey : undefined;
}
