import { BaseAdapter } from '../core/base';
import type { HttpClient } from '../core/http';
import type { AdapterContext, ConnectorInfo, ListOptions, ListPage, ModelName, WriteOptions, WriteResult } from '../core/types';
import { secondsTs, slackCall, type SlackConfig, type SlackMessage, type SlackPage } from './api';
import { SlackListing } from './listing';
import { messageFromUnified, messageId, messageToUnified, parseMessageId } from './mapping';

/** The Slack connector's name, version, capabilities and models: declared here only (index.ts spreads it). */
export const slackInfo = {
  name: 'slack',
  version: '1.0.0',
  capabilities: ['read', 'write', 'delete', 'webhook'],
  models: ['message'],
} as const satisfies ConnectorInfo;

/** The metadata event type a pushed message carries its client message id in. */
export const PUSH_EVENT_TYPE = 'fabric_push';

type Posted = SlackPage & { ts: string; channel: string; message: SlackMessage };

/** Slack Web API: channels, history and thread replies as UnifiedMessage; pushes through chat.postMessage. */
export class SlackAdapter extends BaseAdapter<SlackConfig> {
  private readonly http: HttpClient;
  private readonly listing: SlackListing;

  constructor(ctx: AdapterContext<SlackConfig>) {
    super(slackInfo, ctx);
    const token = ctx.credentials.access_token ?? '';
    this.http = this.createHttp({
      prefixUrl: ctx.config.baseUrl,
      timeoutMs: ctx.config.timeoutMs,
      baseDelayMs: ctx.config.retryBaseDelayMs,
      authHeaders: () => ({ Authorization: `Bearer ${token}` }),
    });
    this.listing = new SlackListing(this.http, ctx.config);
  }

  /**
   * Every member channel (conversations.list), its history newest first (cursor pages) and the replies of each
   * thread (conversations.replies). Incremental: `oldest` is the last sync's start less `lookbackDays`, so edits and
   * replies inside that window are read again; deletes are found by full syncs and by message_deleted events.
   */
  listPage(model: ModelName, options: ListOptions = {}): Promise<ListPage> {
    this.assertModel(model);
    return this.listing.page(options.cursor, options.since, options.signal);
  }

  toUnified(model: ModelName, raw: unknown): Record<string, unknown> {
    this.assertModel(model);
    return messageToUnified(raw as SlackMessage);
  }

  fromUnified(model: ModelName, record: Record<string, unknown>): Record<string, unknown> {
    this.assertModel(model);
    return messageFromUnified(record);
  }

  /**
   * chat.postMessage takes no idempotency key, so the push's key travels as the message's metadata (a client message
   * id). A retried attempt first looks for a message carrying that key (posted by an attempt whose response was lost)
   * and returns it instead of posting a second one. The first attempt posts at once: nothing can be there yet.
   */
  async create(model: ModelName, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    const fields = messageFromUnified(record);
    this.assertModel(model);
    if ((options.attempt ?? 2) > 1) {
      const found = await this.findPushed(fields, options.idempotencyKey, options.signal);
      if (found) return { externalId: messageId(fields.channel!, found.ts), raw: { ...found, channel: fields.channel } };
    }
    const metadata = JSON.stringify({ event_type: PUSH_EVENT_TYPE, event_payload: { client_msg_id: options.idempotencyKey } });
    const form = new URLSearchParams({ ...fields, metadata });
    const body = await slackCall<Posted>(this.http, 'chat.postMessage', { form, signal: options.signal });
    return { externalId: messageId(body.channel, body.ts), raw: { ...body.message, channel: body.channel } };
  }

  /** chat.update sets the text of a posted message; sending it twice leaves the same text, so it is replay-safe. */
  async update(model: ModelName, externalId: string, record: Record<string, unknown>, options: WriteOptions): Promise<WriteResult> {
    this.assertModel(model);
    const { channel, ts } = parseMessageId(externalId);
    const form = new URLSearchParams({ channel, ts, text: messageFromUnified(record).text ?? '' });
    const body = await slackCall<Posted>(this.http, 'chat.update', { form, replaySafe: true, signal: options.signal });
    return { externalId, raw: { ...body.message, ts, channel } };
  }

  /** A message in the channel (or thread) posted in the look-back window whose metadata carries this key. */
  private async findPushed(fields: Record<string, string>, key: string, signal?: AbortSignal): Promise<SlackMessage | undefined> {
    const oldest = secondsTs(Date.now() - this.config.pushLookbackMinutes * 60_000);
    const method = fields.thread_ts ? 'conversations.replies' : 'conversations.history';
    let cursor: string | undefined;
    do {
      const searchParams: Record<string, string> = {
        channel: fields.channel!,
        oldest,
        limit: '200',
        include_all_metadata: 'true',
        ...(fields.thread_ts ? { ts: fields.thread_ts } : {}),
        ...(cursor ? { cursor } : {}),
      };
      const body = await slackCall<SlackPage>(this.http, method, { searchParams, signal });
      const hit = (body.messages ?? []).find((m) => m.metadata?.event_type === PUSH_EVENT_TYPE && m.metadata.event_payload.client_msg_id === key);
      if (hit) return hit;
      cursor = body.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  }
}
