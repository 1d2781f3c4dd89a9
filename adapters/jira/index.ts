import { defineAdapter, registerAdapter } from '../core/catalogue';
import { JiraAdapter, jiraInfo } from './adapter';
import { jiraConfigSchema } from './api';
import { jiraWebhook } from './webhook';

export { JiraAdapter, jiraInfo } from './adapter';
export { jiraConfigSchema, PUSH_PROPERTY, type JiraConfig } from './api';

export const adapter = registerAdapter(
  defineAdapter({
    ...jiraInfo,
    description: 'Jira Cloud issues as tickets (JQL search with nextPageToken, updated re-anchoring, create/edit, webhooks)',
    allowedHosts: ['*.atlassian.net'],
    configSchema: jiraConfigSchema,
    credentialKeys: ['email', 'api_token'],
    webhook: jiraWebhook,
    // Jira Cloud's REST limits are cost-based and unpublished per second; 10/s keeps well inside them, and a 429's
    // Retry-After holds the budget (docs/CONNECTORS.md). A config's rateLimit replaces it.
    rateLimit: { requestsPerSecond: 10, burst: 10 },
    build: (ctx) => new JiraAdapter(ctx),
  }),
);
