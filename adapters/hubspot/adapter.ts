import { BaseAdapter } from '../core/base';
import { decodeCursor, encodeCursor } from '../core/cursor';
import { ValidationError } from '../core/errors';
import type { HttpClient } from '../core/http';
import type { AdapterContext, ConnectorInfo, DeletedItem, ListOptions, ListPage, ModelName, SourceItem, WriteOptions, WriteResult } from '../core/types';
import { BATCH_SIZE, LIST_LIMIT, SEARCH_CAP, SEARCH_LIMIT, hubspotVendorSignals, toMs, type HubspotConfig, type HubspotObject, type HubspotPage } from './api';
import { recentCompanySearch } from './companies';
import { batchWrite, type BatchMode } from './batch';
import { CRM_OBJECTS, type CrmObjectType } from './objects';

/** The HubSpot connector's name, version, capabilities and models: declared here only (index.ts spreads it). */
export const hubspotInfo = {
  name: 'hubspot',
  version: '1.0.0',
  capabilities: ['read', 'write', 'delete', 'webhook', 'batch'],
  models: ['customer', 'company'],
} as const satisfies ConnectorInfo;

const CONTACTS = 'crm/v3/objects/contacts';
/** list: `a` = after, `s` = listing start (ms). search: `t` = anchor (ms, GTE), `a` = after, `h` = newest seen (ms). */
type Cursor = { m: 'list'; a?: string; s: number } | { m: 'search'; t: number; a?: string; h: number };

const modifiedMs = (o: HubspotObject, t: CrmObjectType): number => Date.parse(o.properties[t.modified] ?? o.updatedAt);

/** HubSpot CRM v3 contacts → UnifiedCustomer, companies → UnifiedCompany. */
export class HubspotAdapter extends BaseAdapter<HubspotConfig> {
  private readonly http: HttpClient;
  private readonly extra: Partial<Record<ModelName, string[]>>;

  constructor(ctx: AdapterContext<HubspotConfig>) {
    super(hubspotInfo, ctx);
    const token = ctx.credentials.access_token ?? '';
    this.extra = { customer: ctx.config.properties ?? [], company: ctx.config.companyProperties ?? [] };
    this.http = this.createHttp({
      prefixUrl: ctx.config.baseUrl,
      timeoutMs: ctx.config.timeoutMs,
      baseDelayMs: ctx.config.retryBaseDelayMs,
      authHeaders: () => ({ Authorization: `Bearer ${token}` }),
      vendor: (res, body) => hubspotVendorSignals(res, body),
    });
  }

  /**
   * Full runs page the list endpoint with `after`. Incremental runs (`since`) search lastmodifieddate GTE the
   * anchor, ascending; search stops at 10,000 results per query, so before reaching that the window is re-anchored
   * on the last timestamp read (records sharing it are read twice, which upserts absorb).
   */
  async listPage(model: ModelName, options: ListOptions = {}): Promise<ListPage> {
    const t = this.type(model);
    const state: Cursor = options.cursor
      ? decodeCursor<Cursor>(options.cursor, 'hubspot')
      : options.since
        ? { m: 'search', t: toMs(options.since), h: toMs(options.since) }
        : { m: 'list', s: Date.now() };
    return state.m === 'list' ? this.listStep(t, state, options) : this.searchStep(t, state, options);
  }

  private type(model: ModelName): CrmObjectType {
    this.assertModel(model);
    return CRM_OBJECTS[model]!;
  }

  private props(t: CrmObjectType): string[] {
    return [...new Set([...t.properties, ...(this.extra[t.model] ?? [])])];
  }

  private async listStep(t: CrmObjectType, state: Extract<Cursor, { m: 'list' }>, options: ListOptions): Promise<ListPage> {
    const searchParams: Record<string, string> = { limit: String(Math.min(options.pageSize ?? LIST_LIMIT, LIST_LIMIT)), properties: this.props(t).join(',') };
    if (state.a) searchParams.after = state.a;
    const { body } = await this.http.request<HubspotPage>('GET', t.path, { searchParams, signal: options.signal });
    const next = body.paging?.next?.after;
    return {
      items: body.results.map((o) => ({ sourceId: o.id, raw: o, sourceUpdatedAt: o.updatedAt })),
      nextCursor: next ? encodeCursor({ ...state, a: next }) : null,
      highWatermark: next ? null : new Date(state.s).toISOString(),
    };
  }

  private async searchStep(t: CrmObjectType, state: Extract<Cursor, { m: 'search' }>, options: ListOptions): Promise<ListPage> {
    const limit = Math.min(options.pageSize ?? SEARCH_LIMIT, SEARCH_LIMIT);
    const request = {
      filterGroups: [{ filters: [{ propertyName: t.modified, operator: 'GTE', value: String(state.t) }] }],
      sorts: [{ propertyName: t.modified, direction: 'ASCENDING' }],
      properties: this.props(t),
      limit,
      after: state.a ?? '0',
    };
    const { body } = await this.http.request<HubspotPage>('POST', `${t.path}/search`, { json: request, replaySafe: true, signal: options.signal });
    const newest = body.results.reduce((max, o) => Math.max(max, modifiedMs(o, t)), state.h);
    const items = body.results.map((o) => ({ sourceId: o.id, raw: o, sourceUpdatedAt: o.updatedAt }));
    const next = body.paging?.next?.after;
    const offset = Number(state.a ?? 0);
    // At the cap HubSpot may still offer a next page (which then fails) or stop offering one: re-anchor either way.
    const capped = next ? Number(next) + limit >= SEARCH_CAP : body.total !== undefined && body.total > offset + body.results.length;
    if (!next && !capped) return { items, nextCursor: null, highWatermark: new Date(newest).toISOString() };
    let nextState: Cursor = { ...state, a: next, h: newest };
    if (capped) {
      const anchor = modifiedMs(body.results.at(-1)!, t);
      if (anchor <= state.t) {
        throw new ValidationError(
          `hubspot: more than ${SEARCH_CAP} ${t.model} objects share ${t.modified} ${new Date(anchor).toISOString()}; run a full sync instead of an incremental one`,
        );
      }
      nextState = { m: 'search', t: anchor, h: newest };
    }
    return { items, nextCursor: encodeCursor(nextState), highWatermark: null };
  }

  async get(model: ModelName, id: string): Promise<unknown> {
    const t = this.type(model);
    return (await this.http.request('GET', `${t.path}/${encodeURIComponent(id)}`, { searchParams: { properties: this.props(t).join(',') } })).body;
  }

  /** batch/read, 100 ids per call; contacts HubSpot no longer has come back as errors and are left out. */
  async getMany(model: ModelName, ids: string[], options: { signal?: AbortSignal } = {}): Promise<SourceItem[]> {
    const t = this.type(model);
    const out: SourceItem[] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) {
      const inputs = ids.slice(i, i + BATCH_SIZE).map((id) => ({ id }));
      const json = { properties: this.props(t), propertiesWithHistory: [], inputs };
      const { body } = await this.http.request<{ results: HubspotObject[] }>('POST', `${t.path}/batch/read`, {
        json,
        replaySafe: true,
        signal: options.signal,
      });
      out.push(...body.results.map((o) => ({ sourceId: o.id, raw: o, sourceUpdatedAt: o.updatedAt })));
    }
    return out;
  }

  /** Archived (deleted) objects, from the list endpoint with archived=true. */
  async listDeletedSince(
    model: ModelName,
    since: string | null,
    options: { signal?: AbortSignal } = {},
  ): Promise<{ items: DeletedItem[]; highWatermark: string | null }> {
    const t = this.type(model);
    const started = new Date().toISOString();
    const from = since ? toMs(since) : 0;
    const items: DeletedItem[] = [];
    let after: string | undefined;
    do {
      const searchParams: Record<string, string> = { limit: String(LIST_LIMIT), archived: 'true' };
      if (after) searchParams.after = after;
      const { body } = await this.http.request<HubspotPage>('GET', t.path, { searchParams, signal: options.signal });
      for (const o of body.results) if (!o.archivedAt || Date.parse(o.archivedAt) >= from) items.push({ sourceId: o.id, deletedAt: o.archivedAt });
      after = body.paging?.next?.after;
    } while (after);
    return { items, highWatermark: started };
  }

  toUnified(model: ModelName, raw: unknown): Record<string, unknown> {
    return this.type(model).toUnified(raw as HubspotObject);
  }

  fromUnified(model: ModelName, record: Record<string, unknown>): Record<string, unknown> {
    return this.type(model).fromUnified(record);
  }

  /**
   * HubSpot takes no idempotency key, so a create is sent once. A contact retry that finds the contact already
   * there (409 "Existing ID: n", contacts are unique by email) returns it. Companies are unique by nothing, so a
   * retried attempt first searches for one with the same name and domain created in the look-back window.
   */
  async create(model: ModelName, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    const t = this.type(model);
    const fields = t.fromUnified(record) as { properties: Record<string, string> };
    const body = { ...fields, associations: [] };
    if (t.model === 'company' && (options.attempt ?? 2) > 1) {
      const since = Date.now() - (this.config.pushLookbackMinutes ?? 60) * 60_000;
      const json = recentCompanySearch(fields.properties, since);
      const found = (await this.http.request<HubspotPage>('POST', `${t.path}/search`, { json, replaySafe: true, signal: options.signal })).body.results[0];
      if (found) return { externalId: found.id, raw: found };
    }
    try {
      const res = await this.http.request<HubspotObject>('POST', t.path, { json: body, signal: options.signal });
      return { externalId: res.body.id, raw: res.body };
    } catch (err) {
      const existing = t.model === 'customer' && err instanceof ValidationError && err.status === 409 ? /Existing ID: (\d+)/.exec(err.message)?.[1] : undefined;
      if (!existing) throw err;
      return { externalId: existing, raw: await this.get(model, existing) };
    }
  }

  async update(model: ModelName, externalId: string, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    const t = this.type(model);
    const res = await this.http.request<HubspotObject>('PATCH', `${t.path}/${encodeURIComponent(externalId)}`, {
      json: t.fromUnified(record),
      replaySafe: true,
      signal: options.signal,
    });
    return { externalId: res.body.id, raw: res.body };
  }

  /** batch/create, batch/update or batch/upsert (by email), 100 inputs per call (adapters/hubspot/batch.ts). */
  batch(mode: BatchMode, records: Array<{ id?: string; record: Record<string, unknown> }>, options: { signal?: AbortSignal } = {}): Promise<WriteResult[]> {
    return batchWrite(this.http, CONTACTS, mode, records, options.signal);
  }
}
