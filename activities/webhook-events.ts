import { CURRENT_VERSION, formatIssues, parseRecord, type UnifiedEvent } from '../schema';

/** What one stored event does to the unified records. */
export interface RecordChange {
  model: 'customer';
  sourceId: string;
  /** Orders changes to one record: the sender's event sequence when it has one, else the event time in ms. */
  version: number;
  occurredAt: string;
  deleted: boolean;
  data: Record<string, unknown>;
}

export type Interpretation =
  | { status: 'apply'; event: UnifiedEvent; change: RecordChange }
  | { status: 'ignored'; event: UnifiedEvent; reason: string }
  | { status: 'failed'; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function eventTimeMs(p: Obj): number | undefined {
  if (typeof p.created === 'number') return p.created * 1000; // Stripe: unix seconds
  if (typeof p.occurredAt === 'number') return p.occurredAt; // HubSpot: ms
  const t = str(p.occurred_at) ?? str(p.created_at);
  return t ? Date.parse(t) : undefined;
}

/** Stripe-shaped customer object → UnifiedCustomer 2.0.0 input. */
function customerFromObject(source: string, o: Obj): Obj {
  const created = typeof o.created === 'number' ? new Date(o.created * 1000).toISOString() : undefined;
  return {
    source_system: source, source_id: o.id, email: o.email ?? undefined, full_name: o.name ?? undefined,
    phone: o.phone ?? undefined, ...(created ? { created_at: created } : {}), raw_data: o,
  };
}

/**
 * Turns a stored Stripe-style event (`{ id, type, created, data: { object } }`, also what the mock connector and
 * the generic scheme send) into a UnifiedEvent and, for customer.created/updated/deleted, a record change. A
 * `sequence` (integer) on the event orders changes within the same second; without one the event time does.
 */
export function interpretEvent(connector: string, eventId: string, payload: unknown): Interpretation {
  if (!isObj(payload)) return { status: 'failed', reason: 'payload: not a JSON object' };
  const type = str(payload.type) ?? str(payload.subscriptionType) ?? 'unknown';
  const timeMs = eventTimeMs(payload) ?? Date.now();
  const occurredAt = new Date(timeMs).toISOString();
  const object = isObj(payload.data) && isObj(payload.data.object) ? payload.data.object : undefined;
  const event: UnifiedEvent = {
    source_system: connector, source_id: eventId, event_type: type, event_category: type.split('.')[0] ?? 'system',
    payload, resource_type: str(object?.object) ?? null, resource_id: str(object?.id) ?? null, occurred_at: occurredAt,
  };
  const match = /^customer\.(created|updated|deleted)$/.exec(type);
  if (!match || !object) return { status: 'ignored', event, reason: `no record change for ${type}` };
  const sourceId = str(object.id);
  if (!sourceId) return { status: 'failed', reason: 'data.object.id: missing; a customer event must carry the customer id' };
  // The object's own version is on the same scale as the one a sync stores for it (the mock API has one); then the
  // event's sequence; then the event time, which a sync's as-of time is compared against (see applyChanges).
  const ordinal = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
  const version = ordinal(object.version) ?? ordinal(payload.sequence) ?? timeMs;
  const deleted = match[1] === 'deleted' || object.deleted === true;
  const input = customerFromObject(connector, object);
  if (!deleted) {
    const parsed = parseRecord('customer', input);
    if (!parsed.ok) return { status: 'failed', reason: `customer ${sourceId}: ${formatIssues(parsed.issues)}` };
  }
  return { status: 'apply', event, change: { model: 'customer', sourceId, version, occurredAt, deleted, data: input } };
}

export const CUSTOMER_SCHEMA_VERSION = CURRENT_VERSION.customer;
