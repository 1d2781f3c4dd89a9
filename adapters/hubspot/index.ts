import { defineAdapter, registerAdapter } from '../core/registry';
import { hubspotWebhook } from './webhook';
import { HubspotAdapter } from './adapter';
import { hubspotConfigSchema } from './api';

export { HubspotAdapter } from './adapter';
export { hubspotConfigSchema, hubspotVendorSignals, type HubspotConfig } from './api';

export const adapter = registerAdapter(
  defineAdapter({
    name: 'hubspot',
    version: '1.0.0',
    description: 'HubSpot CRM v3 contacts as customers (list with after, incremental search, batch writes)',
    capabilities: ['read', 'write', 'delete', 'webhook', 'batch'],
    models: ['customer'],
    allowedHosts: ['api.hubapi.com'],
    configSchema: hubspotConfigSchema,
    credentialKeys: ['access_token'],
    webhook: hubspotWebhook,
    create: (ctx) => new HubspotAdapter(ctx),
  }),
);
