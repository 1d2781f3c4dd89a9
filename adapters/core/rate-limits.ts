import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A vendor's request budget for one credential: steady requests per second, and how many may go at once. */
export interface RateLimit {
  requestsPerSecond: number;
  /** Requests that may be sent back to back after an idle spell (1 = evenly spaced). */
  burst?: number;
}

/** A connector's declaration: fixed, or depending on the credential (Stripe test keys get a lower limit). */
export type DeclaredRateLimit = RateLimit | ((credentials: Record<string, string>) => RateLimit | undefined);

export const rateLimitSchema = z.union([
  z.literal(false),
  z.object({
    requestsPerSecond: z.number({ error: 'must be a number of requests per second, e.g. 25' }).positive().max(100_000),
    burst: z.number().int().min(1).max(10_000).optional(),
  }),
]);
export type RateLimitSetting = z.infer<typeof rateLimitSchema>;

/**
 * Every connector's config accepts `rateLimit`: `{ requestsPerSecond, burst? }` replaces the connector's declared
 * limit for this config (a vendor tier, a sandbox key); `false` turns pacing off (a local fake with no limit).
 */
export function withRateLimitSetting<T>(schema: z.ZodType<T>): z.ZodType<T & { rateLimit?: RateLimitSetting }> {
  const common = z.object({ rateLimit: rateLimitSchema.optional() });
  return z.intersection(schema as z.ZodType<T>, common) as unknown as z.ZodType<T & { rateLimit?: RateLimitSetting }>;
}

/** The limit that applies to a config: its own setting first, then what the connector declares. */
export function effectiveRateLimit(
  declared: DeclaredRateLimit | undefined,
  setting: RateLimitSetting | undefined,
  credentials: Record<string, string>,
): RateLimit | undefined {
  if (setting === false) return undefined;
  if (setting) return setting;
  return typeof declared === 'function' ? declared(credentials) : declared;
}

/**
 * Vendors count requests per account, which is what a credential stands for: configs that share an API key share
 * one budget. The key is a hash, so the budget table never holds a secret.
 */
export function budgetKey(connector: string, credentials: Record<string, string>): string {
  const identity = credentials.api_key ?? credentials.access_token ?? credentials.refresh_token;
  const all = Object.entries(credentials).sort(([a], [b]) => a.localeCompare(b));
  const material = identity ?? all.map(([k, v]) => `${k}=${v}`).join('\n');
  return `${connector}:${createHash('sha256').update(`${connector}\0${material}`).digest('hex').slice(0, 32)}`;
}
