import { fromMinorUnits, toMinorUnits } from '../../schema';
import { BaseAdapter } from '../core/base';
import type { HttpClient } from '../core/http';
import type { AdapterContext, ConnectorInfo, ListOptions, ListPage, ModelName, WriteOptions, WriteResult } from '../core/types';
import type { MockRecord } from './generate';
import type { MockConfig } from './config';

/** The mock connector's name, version, capabilities and models: declared here only (index.ts spreads it). */
export const mockInfo = {
  name: 'mock',
  version: '1.0.0',
  capabilities: ['read', 'write', 'webhook'],
  models: ['customer', 'invoice'],
} as const satisfies ConnectorInfo;

type Model = (typeof mockInfo.models)[number];
const PATH: Record<Model, string> = { customer: 'customers', invoice: 'invoices' };
interface MockLine {
  id: string;
  description: string;
  quantity: number;
  unit_amount: number;
  amount: number;
}

/** The demo connector for the local fake API in ./server.ts. */
export class MockAdapter extends BaseAdapter<MockConfig> {
  private readonly http: HttpClient;

  constructor(ctx: AdapterContext<MockConfig>) {
    super(mockInfo, ctx);
    const key = ctx.credentials.api_key;
    this.http = this.createHttp({
      prefixUrl: ctx.config.baseUrl,
      timeoutMs: ctx.config.timeoutMs,
      retries: ctx.config.retries,
      baseDelayMs: ctx.config.retryBaseDelayMs,
      authHeaders: (): Record<string, string> => (key ? { Authorization: `Bearer ${key}` } : {}),
    });
  }

  private model(model: ModelName): Model {
    this.assertModel(model);
    return model as Model;
  }

  /** Keyset pages ordered by (updated_at, id); the watermark is the last updated_at read, so reruns overlap by one. */
  async listPage(model: ModelName, options: ListOptions = {}): Promise<ListPage> {
    const m = this.model(model);
    const searchParams: Record<string, string> = { limit: String(options.pageSize ?? 100) };
    if (options.cursor) searchParams.cursor = options.cursor;
    if (options.since) searchParams.updated_since = options.since;
    const res = await this.http.request<{ data: MockRecord[]; next_cursor: string | null }>('GET', PATH[m], { searchParams, signal: options.signal });
    const { data, next_cursor } = res.body;
    return {
      items: data.map((r) => ({ sourceId: r.id, raw: r, sourceUpdatedAt: r.updated_at, sourceVersion: r.version })),
      nextCursor: next_cursor,
      highWatermark: data.at(-1)?.updated_at ?? options.since ?? null,
    };
  }

  async get(model: ModelName, id: string): Promise<unknown> {
    return (await this.http.request('GET', `${PATH[this.model(model)]}/${encodeURIComponent(id)}`)).body;
  }

  toUnified(model: ModelName, raw: unknown): Record<string, unknown> {
    const r = raw as MockRecord & Record<string, never>;
    const base = { source_system: 'mock', source_id: r.id, created_at: r.created_at, updated_at: r.updated_at, version: r.version, raw_data: r };
    if (this.model(model) === 'customer') {
      const a = r.address as { line1?: string; city?: string; postal_code?: string; country?: string } | undefined;
      return {
        ...base,
        email: r.email,
        full_name: r.name,
        phone: r.phone ?? null,
        company: r.company ?? null,
        tags: [],
        custom_fields: {},
        billing_address: a ? { street: a.line1 ?? null, city: a.city ?? null, postal_code: a.postal_code ?? null, country: a.country ?? null } : null,
      };
    }
    const cur = String(r.currency);
    const money = (v: unknown) => fromMinorUnits(Number(v ?? 0), cur);
    const status = r.status === 'open' ? 'pending' : r.status;
    return {
      ...base,
      customer_id: r.customer_id,
      invoice_number: r.number,
      status,
      currency: cur,
      subtotal: money(r.subtotal),
      tax: money(r.tax),
      total: money(r.total),
      issue_date: r.issued_on,
      due_date: r.due_on ?? null,
      line_items: ((r.lines ?? []) as MockLine[]).map((l) => ({
        source_id: l.id,
        description: l.description,
        quantity: l.quantity,
        unit_price: money(l.unit_amount),
        total: money(l.amount),
      })),
    };
  }

  fromUnified(model: ModelName, record: Record<string, unknown>): Record<string, unknown> {
    if (this.model(model) === 'customer') {
      const a = record.billing_address as Record<string, string | null> | null | undefined;
      return {
        name: record.full_name,
        email: record.email,
        phone: record.phone ?? null,
        company: record.company ?? null,
        address: a ? { line1: a.street ?? null, city: a.city ?? null, postal_code: a.postal_code ?? null, country: a.country ?? null } : null,
      };
    }
    const cur = String(record.currency);
    const minor = (v: unknown) => Number(toMinorUnits(String(v ?? '0'), cur));
    const lines = (record.line_items as Array<Record<string, unknown>> | undefined) ?? [];
    return {
      customer_id: record.customer_id,
      number: record.invoice_number,
      status: record.status === 'pending' ? 'open' : record.status,
      currency: cur,
      subtotal: minor(record.subtotal),
      tax: minor(record.tax),
      total: minor(record.total),
      issued_on: record.issue_date,
      due_on: record.due_date ?? null,
      lines: lines.map((l, i) => ({
        id: String(l.source_id ?? `l${i}`),
        description: l.description ?? '',
        quantity: l.quantity ?? 1,
        unit_amount: minor(l.unit_price),
        amount: minor(l.total),
      })),
    };
  }

  async create(model: ModelName, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    const m = this.model(model);
    const res = await this.http.request<MockRecord>('POST', PATH[m], {
      json: this.fromUnified(m, record),
      headers: { 'Idempotency-Key': options.idempotencyKey },
      replaySafe: true,
      signal: options.signal,
    });
    return { externalId: res.body.id, raw: res.body };
  }

  async update(model: ModelName, externalId: string, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    const m = this.model(model);
    const res = await this.http.request<MockRecord>('PATCH', `${PATH[m]}/${encodeURIComponent(externalId)}`, {
      json: this.fromUnified(m, record),
      headers: { 'Idempotency-Key': options.idempotencyKey },
      replaySafe: true,
      signal: options.signal,
    });
    return { externalId: res.body.id, raw: res.body };
  }
}
