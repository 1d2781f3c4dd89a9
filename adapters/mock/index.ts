import { defineAdapter, registerAdapter } from '../core/catalogue';
import { genericWebhook } from '../core/webhook/generic';
import { MockAdapter, mockInfo } from './adapter';
import { mockConfigSchema } from './config';

export { MockAdapter, mockInfo } from './adapter';
export { mockConfigSchema, type MockConfig } from './config';
export { startMockApi, type MockApi, type MockApiOptions } from './server';
export { startStripeFake, type StripeFake } from './stripe-fake';

export const adapter = registerAdapter(
  defineAdapter({
    ...mockInfo,
    description: 'Demo connector for the local fake API (`fabric mock-api`): customers and invoices',
    configSchema: mockConfigSchema,
    credentialKeys: [],
    webhook: genericWebhook(mockInfo.models),
    build: (ctx) => new MockAdapter(ctx),
  }),
);
