import { decodeCursor, encodeCursor } from '../core/cursor';
import type { HttpClient } from '../core/http';
import type { ListPage, SourceItem } from '../core/types';
import { secondsTs, slackCall, tsIso, tsMicros, type SlackChannel, type SlackConfig, type SlackMessage, type SlackPage } from './api';
import { messageId, messageVersion } from './mapping';

/**
 * Where a listing stands, as the opaque cursor. One request moves it one step: replies of the next thread parent,
 * else the next history page of the current channel, else the next page of conversations.list.
 * w: window start (ms; null on a full sync), s: listing start (the next highWatermark), cl: conversations.list cursor,
 * ld: channel list done, ch: channel ids still to read, h: history cursor of ch[0], hd: its history done,
 * th: thread parents (ts) of ch[0] still to read, r: replies cursor of th[0].
 */
type State = { w: number | null; s: number; cl?: string; ld: boolean; ch: string[]; h?: string; hd: boolean; th: string[]; r?: string };

/** Enough steps per page that a page is rarely empty, few enough to keep each listPage call short. */
const MAX_STEPS = 20;

export class SlackListing {
  constructor(
    private readonly http: HttpClient,
    private readonly config: SlackConfig,
  ) {}

  start(since: string | null | undefined, now = Date.now()): State {
    const w = since ? Date.parse(since) - this.config.lookbackDays * 86_400_000 : null;
    return { w: w === null || Number.isNaN(w) ? null : Math.max(0, w), s: now, ld: false, ch: [], hd: false, th: [] };
  }

  async page(cursor: string | null | undefined, since: string | null | undefined, signal?: AbortSignal): Promise<ListPage> {
    const state = cursor ? decodeCursor<State>(cursor, 'slack') : this.start(since);
    const items: SourceItem[] = [];
    for (let steps = 0; steps < MAX_STEPS && items.length === 0; steps++) {
      const done = await this.step(state, items, signal);
      if (done) return { items, nextCursor: null, highWatermark: new Date(state.s).toISOString() };
    }
    return { items, nextCursor: encodeCursor(state), highWatermark: null };
  }

  /** One request; returns true when there is nothing left to read. */
  private async step(st: State, out: SourceItem[], signal?: AbortSignal): Promise<boolean> {
    const limit = String(this.config.pageSize);
    const window: Record<string, string> = st.w === null ? {} : { oldest: secondsTs(st.w) };
    const [channel] = st.ch;
    if (channel && st.th.length > 0) {
      const searchParams = { channel, ts: st.th[0]!, limit, ...window, ...(st.r ? { cursor: st.r } : {}) };
      const body = await slackCall<SlackPage>(this.http, 'conversations.replies', { searchParams, signal });
      const parent = st.th[0]!;
      for (const m of body.messages ?? []) if (m.ts !== parent) out.push(item(m, channel));
      st.r = next(body);
      if (!st.r) st.th.shift();
      return false;
    }
    if (channel && !st.hd) {
      const searchParams = { channel, limit, include_all_metadata: 'true', ...window, ...(st.h ? { cursor: st.h } : {}) };
      const body = await slackCall<SlackPage>(this.http, 'conversations.history', { searchParams, signal });
      for (const m of body.messages ?? []) {
        out.push(item(m, channel));
        const changedInWindow = st.w === null || (m.latest_reply !== undefined && tsMicros(m.latest_reply) > st.w * 1000);
        if ((m.reply_count ?? 0) > 0 && (m.thread_ts ?? m.ts) === m.ts && changedInWindow) st.th.push(m.ts);
      }
      st.h = next(body);
      st.hd = !st.h;
      return false;
    }
    if (channel) {
      st.ch.shift();
      st.hd = false;
      st.h = undefined;
      return false;
    }
    if (st.ld) return true;
    const searchParams: Record<string, string> = { types: this.config.types, limit: '200', exclude_archived: 'false', ...(st.cl ? { cursor: st.cl } : {}) };
    const body = await slackCall<SlackPage>(this.http, 'conversations.list', { searchParams, signal });
    st.ch = (body.channels ?? []).filter((c) => this.wanted(c)).map((c) => c.id);
    st.cl = next(body);
    st.ld = !st.cl;
    return false;
  }

  private wanted(c: SlackChannel): boolean {
    return this.config.channels ? this.config.channels.includes(c.id) : c.is_member !== false;
  }
}

const next = (body: SlackPage): string | undefined => body.response_metadata?.next_cursor || undefined;

/**
 * History and replies do not repeat the channel, Events do: the message gets it, as an Event would carry it. Its
 * name is left out (channel_name stays null): Events do not carry it, and a rename would leave every copy stale.
 */
function item(m: SlackMessage, id: string): SourceItem {
  const raw: SlackMessage = { ...m, channel: id };
  return { sourceId: messageId(id, m.ts), raw, sourceVersion: messageVersion(m), sourceUpdatedAt: tsIso(m.edited?.ts ?? m.ts) };
}
