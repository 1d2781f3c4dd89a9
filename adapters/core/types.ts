import type { ModelName } from './model-name';
import type { RequestPacer } from './pacing';

export type { ModelName };

/** What a connector can do; activities and the CLI read these flags instead of probing methods. */
export type Capability = 'read' | 'write' | 'delete' | 'webhook' | 'batch';
export const CAPABILITIES: readonly Capability[] = ['read', 'write', 'delete', 'webhook', 'batch'];

/** Structured log sink; adapters pass only redacted metadata (see core/redact.ts). */
export interface AdapterLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export interface ListOptions {
  /** Opaque cursor returned by the previous page; resumes exactly after the last committed page. */
  cursor?: string | null;
  /** The highWatermark saved after the previous sync: only records changed at or after it (incremental mode). */
  since?: string | null;
  pageSize?: number;
  signal?: AbortSignal;
}

export interface SourceItem {
  sourceId: string;
  raw: unknown;
  /** ISO time of the record's last change in the source, when the API tells. */
  sourceUpdatedAt?: string;
  /** Monotonic version when the source has one; upserts never let a lower version win. */
  sourceVersion?: number;
}

export interface ListPage {
  items: SourceItem[];
  /** null when the listing is complete. */
  nextCursor: string | null;
  /** Value to save as `since` for the next incremental sync, once every page up to here is committed. */
  highWatermark?: string | null;
}

export interface WriteOptions {
  /** Sent to the vendor so a retried write is applied once; derive it from the workflow and activity IDs. */
  idempotencyKey: string;
  /**
   * Which attempt of the push this is (1 = the first). Vendors without idempotency keys (Slack, Jira) look for
   * the record an earlier attempt may have written before writing again; unset means it may be a retry.
   */
  attempt?: number;
  signal?: AbortSignal;
}

export interface WriteResult {
  externalId: string;
  raw: unknown;
}

export interface DeletedItem {
  sourceId: string;
  deletedAt?: string;
}

/**
 * What a connector is, declared once per connector (e.g. `stripeInfo` in adapters/stripe/adapter.ts): its adapter
 * reports it and its definition (index.ts) spreads it, so the catalogue and the adapter cannot disagree.
 */
export interface ConnectorInfo {
  readonly name: string;
  readonly version: string;
  readonly capabilities: readonly Capability[];
  readonly models: readonly ModelName[];
}

export interface SourceAdapter extends ConnectorInfo {
  listPage(model: ModelName, options?: ListOptions): Promise<ListPage>;
  /** A plain object that schema's parseRecord validates; never throws for a merely incomplete record. */
  toUnified(model: ModelName, raw: unknown): Record<string, unknown>;
  /** The vendor payload for a canonical record (the body create/update send). */
  fromUnified(model: ModelName, record: Record<string, unknown>): Record<string, unknown>;
  create(model: ModelName, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult>;
  update(model: ModelName, externalId: string, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult>;
  get?(model: ModelName, id: string, options?: { signal?: AbortSignal }): Promise<unknown>;
  /**
   * The current state of several objects, as listPage items (HubSpot: batch/read, 100 ids per call). Ids the
   * source no longer has are left out. Thin webhook events are fetched through this (or get, one by one).
   */
  getMany?(model: ModelName, ids: string[], options?: { signal?: AbortSignal }): Promise<SourceItem[]>;
  /** Deletions since a watermark, where the API exposes them (events, tombstones). */
  listDeletedSince?(
    model: ModelName,
    since: string | null,
    options?: { signal?: AbortSignal },
  ): Promise<{ items: DeletedItem[]; highWatermark: string | null }>;
}

export interface AdapterContext<Config = unknown> {
  config: Config;
  credentials: Record<string, string>;
  logger?: AdapterLogger;
  /** Paces requests under the credential's budget, shared with every other user of that credential. */
  pacer?: RequestPacer;
}
