import { genericScheme } from './schemes/generic';
import type { EventOutcome, Extracted, StoredEvent, WebhookModule } from './types';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
/** A non-negative safe integer, or undefined. */
export const ordinal = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

/** One event per body, its id in `id` (or the X-Event-Id header) and its type in `type`. */
export function extractSingle(body: unknown, headers: Record<string, unknown>): Extracted {
  if (!isObj(body)) return { ok: false, message: 'body must be a JSON object' };
  const id = text(body.id) ?? text(headers['x-event-id']);
  if (!id) return { ok: false, message: 'id is missing; every event needs a unique id (or an X-Event-Id header) to be deduplicated' };
  return { ok: true, events: [{ eventId: id, eventType: text(body.type) ?? null, payload: body }] };
}

/** The event time in ms: `created` (unix seconds), else `occurred_at` / `created_at` (ISO). */
function eventTimeMs(p: Obj): number | undefined {
  if (typeof p.created === 'number') return p.created * 1000;
  const t = text(p.occurred_at) ?? text(p.created_at);
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * A generic envelope `{ id, type, created, sequence?, data: { object } }` for a connector's own models:
 * `<model>.created` / `.updated` carry the whole object, `<model>.deleted` makes a tombstone. Ordering: the object's
 * own `version` (the same number a sync stores), else the event's `sequence`, else the event time.
 */
export function interpretEnvelope(event: StoredEvent, models: readonly string[]): EventOutcome {
  const p = event.payload;
  if (!isObj(p)) return { status: 'failed', reason: 'payload: not a JSON object' };
  const type = text(p.type) ?? 'unknown';
  const object = isObj(p.data) && isObj(p.data.object) ? p.data.object : undefined;
  const match = /^([a-z_]+)\.(created|updated|deleted)$/.exec(type);
  if (!match || !models.includes(match[1]!)) return { status: 'ignored', reason: `no record change for ${type}` };
  if (!object) return { status: 'failed', reason: 'data.object: missing; the event must carry the object' };
  const sourceId = text(object.id);
  if (!sourceId) return { status: 'failed', reason: `data.object.id: missing; a ${match[1]} event must carry the ${match[1]} id` };
  const timeMs = eventTimeMs(p);
  if (timeMs === undefined) return { status: 'failed', reason: 'created: missing; the event needs its time (unix seconds)' };
  const ordered = ordinal(object.version) ?? ordinal(p.sequence);
  const base = { model: match[1] as 'customer', sourceId, at: new Date(timeMs).toISOString(), version: ordered ?? timeMs };
  if (match[2] === 'deleted' || object.deleted === true) return { status: 'apply', changes: [{ ...base, op: 'delete' }] };
  // ordered by a time in seconds, two changes in one second are ambiguous: the engine re-fetches the object
  const versionResolutionMs = ordered === undefined && typeof p.created === 'number' ? 1000 : undefined;
  return { status: 'apply', changes: [{ ...base, op: 'upsert', object, versionResolutionMs }] };
}

/** The generic scheme and envelope, for connectors that speak them (the mock connector does). */
export function genericWebhook(models: readonly string[]): WebhookModule {
  return {
    scheme: genericScheme,
    objects: 'full',
    extract: extractSingle,
    interpret: (event) => interpretEnvelope(event, models),
  };
}
