import type { Db } from './db';

/** What adapters/core/pacing.ts needs from a budget store (structural: store/ does not import adapters/). */
export interface PostgresBudgets {
  reserve(key: string, limit: { requestsPerSecond: number; burst?: number }): Promise<number>;
  hold(key: string, untilMs: number): Promise<void>;
}

/**
 * Request budgets in Postgres, shared by every activity on every worker that uses the same database. One atomic
 * upsert books the next send slot (GCRA) on the database's clock, so workers on different machines agree on time;
 * the caller sleeps until its slot instead of polling. See docs/RATE-LIMITS.md for why Postgres.
 */
export function postgresBudgets(db: Db): PostgresBudgets {
  return {
    async reserve(key, limit) {
      const interval = 1000 / limit.requestsPerSecond;
      const tolerance = ((limit.burst ?? 1) - 1) * interval;
      const res = await db.query<{ wait_ms: number }>(
        `with now as (select clock_timestamp() as t)
         insert into fabric_meta.rate_budgets as b (budget_key, next_slot_at, updated_at)
         select $1, (select t from now) + make_interval(secs => $2 / 1000.0), (select t from now)
         on conflict (budget_key) do update set
           next_slot_at = make_interval(secs => $2 / 1000.0) + greatest(b.next_slot_at,
             coalesce(b.held_until, '-infinity'), (select t from now) - make_interval(secs => $3 / 1000.0)),
           updated_at = (select t from now)
         returning (extract(epoch from (b.next_slot_at - (select t from now))) * 1000 - $2)::float8 as wait_ms`,
        [key, interval, tolerance],
      );
      return Math.max(0, res.rows[0]?.wait_ms ?? 0);
    },
    async hold(key, untilMs) {
      const waitMs = Math.max(0, untilMs - Date.now());
      await db.query(
        `insert into fabric_meta.rate_budgets as b (budget_key, held_until)
         values ($1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
         on conflict (budget_key) do update
         set held_until = greatest(coalesce(b.held_until, '-infinity'), excluded.held_until)`,
        [key, waitMs],
      );
    },
  };
}
