import type { ModelName } from '../model-name';
import type { SignatureScheme } from './signing';

export type { SignatureScheme, SignedRequest, VerifyResult } from './signing';

type Headers = Record<string, string | string[] | undefined>;

/** One event found in a signed request body (HubSpot sends up to 100 in one body). */
export interface InboundEvent {
  /** The sender's id for the event; deduplicated per endpoint (and per account, see `account`). */
  eventId: string;
  eventType: string | null;
  payload: unknown;
  /**
   * The sender's account the event belongs to, for senders whose one endpoint serves many tenants (HubSpot's
   * portalId). The server routes the event to the config whose `accountOf(config)` is this value.
   */
  account?: string;
  /** Set by the server: the payload is the whole body, so only raw_body is stored (see server/event-writer.ts). */
  wholeBody?: boolean;
}

export type Extracted = { ok: true; events: InboundEvent[] } | { ok: false; message: string };

/** A stored event as the worker reads it back. */
export interface StoredEvent {
  eventId: string;
  eventType: string | null;
  payload: unknown;
}

interface ChangeBase {
  model: ModelName;
  sourceId: string;
  /** ISO time of the change at the source (the event time). */
  at: string;
  /** Orders changes to one record (an object's own version, a sequence, or the event time in ms); >= wins. */
  version?: number | null;
}

/**
 * What an event does to one record. The engine applies every kind through store/records.ts `writeRecords`, the
 * function syncs write with, so the ordering guard and the stored shape are the same for both:
 * - `upsert`: the event carries the whole vendor object; the adapter's `toUnified` maps it, as a sync would;
 * - `refresh`: a thin event names the object; the engine fetches it through the adapter (`getMany` / `get`);
 * - `delete`: a tombstone (an older update cannot bring the record back);
 * - `erase`: a tombstone whose personal data is removed, from the record and from stored events;
 * - `retire`: a tombstone for an id merged into `mergedInto`.
 */
export type RecordChange =
  | (ChangeBase & {
      op: 'upsert';
      object: unknown;
      /**
       * The resolution of `version` when it is a timestamp (Stripe `created`: 1000 ms). Two changes to one record
       * with the same version cannot be ordered, so the engine re-fetches that object instead of guessing.
       */
      versionResolutionMs?: number;
    })
  | (ChangeBase & { op: 'refresh' })
  | (ChangeBase & { op: 'delete' })
  | (ChangeBase & { op: 'erase' })
  | (ChangeBase & { op: 'retire'; mergedInto: string });

/** What one stored event means; `failed` and `ignored` are stored with their reason. */
export type EventOutcome = { status: 'apply'; changes: RecordChange[] } | { status: 'ignored'; reason: string } | { status: 'failed'; reason: string };

/**
 * A connector's webhook: declared on its definition (`webhook` in adapters/core/catalogue.ts) and kept in its own
 * folder (`adapters/<name>/webhook.ts`). The server and the worker only run these hooks; adding a sender touches no
 * core file. See docs/CONNECTORS.md for a tested example.
 */
export interface WebhookModule {
  /** Verifies the raw body and headers (401 when it fails). */
  scheme: SignatureScheme;
  /**
   * `full`: each event carries the whole object (Stripe); `thin`: it names the object, which is fetched through
   * the adapter before it is applied (HubSpot). Informational: the changes an event yields decide what happens.
   */
  objects: 'full' | 'thin';
  /** The events in a parsed body, with their ids and types (400 with the message when malformed). */
  extract(body: unknown, headers: Headers): Extracted;
  /**
   * A reply the sender expects instead of event storage (Slack's url_verification), checked after the signature.
   * Return undefined for an ordinary delivery.
   */
  handshake?(body: unknown, headers: Headers): { status?: number; body: unknown } | undefined;
  /**
   * For senders with one endpoint for many accounts: the account a connector config belongs to (HubSpot: its
   * portalId). When set, every event must carry `account`, and is stored for the config of that account; an event
   * for an account no config has is stored as failed and applied nowhere.
   */
  accountOf?(config: Record<string, unknown>): string | undefined;
  /** The config setting `accountOf` reads (HubSpot: portalId), named in the fix for an event no config has. */
  accountSetting?: string;
  /** What one stored event does to the records; pure (fetching, mapping and writing are the engine's). */
  interpret(event: StoredEvent): EventOutcome;
}
