import { ValidationError } from '../core/errors';
import { tsIso, tsMicros, type SlackMessage } from './api';

/** A message's id across the workspace: ts is unique only within its channel. */
export const messageId = (channel: string, ts: string): string => `${channel}:${ts}`;

export function parseMessageId(id: string): { channel: string; ts: string } {
  const m = /^([CGD][A-Z0-9]{2,}):(\d{10}\.\d{6})$/.exec(id);
  if (!m) throw new ValidationError(`"${id}" is not a Slack message id; expected "<channel id>:<ts>", e.g. "C012AB3CD:1512085950.000216"`);
  return { channel: m[1]!, ts: m[2]! };
}

/** Orders changes to one message: its last edit, else its post time (microseconds, like Slack's ts). */
export const messageVersion = (m: SlackMessage): number => tsMicros(m.edited?.ts ?? m.ts);

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

export function messageToUnified(m: SlackMessage): Record<string, unknown> {
  const channel = m.channel ?? '';
  const reply = m.thread_ts && m.thread_ts !== m.ts;
  return {
    source_system: 'slack',
    source_id: messageId(channel, m.ts),
    channel_id: channel,
    channel_name: null, // see listing.ts: Events carry no name, and renames would leave copies stale
    user_id: m.user ?? null,
    text: m.text ?? '',
    thread_id: reply ? messageId(channel, m.thread_ts!) : null,
    sent_at: tsIso(m.ts),
    edited_at: m.edited ? tsIso(m.edited.ts) : null,
    mentions: [...new Set([...(m.text ?? '').matchAll(MENTION)].map((x) => x[1]!))],
    created_at: tsIso(m.ts),
    updated_at: tsIso(m.edited?.ts ?? m.ts),
    raw_data: m,
  };
}

/** The chat.postMessage fields for a canonical message: the channel, the text and, for a reply, the parent's ts. */
export function messageFromUnified(r: Record<string, unknown>): Record<string, string> {
  const channel = typeof r.channel_id === 'string' ? r.channel_id : '';
  if (!/^[CGD][A-Z0-9]{2,}$/.test(channel)) throw new ValidationError('channel_id: a message pushed to Slack needs the channel id (e.g. "C012AB3CD")');
  const out: Record<string, string> = { channel, text: typeof r.text === 'string' ? r.text : '' };
  if (typeof r.thread_id === 'string' && r.thread_id) out.thread_ts = parseMessageId(r.thread_id).ts;
  return out;
}
