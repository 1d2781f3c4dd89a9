import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../config/env';

/** Written by `npm run dev` while it serves its embedded PGlite over the Postgres wire protocol. */
export const devStateFile = (env: Env) => join(env.DATA_DIR, 'dev-stack.json');

/**
 * DATABASE_URL wins. Otherwise, while `npm run dev` runs, the CLI talks to its PGlite through the socket it serves
 * (PGlite allows one process per data directory); with no dev stack running, the CLI opens PGlite directly.
 */
export function resolveDatabaseUrl(env: Env): string | undefined {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const file = devStateFile(env);
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { pid?: number; databaseUrl?: string };
    if (state.pid && state.databaseUrl) {
      process.kill(state.pid, 0); // throws when the dev stack is gone
      return state.databaseUrl;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
