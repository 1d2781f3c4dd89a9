import { z } from 'zod';
import type { VendorResponse, VendorVerdict } from '../core/http';

export const stripeConfigSchema = z.object({
  baseUrl: z.url({ error: 'must be a URL like "https://api.stripe.com"' }).default('https://api.stripe.com'),
  apiVersion: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().optional(),
  /** Incremental runs read the events API (catches updates; Stripe keeps 30 days) or filter lists on created[gte]. */
  incremental: z.enum(['events', 'created']).default('events'),
  /** Tests inject a fetch; never stored in a config. */
  fetch: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
});
export type StripeConfig = z.infer<typeof stripeConfigSchema>;
export type StripeConfigInput = z.input<typeof stripeConfigSchema>;

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export const EVENT_TYPES = {
  customer: { changed: ['customer.created', 'customer.updated'], deleted: 'customer.deleted' },
  invoice: {
    changed: [
      'invoice.created',
      'invoice.updated',
      'invoice.finalized',
      'invoice.paid',
      'invoice.voided',
      'invoice.marked_uncollectible',
      'invoice.payment_failed',
      'invoice.sent',
    ],
    deleted: 'invoice.deleted',
  },
} as const;

export interface StripeEvent<T> {
  id: string;
  type: string;
  created: number;
  data: { object: T };
}

/**
 * Stripe-Should-Retry overrides the status-based guess (true on lock timeouts and idempotency races, false when
 * a retry cannot help). The error body `{ error: { type, code, message } }` names the problem.
 */
export function stripeVendorSignals(response: VendorResponse, body: unknown): VendorVerdict | undefined {
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
