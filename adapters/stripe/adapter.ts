import { BaseAdapter } from '../core/base';
import { decodeCursor, encodeCursor } from '../core/cursor';
import type { HttpClient } from '../core/http';
import { toForm } from '../core/form';
import type { AdapterContext, ConnectorInfo, DeletedItem, ListOptions, ListPage, ModelName, WriteOptions, WriteResult } from '../core/types';
import { ValidationError } from '../core/errors';
import {
  customerFromUnified,
  customerToUnified,
  invoiceFromUnified,
  invoiceItemsFromUnified,
  invoiceToUnified,
  type StripeCustomer,
  type StripeInvoice,
} from './mapping';
import { EVENT_TYPES, stripeVendorSignals, stripeConfigSchema, type StripeConfig, type StripeConfigInput, type StripeEvent, type StripeList } from './api';

/** The Stripe connector's name, version, capabilities and models: declared here only (index.ts spreads it). */
export const stripeInfo = {
  name: 'stripe',
  version: '1.0.0',
  capabilities: ['read', 'write', 'delete', 'webhook'],
  models: ['customer', 'invoice'],
} as const satisfies ConnectorInfo;

type Model = (typeof stripeInfo.models)[number];
const PATH: Record<Model, string> = { customer: 'v1/customers', invoice: 'v1/invoices' };
/** Cursor state: `a` = starting_after, `t` = created[gte] (unix s) for incremental runs, `s` = listing start (unix s). */
interface Cursor extends Record<string, unknown> {
  a?: string;
  t?: number;
  s: number;
}

export class StripeAdapter extends BaseAdapter<StripeConfig> {
  private readonly http: HttpClient;

  constructor(ctx: AdapterContext<StripeConfigInput>) {
    super(stripeInfo, { ...ctx, config: stripeConfigSchema.parse(ctx.config) });
    const key = ctx.credentials.api_key ?? '';
    this.http = this.createHttp({
      prefixUrl: this.config.baseUrl,
      timeoutMs: this.config.timeoutMs,
      authHeaders: () => ({ Authorization: `Bearer ${key}` }),
      headers: this.config.apiVersion ? { 'Stripe-Version': this.config.apiVersion } : undefined,
      vendor: stripeVendorSignals,
      fetch: this.config.fetch,
    });
  }

  private model(model: ModelName): Model {
    this.assertModel(model);
    return model as Model;
  }

  /**
   * Lists newest first with starting_after, 100 per page. Incremental runs (`since`, unix seconds or ISO) read the
   * events API for created/updated objects (config `incremental: 'created'` filters the list on created[gte]
   * instead, which misses updates). The highWatermark is the time the listing started: the next run overlaps.
   */
  async listPage(model: ModelName, options: ListOptions = {}): Promise<ListPage> {
    const m = this.model(model);
    const state: Cursor = options.cursor
      ? decodeCursor<Cursor>(options.cursor, 'stripe')
      : { s: Math.floor(Date.now() / 1000), t: options.since ? toUnix(options.since) : undefined };
    const params = new URLSearchParams({ limit: String(Math.min(Math.max(options.pageSize ?? 100, 1), 100)) });
    if (state.a) params.set('starting_after', state.a);
    if (state.t !== undefined && this.config.incremental !== 'created') return this.eventsPage(m, state, params, options.signal);
    if (state.t !== undefined) params.set('created[gte]', String(state.t));
    const res = await this.http.request<StripeList<StripeCustomer | StripeInvoice>>('GET', PATH[m], { searchParams: params, signal: options.signal });
    const data = res.body.data.filter((o) => !(o as StripeCustomer).deleted);
    if (m === 'invoice') for (const inv of data as StripeInvoice[]) await this.completeLines(inv, options.signal);
    const last = res.body.data.at(-1);
    const more = res.body.has_more && last !== undefined;
    return {
      // A listed object is the state as of the listing (Stripe objects carry no update time), so a webhook event older
      // than the listing never overwrites it, and a newer one does.
      items: data.map((o) => ({ sourceId: o.id, raw: o, sourceUpdatedAt: new Date(state.s * 1000).toISOString() })),
      nextCursor: more ? encodeCursor({ ...state, a: last.id }) : null,
      highWatermark: more ? null : new Date(state.s * 1000).toISOString(),
    };
  }

  /** One page of change events; each object appears once per page, as its newest snapshot. */
  private async eventsPage(m: Model, state: Cursor, params: URLSearchParams, signal?: AbortSignal): Promise<ListPage> {
    for (const type of EVENT_TYPES[m].changed) params.append('types[]', type);
    params.set('created[gte]', String(state.t));
    const res = await this.http.request<StripeList<StripeEvent<StripeCustomer | StripeInvoice>>>('GET', 'v1/events', { searchParams: params, signal });
    const seen = new Set<string>();
    const items = [];
    for (const ev of res.body.data) {
      const o = ev.data.object;
      if (o.object !== m || seen.has(o.id) || (o as StripeCustomer).deleted) continue;
      seen.add(o.id);
      if (m === 'invoice') await this.completeLines(o as StripeInvoice, signal);
      items.push({ sourceId: o.id, raw: o, sourceUpdatedAt: new Date(ev.created * 1000).toISOString() });
    }
    const last = res.body.data.at(-1);
    const more = res.body.has_more && last !== undefined;
    return { items, nextCursor: more ? encodeCursor({ ...state, a: last.id }) : null, highWatermark: more ? null : new Date(state.s * 1000).toISOString() };
  }

  /** An invoice embeds its first lines only; fetch the rest so line totals add up to the subtotal. */
  private async completeLines(inv: StripeInvoice, signal?: AbortSignal): Promise<void> {
    while (inv.lines?.has_more && inv.lines.data.length > 0) {
      const params = new URLSearchParams({ limit: '100', starting_after: inv.lines.data.at(-1)!.id });
      const res = await this.http.request<StripeList<NonNullable<StripeInvoice['lines']>['data'][number]>>(
        'GET',
        `v1/invoices/${encodeURIComponent(inv.id)}/lines`,
        { searchParams: params, signal },
      );
      inv.lines = { ...inv.lines, data: [...inv.lines.data, ...res.body.data], has_more: res.body.has_more };
    }
  }

  async get(model: ModelName, id: string, options: { signal?: AbortSignal } = {}): Promise<unknown> {
    const m = this.model(model);
    return (await this.http.request('GET', `${PATH[m]}/${encodeURIComponent(id)}`, { signal: options.signal })).body;
  }

  /** Deletions from the events API (customer.deleted / invoice.deleted), kept by Stripe for 30 days. */
  async listDeletedSince(
    model: ModelName,
    since: string | null,
    options: { signal?: AbortSignal } = {},
  ): Promise<{ items: DeletedItem[]; highWatermark: string | null }> {
    const m = this.model(model);
    const started = Math.floor(Date.now() / 1000);
    const items: DeletedItem[] = [];
    let after: string | undefined;
    for (;;) {
      const params = new URLSearchParams({ limit: '100', type: EVENT_TYPES[m].deleted });
      if (since) params.set('created[gte]', String(toUnix(since)));
      if (after) params.set('starting_after', after);
      const res = await this.http.request<StripeList<{ id: string; created: number; data: { object: { id: string } } }>>('GET', 'v1/events', {
        searchParams: params,
        signal: options.signal,
      });
      for (const ev of res.body.data) items.push({ sourceId: ev.data.object.id, deletedAt: new Date(ev.created * 1000).toISOString() });
      after = res.body.data.at(-1)?.id;
      if (!res.body.has_more || !after) break;
    }
    return { items, highWatermark: new Date(started * 1000).toISOString() };
  }

  toUnified(model: ModelName, raw: unknown): Record<string, unknown> {
    return this.model(model) === 'customer' ? customerToUnified(raw as StripeCustomer) : invoiceToUnified(raw as StripeInvoice);
  }

  fromUnified(model: ModelName, record: Record<string, unknown>): Record<string, unknown> {
    return this.model(model) === 'customer' ? customerFromUnified(record) : invoiceFromUnified(record);
  }

  private post<T>(path: string, body: Record<string, unknown>, key: string, signal?: AbortSignal) {
    if (!key || key.length > 255)
      throw new ValidationError("idempotencyKey: must be 1 to 255 characters (Stripe's limit); derive it from the workflow and activity IDs");
    return this.http.request<T>('POST', path, { form: toForm(body), headers: { 'Idempotency-Key': key }, replaySafe: true, signal });
  }

  async create(model: ModelName, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    const m = this.model(model);
    const res = await this.post<{ id: string; customer?: string }>(PATH[m], this.fromUnified(m, record), options.idempotencyKey, options.signal);
    if (m === 'invoice') {
      const items = invoiceItemsFromUnified(record, res.body.id, String(record.customer_id));
      for (const [i, item] of items.entries()) await this.post('v1/invoiceitems', item, `${options.idempotencyKey}:line:${i}`, options.signal);
    }
    return { externalId: res.body.id, raw: res.body };
  }

  async update(model: ModelName, externalId: string, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    const m = this.model(model);
    const body = this.fromUnified(m, record);
    if (m === 'invoice') {
      delete body.customer; // an invoice's customer and currency are fixed once created
      delete body.currency;
    }
    const res = await this.post<{ id: string }>(`${PATH[m]}/${encodeURIComponent(externalId)}`, body, options.idempotencyKey, options.signal);
    return { externalId: res.body.id, raw: res.body };
  }
}

function toUnix(since: string): number {
  const n = /^\d+$/.test(since) ? Number(since) : Math.floor(Date.parse(since) / 1000);
  if (!Number.isFinite(n)) throw new ValidationError(`since: "${since}" is not a time; pass an ISO timestamp or unix seconds`);
  return n;
}
