import { isObj, text } from '../core/webhook/generic';
import type { EventOutcome, Extracted, InboundEvent, RecordChange, StoredEvent, WebhookModule } from '../core/webhook/types';
import { hubspotScheme } from './signature';

/** Event object names and the new developer platform's object type ids (`object.*` events carry `objectTypeId`). */
const MODELS: Record<string, 'customer' | 'company'> = { contact: 'customer', company: 'company', '0-1': 'customer', '0-2': 'company' };

/** A body is an array of up to 100 events, each with its own eventId and the portalId of the account it is for. */
export function extractHubspotEvents(body: unknown): Extracted {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) return { ok: false, message: 'body is an empty array; send at least one event' };
  const events: InboundEvent[] = [];
  for (const [i, item] of list.entries()) {
    const o = isObj(item) ? item : undefined;
    const id = text(o?.eventId);
    if (!o || !id) return { ok: false, message: `body[${i}].eventId is missing; HubSpot sends an array of events, each with an eventId` };
    const portal = text(o.portalId);
    if (!portal) return { ok: false, message: `body[${i}].portalId is missing; each HubSpot event names the portal it is for` };
    events.push({ eventId: id, eventType: text(o.subscriptionType) ?? null, payload: o, account: portal });
  }
  return { ok: true, events };
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map(text).filter((x): x is string => x !== undefined) : []);

/**
 * HubSpot events are thin: they name the contact (objectId) and, for property changes, one property. So creation,
 * property changes and restores re-read the contact through the adapter (batched, 100 per batch/read); a deletion
 * is a tombstone; privacyDeletion (a GDPR request) erases its personal data; a merge re-reads the surviving
 * contact and retires the merged ids. Changes are ordered by time (occurredAt against the contact's updatedAt,
 * the scale a sync stores), since HubSpot delivers at least once and in no guaranteed order.
 */
export function interpretHubspotEvent(event: StoredEvent): EventOutcome {
  const p = event.payload;
  if (!isObj(p)) return { status: 'failed', reason: 'payload: not a JSON object' };
  const type = text(p.subscriptionType) ?? 'unknown';
  const [object, action] = type.split('.') as [string, string | undefined];
  const model = MODELS[object === 'object' ? (text(p.objectTypeId) ?? '') : object];
  if (!model && object === 'object') {
    return {
      status: 'ignored',
      reason: `no record change for ${type} of objectTypeId ${text(p.objectTypeId) ?? '(none)'}; this connector syncs contacts (0-1) and companies (0-2)`,
    };
  }
  if (!model) return { status: 'ignored', reason: `no record change for ${type}; this connector syncs contacts and companies` };
  const occurredAt = typeof p.occurredAt === 'number' ? p.occurredAt : undefined;
  if (occurredAt === undefined) return { status: 'failed', reason: 'occurredAt: missing; HubSpot events carry their time in ms' };
  const at = new Date(occurredAt).toISOString();
  const change = (sourceId: string) => ({ model, sourceId, at, version: null });
  const objectId = text(p.objectId);
  if (action === 'merge') {
    const survivor = text(p.newObjectId) ?? text(p.primaryObjectId) ?? objectId;
    if (!survivor) return { status: 'failed', reason: 'primaryObjectId: missing; a merge event names the surviving object' };
    const retired = ids(p.mergedObjectIds).filter((id) => id !== survivor);
    const changes: RecordChange[] = [
      { ...change(survivor), op: 'refresh' },
      ...retired.map((id) => ({ ...change(id), op: 'retire' as const, mergedInto: survivor })),
    ];
    return { status: 'apply', changes };
  }
  if (!objectId) return { status: 'failed', reason: `objectId: missing; a ${object} event names the object` };
  switch (action) {
    case 'creation':
    case 'propertyChange':
    case 'restore':
      return { status: 'apply', changes: [{ ...change(objectId), op: 'refresh' }] };
    case 'deletion':
      return { status: 'apply', changes: [{ ...change(objectId), op: 'delete' }] };
    case 'privacyDeletion':
      return { status: 'apply', changes: [{ ...change(objectId), op: 'erase' }] };
    default:
      return { status: 'ignored', reason: `no record change for ${type}` };
  }
}

export const hubspotWebhook: WebhookModule = {
  scheme: hubspotScheme,
  objects: 'thin',
  extract: extractHubspotEvents,
  accountOf: (config) => text(config.portalId),
  accountSetting: 'portalId',
  interpret: interpretHubspotEvent,
};
