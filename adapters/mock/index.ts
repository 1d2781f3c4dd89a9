import { defineAdapter, registerAdapter } from '../core/catalogue';
import { genericWebhook } from '../core/webhook/generic';
import { MockAdapter } from './adapter';
import { mockConfigSchema } from './config';

export { MockAdapter } from './adapter';
export { mockConfigSchema, type MockConfig } from './config';
export { startMockApi, type MockApi, type MockApiOptions } from './server';
export { startStripeFake, type StripeFake } from './stripe-fake';

export const adapter = registerAdapter(
  defineAdapter({
    name: 'mock',
    version: '1.0.0',
    description: 'Demo connector for the local fake API (`fabric mock-api`): customers and invoices',
    capabilities: ['read', 'write', 'webhook'],
    models: ['customer', 'invoice'],
    configSchema: mockConfigSchema,
    credentialKeys: [],
    webhook: genericWebhook(['customer', 'invoice']),
    build: (ctx) => new MockAdapter(ctx),
  }),
);
