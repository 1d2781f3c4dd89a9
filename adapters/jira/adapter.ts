import { BaseAdapter } from '../core/base';
import type { HttpClient } from '../core/http';
import type { AdapterContext, ConnectorInfo, ListOptions, ListPage, ModelName, WriteOptions, WriteResult } from '../core/types';
import { PUSH_PROPERTY, jiraVendorSignals, type JiraConfig, type JiraIssue, type JiraSearchPage } from './api';
import { issueFromUnified, issueToUnified } from './mapping';
import { JiraSearch } from './search';

/** The Jira connector's name, version, capabilities and models: declared here only (index.ts spreads it). */
export const jiraInfo = {
  name: 'jira',
  version: '1.0.0',
  capabilities: ['read', 'write', 'delete', 'webhook'],
  models: ['ticket'],
} as const satisfies ConnectorInfo;

/** Jira Cloud REST v3: issues as UnifiedTicket, read with JQL search (nextPageToken), created and edited by push. */
export class JiraAdapter extends BaseAdapter<JiraConfig> {
  private readonly http: HttpClient;
  private readonly search: JiraSearch;

  constructor(ctx: AdapterContext<JiraConfig>) {
    super(jiraInfo, ctx);
    // basic auth with the account's email and an API token (id.atlassian.com → Security → API tokens)
    const basic = Buffer.from(`${ctx.credentials.email ?? ''}:${ctx.credentials.api_token ?? ''}`).toString('base64');
    this.http = this.createHttp({
      prefixUrl: ctx.config.baseUrl,
      timeoutMs: ctx.config.timeoutMs,
      baseDelayMs: ctx.config.retryBaseDelayMs,
      authHeaders: () => ({ Authorization: `Basic ${basic}`, Accept: 'application/json' }),
      vendor: jiraVendorSignals,
    });
    this.search = new JiraSearch(this.http, ctx.config);
  }

  /** Full and incremental syncs are one JQL search (search.ts); a full one starts at the beginning, so deletes are found. */
  listPage(model: ModelName, options: ListOptions = {}): Promise<ListPage> {
    this.assertModel(model);
    return this.search.page(options.cursor, options.since, options.signal);
  }

  toUnified(model: ModelName, raw: unknown): Record<string, unknown> {
    this.assertModel(model);
    return issueToUnified(raw as JiraIssue, this.config);
  }

  fromUnified(model: ModelName, record: Record<string, unknown>): Record<string, unknown> {
    this.assertModel(model);
    return issueFromUnified(record, this.config, true);
  }

  /**
   * Jira takes no idempotency key: the push key is stored on the issue as a property, and a retried attempt first
   * searches the project's issues created within `pushLookbackMinutes` (with that property) and returns the one an
   * earlier attempt created, whose response was lost, instead of creating a second.
   */
  async create(model: ModelName, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    const body = this.fromUnified(model, record) as { fields: { project: { key: string } } };
    if ((options.attempt ?? 2) > 1) {
      const found = await this.findPushed(body.fields.project.key, options.idempotencyKey, options.signal);
      if (found) return { externalId: found.id, raw: found };
    }
    const json = { ...body, properties: [{ key: PUSH_PROPERTY, value: { client_id: options.idempotencyKey } }] };
    const res = await this.http.request<{ id: string; key: string; self: string }>('POST', 'rest/api/3/issue', { json, signal: options.signal });
    return { externalId: res.body.id, raw: res.body };
  }

  /** An edit sets fields to values: sending it twice leaves the same issue, so it is replay-safe. */
  async update(model: ModelName, externalId: string, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    this.assertModel(model);
    const json = issueFromUnified(record, this.config, false);
    await this.http.request('PUT', `rest/api/3/issue/${encodeURIComponent(externalId)}`, { json, replaySafe: true, signal: options.signal });
    return { externalId, raw: json };
  }

  private async findPushed(project: string, key: string, signal?: AbortSignal): Promise<JiraIssue | undefined> {
    const jql = `project = "${project}" AND created >= "-${this.config.pushLookbackMinutes}m" ORDER BY created DESC`;
    let token: string | undefined;
    do {
      const searchParams: Record<string, string> = {
        jql,
        maxResults: '100',
        fields: 'summary',
        properties: PUSH_PROPERTY,
        ...(token ? { nextPageToken: token } : {}),
      };
      const { body } = await this.http.request<JiraSearchPage>('GET', 'rest/api/3/search/jql', { searchParams, signal });
      const hit = body.issues.find((i) => (i.properties?.[PUSH_PROPERTY] as { client_id?: string } | undefined)?.client_id === key);
      if (hit) return hit;
      token = body.isLast === true ? undefined : body.nextPageToken;
    } while (token);
    return undefined;
  }
}
