import type { Db } from '../store/db';
import type { RoutedEvent } from './route-events';
import type { WebhookEndpoint } from './types';

export interface StoreRequest {
  endpoint: WebhookEndpoint;
  rawBody: string;
  events: RoutedEvent[];
}

/** Per event of the request: true when stored now, false when the endpoint already stored it (per account). */
export type StoreOutcome = boolean[];

interface Waiting {
  req: StoreRequest;
  resolve(o: StoreOutcome): void;
  reject(e: unknown): void;
}

/**
 * Group commit: requests that arrive while a write is in flight are stored together by the next one, as one
 * multi-row INSERT … ON CONFLICT DO NOTHING. Each request still waits for its own rows to be committed before it
 * is answered (durable before ack), but the database sees a few large statements instead of thousands of small ones.
 */
export class EventWriter {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private writing = 0;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly o: { maxConcurrentWrites: number; maxBatch: number; onStored?: (configIds: Set<string>) => void },
  ) {}

  /** Requests queued or being written; the server answers 429 above its limit. */
  get pending(): number {
    return this.queue.length + this.writing;
  }

  store(req: StoreRequest): Promise<StoreOutcome> {
    if (this.closed) return Promise.reject(new Error('the event writer is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.o.maxConcurrentWrites) {
      const batch = this.queue.splice(0, this.o.maxBatch);
      this.inFlight++;
      this.writing += batch.length;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.writing -= batch.length;
        this.pump();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    const cols = {
      connector: [] as string[],
      eventId: [] as string[],
      account: [] as string[],
      configId: [] as (string | null)[],
      userId: [] as (string | null)[],
      endpointId: [] as string[],
      type: [] as (string | null)[],
      raw: [] as string[],
      payload: [] as (string | null)[],
      status: [] as string[],
      error: [] as (string | null)[],
    };
    const seen = new Set<string>();
    for (const { req } of batch) {
      for (const ev of req.events) {
        const key = dedupKey(req.endpoint.id, ev.account, ev.eventId);
        if (seen.has(key)) continue; // the same event twice in one batch: the first one is stored, the rest are duplicates
        seen.add(key);
        cols.connector.push(req.endpoint.connector);
        cols.eventId.push(ev.eventId);
        cols.account.push(ev.account ?? '');
        cols.configId.push(ev.configId);
        cols.userId.push(ev.userId);
        cols.endpointId.push(req.endpoint.id);
        cols.type.push(ev.eventType);
        // a batched body (HubSpot) can mix several portals' events: each row keeps only its own event
        const own = ev.wholeBody ? null : JSON.stringify(ev.payload);
        cols.raw.push(own ?? req.rawBody);
        cols.payload.push(own);
        cols.status.push(ev.status);
        cols.error.push(ev.error);
      }
    }
    try {
      // dedup per endpoint and account (migration 20261201001100): event ids are unique only per sender account
      const res = await this.db.query<{ webhook_config_id: string; account: string; event_id: string }>(
        `insert into public.webhook_events (connector, event_id, account, config_id, user_id, webhook_config_id, event_type,
           raw_body, payload, status, error, processed_at)
         select c, e, a, cfg, u, w, t, r, p, s, err, case when s <> 'received' then now() end
           from unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[],
                       $9::jsonb[], $10::text[], $11::text[]) as x(c, e, a, cfg, u, w, t, r, p, s, err)
         on conflict (event_id, webhook_config_id, account) do nothing
         returning webhook_config_id, account, event_id`,
        [cols.connector, cols.eventId, cols.account, cols.configId, cols.userId, cols.endpointId, cols.type, cols.raw, cols.payload, cols.status, cols.error],
      );
      const inserted = new Set(res.rows.map((r) => dedupKey(r.webhook_config_id, r.account, r.event_id)));
      const configIds = new Set<string>();
      for (const w of batch) {
        const outcome = w.req.events.map((ev) => {
          const fresh = inserted.delete(dedupKey(w.req.endpoint.id, ev.account, ev.eventId)); // only the first request carrying a new key counts as stored now
          if (fresh && ev.status === 'received' && ev.configId) configIds.add(ev.configId);
          return fresh;
        });
        w.resolve(outcome);
      }
      if (configIds.size > 0) this.o.onStored?.(configIds);
    } catch (err) {
      // one bad request must not fail the others it was grouped with: retry each on its own
      if (batch.length > 1) await Promise.all(batch.map((w) => this.write([w])));
      else batch[0]?.reject(err);
    }
  }

  /** Stops taking requests and waits until every queued one is written. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  }
}

const dedupKey = (endpointId: string, account: string | undefined, eventId: string) => `${endpointId}\u0000${account ?? ''}\u0000${eventId}`;
