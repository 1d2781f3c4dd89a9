/**
 * The Web API methods of the Slack fake (slack-fake.ts) over its in-memory channels: conversations.list/history/replies
 * with Slack's cursors (history newest first, oldest/latest/inclusive ranges), chat.postMessage and chat.update.
 */
export type Node = Record<string, unknown>;
export interface FakeMessage {
  type: 'message';
  ts: string;
  text: string;
  user: string;
  thread_ts?: string;
  subtype?: string;
  edited?: { user: string; ts: string };
  metadata?: { event_type: string; event_payload: Node };
}
export interface FakeChannel {
  id: string;
  name: string;
  is_member: boolean;
  messages: FakeMessage[];
}

/** The method router of one fake workspace; `nextTs` hands out message timestamps. */
export function slackRouter(channels: FakeChannel[], nextTs: () => string) {
  const cursorOf = (i: number) => Buffer.from(`offset:${i}`).toString('base64');
  const offsetOf = (c: string | null) => (c ? Number(Buffer.from(c, 'base64').toString().split(':')[1]) : 0);
  const micros = (ts: string) => Number(ts.replace('.', ''));
  const isTop = (m: FakeMessage) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast';
  const inRange = (q: URLSearchParams) => (m: FakeMessage) => {
    const t = micros(m.ts);
    const incl = q.get('inclusive') === 'true';
    const lo = q.get('oldest') ? micros(Number(q.get('oldest')).toFixed(6)) : -1;
    const hi = q.get('latest') ? micros(Number(q.get('latest')).toFixed(6)) : Infinity;
    return (incl ? t >= lo : t > lo) && (incl ? t <= hi : t < hi);
  };
  const view = (ch: FakeChannel, m: FakeMessage, meta: boolean, inReplies: boolean): Node => {
    const replies = ch.messages.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts);
    const out: Node = {
      type: m.type,
      ts: m.ts,
      text: m.text,
      user: m.user,
      ...(m.subtype ? { subtype: m.subtype } : {}),
      ...(m.edited ? { edited: m.edited } : {}),
      ...(meta && m.metadata ? { metadata: m.metadata } : {}),
    };
    if (replies.length)
      Object.assign(out, {
        thread_ts: m.ts,
        reply_count: replies.length,
        latest_reply: replies.at(-1)!.ts,
        ...(inReplies
          ? { subscribed: false }
          : { reply_users: [...new Set(replies.map((r) => r.user))], reply_users_count: new Set(replies.map((r) => r.user)).size }),
      });
    else if (m.thread_ts && m.thread_ts !== m.ts)
      Object.assign(out, { thread_ts: m.thread_ts, parent_user_id: ch.messages.find((p) => p.ts === m.thread_ts)?.user ?? m.user });
    else if (inReplies) Object.assign(out, { thread_ts: m.ts, reply_count: 0, subscribed: false });
    return out;
  };
  const page = <T>(all: T[], q: URLSearchParams, max: number) => {
    const start = offsetOf(q.get('cursor'));
    const limit = Math.min(Number(q.get('limit') ?? 100), max);
    const items = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return { items, more, meta: more ? { response_metadata: { next_cursor: cursorOf(start + limit) } } : {} };
  };

  function route(method: string, q: URLSearchParams, body: Node): Node {
    const ch = channels.find((c) => c.id === (q.get('channel') ?? body.channel));
    const meta = q.get('include_all_metadata') === 'true';
    if (method === 'conversations.list') {
      const p = page(channels, q, 1000);
      return {
        ok: true,
        channels: p.items.map((c) => ({
          id: c.id,
          name: c.name,
          name_normalized: c.name,
          created: 1_449_252_889,
          creator: 'U012A3CDE',
          is_archived: false,
          is_channel: true,
          is_general: c.id === channels[0]!.id,
          is_mpim: false,
          is_group: false,
          is_org_shared: false,
          is_im: false,
          is_shared: false,
          is_private: false,
          is_member: c.is_member,
          topic: { value: '', creator: '', last_set: 0 },
          purpose: { value: '', creator: '', last_set: 0 },
        })),
        ...p.meta,
      };
    }
    if (!ch) return { ok: false, error: 'channel_not_found' };
    if (method.startsWith('conversations.') && !ch.is_member)
      return { ok: false, error: method === 'conversations.history' ? 'channel_not_found' : 'thread_not_found' };
    if (method === 'conversations.history') {
      const p = page(ch.messages.filter(isTop).filter(inRange(q)).reverse(), q, 1000);
      return {
        ok: true,
        messages: p.items.map((m) => view(ch, m, meta, false)),
        has_more: p.more,
        pin_count: 0,
        channel_actions_ts: [],
        channel_actions_count: 0,
        ...p.meta,
      };
    }
    if (method === 'conversations.replies') {
      const parent = ch.messages.find((m) => m.ts === Number(q.get('ts')).toFixed(6));
      if (!parent) return { ok: false, error: 'thread_not_found' };
      const p = page(ch.messages.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts).filter(inRange(q)), q, 1000);
      return { ok: true, messages: [parent, ...p.items].map((m) => view(ch, m, meta, true)), has_more: p.more, ...p.meta };
    }
    if (method === 'chat.postMessage') {
      const m: FakeMessage = {
        type: 'message',
        ts: nextTs(),
        text: String(body.text ?? ''),
        user: 'U0BOTUSER',
        ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}),
        ...(body.metadata ? { metadata: JSON.parse(String(body.metadata)) as FakeMessage['metadata'] } : {}),
      };
      ch.messages.push(m);
      return { ok: true, channel: ch.id, ts: m.ts, message: view(ch, m, false, false) };
    }
    if (method === 'chat.update') {
      const m = ch.messages.find((x) => x.ts === body.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      Object.assign(m, { text: String(body.text ?? m.text), edited: { user: 'U0BOTUSER', ts: nextTs() } });
      return { ok: true, channel: ch.id, ts: m.ts, text: m.text, message: { text: m.text } };
    }
    return { ok: false, error: 'unknown_method' };
  }
  return route;
}
