import type { FastifyInstance } from 'fastify';
import { listAdapters } from '../adapters/core/catalogue';
import type { Env } from '../config/env';
import { devKeyText } from '../store/credentials';
import { ConsoleAuth } from './auth';
import { registerConsole } from './plugin';
import type { ConsoleDeps } from './types';

export { ConsoleAuth, signDevToken, type ConsoleUser } from './auth';
export type { ConsoleDeps } from './types';

/** A route registrar for the HTTP server (server/ ServerDeps.routes): the console under /console. */
export function consoleRoutes(deps: Omit<ConsoleDeps, 'catalogue'> & Partial<Pick<ConsoleDeps, 'catalogue'>>) {
  return (app: FastifyInstance) => registerConsole(app, { catalogue: listAdapters, ...deps });
}

/**
 * The console's token check from the environment: SUPABASE_JWT_SECRET (HS256, the project's JWT secret) and/or
 * SUPABASE_JWKS_URL. Undefined when neither is set and no dev secret is wanted: the console is then not mounted.
 * With devDataDir (npm run dev) a development secret is generated once into DATA_DIR/dev-jwt-secret.
 */
export function consoleAuthFromEnv(
  env: Env,
  devDataDir?: string,
  log: (line: string) => void = () => undefined,
): { auth: ConsoleAuth; jwtSecret?: string } | undefined {
  const devSecret = () => (devDataDir ? devKeyText(devDataDir, 'dev-jwt-secret', 'SUPABASE_JWT_SECRET', log) : undefined);
  const jwtSecret = env.SUPABASE_JWT_SECRET ?? devSecret();
  if (!jwtSecret && !env.SUPABASE_JWKS_URL) return undefined;
  const auth = new ConsoleAuth({ jwtSecret, jwksUrl: env.SUPABASE_JWKS_URL, audience: env.SUPABASE_JWT_AUDIENCE });
  return { auth, jwtSecret };
}
