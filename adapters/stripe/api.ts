import { z } from 'zod';
import type { VendorVerdict } from '../core/http';

export const stripeConfigSchema = z.object({
  baseUrl: z.url({ error: 'must be a URL like "https://api.stripe.com"' }).default('https://api.stripe.com'),
  apiVersion: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().optional(),
  /** Tests inject a fetch; never stored in a config. */
  fetch: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
});
export type StripeConfig = z.infer<typeof stripeConfigSchema>;

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export const EVENT_TYPES = {
  customer: { deleted: 'customer.deleted' },
  invoice: { deleted: 'invoice.deleted' },
} as const;

/**
 * Stripe-Should-Retry overrides the status-based guess (true on lock timeouts and idempotency races, false when
 * a retry cannot help). The error body `{ error: { type, code, message } }` names the problem.
 */
export function stripeVendorSignals(response: Response, body: unknown): VendorVerdict | undefined {
  const verdict: VendorVerdict = {};
  const should = response.headers.get('stripe-should-retry');
  if (should === 'true') verdict.retryable = true;
  if (should === 'false') verdict.retryable = false;
  const error = (body as { error?: { code?: string; type?: string; message?: string } } | undefined)?.error;
  if (error) {
    verdict.code = error.code ?? error.type;
    verdict.message = error.message;
  }
  return verdict;
}
