import { z } from 'zod';
import { FabricError } from './errors';

/**
 * The one place that reads the environment. Every variable is documented in .env.example.
 * Temporal connection variables follow @temporalio/envconfig's names (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS_*); see config/temporal.ts for how they are loaded.
 */
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const envSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must look like host:port, e.g. 127.0.0.1:7233')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1, 'must not be empty').default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1, 'must not be empty').default('connectivity-fabric'),
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_UI_PORT: port(8233),
  /** The port of the dev server `npm run dev` starts when TEMPORAL_ADDRESS is unset. */
  TEMPORAL_DEV_PORT: port(7233),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// URL, or unset to use the embedded PGlite',
  }),
  PGLITE_DIR: z.string().default('.data/pglite'),
  /** A workflow bundle built by `npm run build:workflows`: the worker loads it instead of bundling workflows/ at start. */
  FABRIC_WORKFLOW_BUNDLE: optionalText,
  /** How far a worker's JS heap may grow past its live size before a full collection, in percent (config/heap-growth.ts). */
  FABRIC_WORKER_HEAP_GROWTH: z.coerce.number({ error: 'must be a whole number of percent, e.g. 50' }).int().min(0).max(300).default(50),
  DATA_DIR: z.string().default('.data'),
  /** Where `npm run dev` serves its PGlite over the Postgres wire protocol, and where its demo fake API listens. */
  PGLITE_PORT: port(54329),
  DEMO_API_PORT: port(4010),
  FABRIC_ENCRYPTION_KEY: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}$/.test(v), {
    message: 'must be <keyId>:<base64 of 32 bytes>; generate one with `fabric keys generate`',
  }),
  FABRIC_PREVIOUS_ENCRYPTION_KEYS: optionalText,
  FABRIC_PAYLOAD_KEY: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}$/.test(v), {
    message: 'must be <keyId>:<base64 of 32 bytes>; generate one with `fabric keys generate`',
  }),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), {
    message: 'must be an http(s) URL',
  }),
  ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-4-5'),
  FABRIC_AGENT_SPEC_DIRS: optionalText,
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: port(8080),
  PUBLIC_BASE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), {
    message: 'must be an http(s) URL, e.g. https://hooks.example.com',
  }),
  FABRIC_CODEC_HOST: z.string().min(1).default('127.0.0.1'),
  FABRIC_CODEC_PORT: port(8089),
  /** Bearer token every codec request must carry (header `Authorization: Bearer <token>`). */
  FABRIC_CODEC_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 24, {
    message: 'must be at least 24 characters; generate one with `openssl rand -base64 32`',
  }),
  /** Origins of the Temporal Web UI allowed by CORS (comma-separated); default http://localhost:<TEMPORAL_UI_PORT>. */
  FABRIC_CODEC_UI_ORIGIN: optionalText,
  /** Access tokens forwarded by the Web UI: HS256 secret (Supabase's JWT secret) and/or a JWKS URL (OIDC, Supabase). */
  FABRIC_CODEC_JWT_SECRET: optionalText,
  FABRIC_CODEC_JWKS_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), { message: 'must be an http(s) URL' }),
  FABRIC_CODEC_JWT_ISSUER: optionalText,
  FABRIC_CODEC_JWT_AUDIENCE: optionalText,
  /** Production mode turns on the outbound allow-list (adapters/core/outbound-guard.ts); NODE_ENV=production too. */
  FABRIC_PRODUCTION: z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).optional(),
  NODE_ENV: optionalText,
  /** Extra hosts connectors may call in production mode: comma-separated host names, *.domain, IPs or CIDRs. */
  FABRIC_ALLOWED_HOSTS: optionalText,
  /** Prometheus scrape endpoint of workers and the HTTP server (GET /metrics); unset: no metrics listener. */
  FABRIC_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  FABRIC_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // the admin console (console/): Supabase-style access tokens, HS256 with the project's JWT secret and/or a JWKS
  SUPABASE_JWT_SECRET: optionalText,
  SUPABASE_JWKS_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), {
    message: 'must be an http(s) URL, e.g. https://<project>.supabase.co/auth/v1/.well-known/jwks.json',
  }),
  SUPABASE_JWT_AUDIENCE: optionalText,
  // telemetry/logger.ts: a file instead of stdout ({pid} becomes the process ID)
  FABRIC_LOG_FILE: optionalText,
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error'], { error: 'must be one of trace, debug, info, warn, error' }).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends FabricError {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; each problem names the variable, the value's problem and the fix. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = source[name];
    const shown = /KEY|SECRET|PASSWORD|TOKEN/.test(name) || value === undefined ? '' : ` (got "${value}")`;
    return `${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(problems);
}
