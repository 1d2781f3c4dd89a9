import { z } from 'zod';
import { ValidationError } from '../core/errors';
import type { VendorResponse, VendorVerdict } from '../core/http';

export const hubspotConfigSchema = z.object({
  baseUrl: z.url({ error: 'must be a URL like "https://api.hubapi.com"' }).default('https://api.hubapi.com'),
  /** Extra contact properties to read into custom_fields. */
  properties: z.array(z.string().min(1)).default([]),
  /** Extra company properties to read into custom_fields. */
  companyProperties: z.array(z.string().min(1)).optional(),
  /** How far back a retried company push looks for the company an earlier attempt created (default 60). */
  pushLookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  /** The HubSpot account (portal) this config is for: an app's one webhook URL routes each event by its portalId. */
  portalId: z.union([z.string().regex(/^\d+$/, { error: 'must be the numeric HubSpot portal (Hub) ID' }), z.number().int().positive()]).optional(),
  timeoutMs: z.number().int().positive().optional(),
  retryBaseDelayMs: z.number().int().min(0).optional(),
});
export type HubspotConfig = z.infer<typeof hubspotConfigSchema>;

/** A CRM v3 object (SimplePublicObject in hubspot_crm_contacts.oas.json). */
export interface HubspotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived?: boolean;
  archivedAt?: string;
}

export interface HubspotPage {
  results: HubspotObject[];
  total?: number;
  paging?: { next?: { after: string } };
}

/** Search returns at most 10,000 results per query (after + limit); past that the window must be re-anchored. */
export const SEARCH_CAP = 10_000;
export const SEARCH_LIMIT = 200;
export const LIST_LIMIT = 100;
export const BATCH_SIZE = 100;

function msUntilNextUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now;
}

/**
 * HubSpot's 429 body names the policy that tripped: SECONDLY (wait a second), TEN_SECONDLY_ROLLING (wait for the
 * window, X-HubSpot-RateLimit-Interval-Milliseconds) or DAILY (nothing helps before the daily reset). Other errors
 * carry `{ status: 'error', message, category, correlationId }`.
 */
export function hubspotVendorSignals(response: VendorResponse, body: unknown, now: number = Date.now()): VendorVerdict | undefined {
  const b = (body ?? {}) as { message?: string; category?: string; errorType?: string; policyName?: string };
  const verdict: VendorVerdict = { message: b.message, code: b.errorType ?? b.category };
  if (response.status === 429) {
    verdict.policy = b.policyName;
    const interval = Number(response.headers.get('x-hubspot-ratelimit-interval-milliseconds'));
    const hinted = response.headers.get('retry-after');
    if (b.policyName === 'DAILY') verdict.delayMs = msUntilNextUtcMidnight(now);
    else if (hinted)
      verdict.delayMs = undefined; // the generic Retry-After reading applies
    else if (b.policyName === 'SECONDLY') verdict.delayMs = 1000;
    else verdict.delayMs = Number.isFinite(interval) && interval > 0 ? interval : 10_000;
    if (verdict.delayMs === undefined) delete verdict.delayMs;
  }
  return verdict;
}

/** A `since` for HubSpot's filters: an ISO timestamp or epoch milliseconds, as milliseconds. */
export const toMs = (since: string): number => {
  const n = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
  if (!Number.isFinite(n)) throw new ValidationError(`since: "${since}" is not a time; pass an ISO timestamp or epoch milliseconds`);
  return n;
};
