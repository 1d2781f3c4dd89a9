import { defineAdapter, registerAdapter } from '../core/catalogue';
import { hubspotWebhook } from './webhook';
import { HubspotAdapter, hubspotInfo } from './adapter';
import { hubspotConfigSchema } from './api';

export { HubspotAdapter, hubspotInfo } from './adapter';
export { hubspotConfigSchema, hubspotVendorSignals, type HubspotConfig } from './api';

export const adapter = registerAdapter(
  defineAdapter({
    ...hubspotInfo,
    description: 'HubSpot CRM v3 contacts as customers and companies as companies (list with after, incremental search, batch writes)',
    allowedHosts: ['api.hubapi.com'],
    configSchema: hubspotConfigSchema,
    credentialKeys: ['access_token'],
    webhook: hubspotWebhook,
    // 100 requests per rolling 10 s (TEN_SECONDLY_ROLLING, the lowest tier): 10/s, bursts small enough that no
    // 10-second window exceeds 100 (docs/RATE-LIMITS.md)
    rateLimit: { requestsPerSecond: 10, burst: 5 },
    build: (ctx) => new HubspotAdapter(ctx),
  }),
);
