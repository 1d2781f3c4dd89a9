import { defineAdapter, registerAdapter } from '../core/catalogue';
import { SlackAdapter, slackInfo } from './adapter';
import { slackConfigSchema } from './api';
import { slackWebhook } from './webhook';

export { SlackAdapter, PUSH_EVENT_TYPE, slackInfo } from './adapter';
export { slackConfigSchema, SLACK_TIERS, type SlackConfig } from './api';

export const adapter = registerAdapter(
  defineAdapter({
    ...slackInfo,
    description: 'Slack messages, thread replies and edits as messages (conversations.*, chat.postMessage, Events API)',
    allowedHosts: ['slack.com'],
    configSchema: slackConfigSchema,
    credentialKeys: ['access_token'],
    webhook: slackWebhook,
    // Tier 3 (50+ requests a minute per method and workspace): the tier of conversations.history and .replies,
    // which make almost every request of a sync; see SLACK_TIERS in api.ts and docs/CONNECTORS.md
    rateLimit: { requestsPerSecond: 50 / 60, burst: 3 },
    build: (ctx) => new SlackAdapter(ctx),
  }),
);
