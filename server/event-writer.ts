import type { Db } from '../store/db';
import type { InboundEvent, WebhookEndpoint } from './types';

export interface StoreRequest {
  endpoint: WebhookEndpoint;
  rawBody: string;
  events: InboundEvent[];
}

/** Per event of the request: true when stored now, false when (connector, event id) was already stored. */
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
    const cols = { connector: [] as string[], eventId: [] as string[], configId: [] as string[], userId: [] as string[], endpointId: [] as string[], type: [] as (string | null)[], raw: [] as string[], payload: [] as (string | null)[] };
    const seen = new Set<string>();
    for (const { req } of batch) {
      for (const ev of req.events) {
        const key = `${req.endpoint.connector}\u0000${ev.eventId}`;
        if (seen.has(key)) continue; // the same event twice in one batch: the first one is stored, the rest are duplicates
        seen.add(key);
        cols.connector.push(req.endpoint.connector);
        cols.eventId.push(ev.eventId);
        cols.configId.push(req.endpoint.configId);
        cols.userId.push(req.endpoint.userId);
        cols.endpointId.push(req.endpoint.id);
        cols.type.push(ev.eventType);
        cols.raw.push(req.rawBody);
        cols.payload.push(ev.wholeBody ? null : JSON.stringify(ev.payload));
      }
    }
    try {
      const res = await this.db.query<{ connector: string; event_id: string }>(
        `insert into public.webhook_events (connector, event_id, config_id, user_id, webhook_config_id, event_type, raw_body, payload)
         select * from unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::jsonb[])
         on conflict (connector, event_id) do nothing
         returning connector, event_id`,
        [cols.connector, cols.eventId, cols.configId, cols.userId, cols.endpointId, cols.type, cols.raw, cols.payload],
      );
      const inserted = new Set(res.rows.map((r) => `${r.connector}\u0000${r.event_id}`));
      const configIds = new Set<string>();
      for (const w of batch) {
        const outcome = w.req.events.map((ev) => {
          const key = `${w.req.endpoint.connector}\u0000${ev.eventId}`;
          const fresh = inserted.delete(key); // only the first request carrying a new key counts as stored now
          if (fresh) configIds.add(w.req.endpoint.configId);
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
