import { extractSingle, isObj, ordinal, text } from '../core/webhook/generic';
import type { EventOutcome, StoredEvent, WebhookModule } from '../core/webhook/types';
import { stripeInfo } from './adapter';
import { stripeScheme } from './signature';

const MODELS = new Set<string>(stripeInfo.models);

/**
 * Stripe events carry the whole object at the time of the event (`data.object`), so `customer.*` and `invoice.*`
 * (created, updated, finalized, paid, voided, marked_uncollectible, payment_failed, sent, ...) are mapped by the
 * adapter's own toUnified; `*.deleted` is a tombstone. Events about other objects (`customer.discount.*`,
 * `customer.subscription.*`, ...) are ignored with the reason. Stripe events have no sequence and `created` is in
 * seconds, so a change says its version has a 1 s resolution: same-second changes to one object are re-fetched.
 */
export function interpretStripeEvent(event: StoredEvent): EventOutcome {
  const p = event.payload;
  if (!isObj(p)) return { status: 'failed', reason: 'payload: not a JSON object' };
  const type = text(p.type) ?? 'unknown';
  const object = isObj(p.data) && isObj(p.data.object) ? p.data.object : undefined;
  const kind = text(object?.object);
  const model = type.split('.')[0];
  if (!object || !kind || kind !== model || !MODELS.has(kind)) {
    return { status: 'ignored', reason: `no record change for ${type}${kind ? ` (data.object is a ${kind})` : ''}` };
  }
  const sourceId = text(object.id);
  if (!sourceId) return { status: 'failed', reason: `data.object.id: missing; a ${kind} event must carry the ${kind} id` };
  if (typeof p.created !== 'number') return { status: 'failed', reason: 'created: missing; Stripe events carry their time in unix seconds' };
  // `sequence` is not Stripe's: generic senders and tests set it to order events within a second
  const sequence = ordinal(p.sequence);
  const base = {
    model: kind as (typeof stripeInfo.models)[number],
    sourceId,
    at: new Date(p.created * 1000).toISOString(),
    version: sequence ?? p.created * 1000,
  };
  if (type === `${kind}.deleted` || object.deleted === true) return { status: 'apply', changes: [{ ...base, op: 'delete' }] };
  // an invoice embeds its first lines only; the sync completes them through the API, so the event must too
  const lines = object.lines as { has_more?: boolean } | undefined;
  if (kind === 'invoice' && lines?.has_more) return { status: 'apply', changes: [{ ...base, op: 'refresh' }] };
  return { status: 'apply', changes: [{ ...base, op: 'upsert', object, versionResolutionMs: sequence === undefined ? 1000 : undefined }] };
}

export const stripeWebhook: WebhookModule = {
  scheme: stripeScheme,
  objects: 'full',
  extract: extractSingle,
  interpret: interpretStripeEvent,
};
