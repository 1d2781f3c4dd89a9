import { defineAdapter, registerAdapter } from '../core/catalogue';
import { stripeWebhook } from './webhook';
import { StripeAdapter, stripeInfo } from './adapter';
import { stripeConfigSchema } from './api';

export { StripeAdapter, stripeInfo } from './adapter';
export { stripeConfigSchema, type StripeConfig } from './api';

export const adapter = registerAdapter(
  defineAdapter({
    ...stripeInfo,
    description: 'Stripe customers and invoices (REST v1, form-encoded writes with Idempotency-Key)',
    allowedHosts: ['api.stripe.com'],
    configSchema: stripeConfigSchema,
    credentialKeys: ['api_key'],
    webhook: stripeWebhook,
    // stripe.com/docs/rate-limits: 100 requests/s in live mode, 25/s in test mode (docs/RATE-LIMITS.md)
    rateLimit: (credentials) => ({ requestsPerSecond: /^(sk|rk)_test_/.test(credentials.api_key ?? '') ? 25 : 100 }),
    build: (ctx) => new StripeAdapter(ctx),
  }),
);
