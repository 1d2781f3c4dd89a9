import { isObj, text } from '../core/webhook/generic';
import { slackScheme } from '../core/webhook/schemes/slack';
import type { EventOutcome, Extracted, StoredEvent, WebhookModule } from '../core/webhook/types';
import { tsIso, tsMicros, type SlackMessage } from './api';
import { messageId, messageVersion } from './mapping';

type Headers = Record<string, string | string[] | undefined>;
interface Callback {
  type?: string;
  challenge?: string;
  event_id?: string;
  team_id?: string;
  event_time?: number;
  event?: Record<string, unknown>;
}

const one = (h: Headers, name: string) => (Array.isArray(h[name]) ? h[name][0] : h[name]) as string | undefined;

/**
 * Slack's Events API: the url_verification handshake is answered with its challenge (after the signature check);
 * an event_callback is one event, deduplicated by event_id and routed to the workspace's config by team_id.
 * Slack redelivers an event it got no 200 for within 3 s, up to three times, with X-Slack-Retry-Num (1..3) and
 * X-Slack-Retry-Reason: a retry carries the same event_id, so one already stored is answered as a duplicate and
 * applied once; a malformed retry number is refused like any malformed request.
 */
export function extractSlackEvent(body: unknown, headers: Headers): Extracted {
  const b = (isObj(body) ? body : {}) as Callback;
  const retry = one(headers, 'x-slack-retry-num');
  if (retry !== undefined && !/^[1-9]\d*$/.test(retry)) return { ok: false, message: `X-Slack-Retry-Num "${retry}" is not a retry count (1, 2, 3)` };
  if (b.type !== 'event_callback') return { ok: false, message: `type "${b.type ?? '(none)'}": expected event_callback (or url_verification)` };
  if (!b.event_id) return { ok: false, message: 'event_id is missing; every event_callback carries one' };
  if (!b.team_id) return { ok: false, message: 'team_id is missing; every event_callback names its workspace' };
  const event = isObj(b.event) ? b.event : {};
  const subtype = text(event.subtype);
  const eventType = text(event.type) ? `${text(event.type)}${subtype ? `.${subtype}` : ''}` : null;
  return { ok: true, events: [{ eventId: b.event_id, eventType, payload: body, account: b.team_id }] };
}

/**
 * message (any subtype that is a message: bot_message, thread_broadcast, file_share, ...) upserts it;
 * message_changed upserts the new version (event.message); message_deleted tombstones the message. Changes are
 * ordered by the message's own version (its last edit, else its ts), the number a sync stores, so an older edit
 * arriving late never overwrites a newer one; a deletion is ordered by its event_ts, later than every edit.
 */
export function interpretSlackEvent(stored: StoredEvent): EventOutcome {
  const p = stored.payload as Callback;
  const e = isObj(p?.event) ? p.event : undefined;
  if (!e || e.type !== 'message') return { status: 'ignored', reason: `no record change for ${text(e?.type) ?? 'an event without a type'}` };
  const channel = text(e.channel);
  if (!channel) return { status: 'failed', reason: 'event.channel: missing; a message event names its channel' };
  const subtype = text(e.subtype);
  if (subtype === 'message_deleted') {
    const ts = text(e.deleted_ts) ?? text((e.previous_message as SlackMessage | undefined)?.ts);
    const at = text(e.event_ts) ?? text(e.ts);
    if (!ts || !at) return { status: 'failed', reason: 'event.deleted_ts: missing; a message_deleted event names the deleted message' };
    return { status: 'apply', changes: [{ op: 'delete', model: 'message', sourceId: messageId(channel, ts), at: tsIso(at), version: tsMicros(at) }] };
  }
  const message = (subtype === 'message_changed' ? e.message : e) as SlackMessage | undefined;
  // a parent's reply count changed: the reply itself arrives as its own message event
  if (subtype === 'message_replied') return { status: 'ignored', reason: 'no record change for message.message_replied' };
  if (!isObj(message) || !text(message.ts)) return { status: 'failed', reason: `event${subtype ? '.message' : ''}.ts: missing; the message has no ts` };
  // the message as history would list it: Events add channel_type and event_ts beside the message's own fields
  const { channel_type: _type, event_ts: _at, ...fields } = message as SlackMessage & { channel_type?: string; event_ts?: string };
  const object: SlackMessage = { ...fields, type: 'message', text: message.text ?? '', channel };
  const version = messageVersion(object);
  return {
    status: 'apply',
    changes: [{ op: 'upsert', model: 'message', sourceId: messageId(channel, object.ts), at: tsIso(object.edited?.ts ?? object.ts), version, object }],
  };
}

export const slackWebhook: WebhookModule = {
  scheme: slackScheme,
  objects: 'full',
  handshake: (body) => {
    const b = body as Callback;
    return isObj(body) && b.type === 'url_verification' ? { body: { challenge: b.challenge } } : undefined;
  },
  extract: extractSlackEvent,
  accountOf: (config) => text(config.teamId),
  accountSetting: 'teamId',
  interpret: interpretSlackEvent,
};
