import type { InboundEvent } from './types';

export type Extracted = { ok: true; events: InboundEvent[] } | { ok: false; message: string };

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * The dedup key of each event, per sender: Stripe `id`, HubSpot `eventId` per array element, Slack `event_id`,
 * GitHub the `X-GitHub-Delivery` header, anything else `id` (or the `X-Event-Id` header).
 */
export function extractEvents(connector: string, payload: unknown, headers: Record<string, unknown>): Extracted {
  if (connector === 'hubspot') {
    const list = Array.isArray(payload) ? payload : [payload];
    const events: InboundEvent[] = [];
    for (const [i, item] of list.entries()) {
      const o = obj(item);
      const id = text(o?.eventId);
      if (!o || !id) return { ok: false, message: `body[${i}].eventId is missing; HubSpot sends an array of events, each with an eventId` };
      events.push({ eventId: id, eventType: text(o.subscriptionType) ?? null, payload: o });
    }
    if (events.length === 0) return { ok: false, message: 'body is an empty array; send at least one event' };
    return { ok: true, events };
  }
  const o = obj(payload);
  if (!o) return { ok: false, message: 'body must be a JSON object' };
  if (connector === 'slack') {
    const id = text(o.event_id);
    if (!id) return { ok: false, message: 'event_id is missing; Slack Events API callbacks carry one' };
    return { ok: true, events: [{ eventId: id, eventType: text(obj(o.event)?.type) ?? text(o.type) ?? null, payload: o }] };
  }
  if (connector === 'github') {
    const id = text(headers['x-github-delivery']);
    if (!id) return { ok: false, message: 'X-GitHub-Delivery header is missing; it is the delivery ID used to deduplicate' };
    return { ok: true, events: [{ eventId: id, eventType: text(headers['x-github-event']) ?? null, payload: o }] };
  }
  const id = text(o.id) ?? text(headers['x-event-id']);
  if (!id) return { ok: false, message: 'id is missing; every event needs a unique id (or an X-Event-Id header) to be deduplicated' };
  return { ok: true, events: [{ eventId: id, eventType: text(o.type) ?? null, payload: o }] };
}
