-- Request budgets shared by every worker, and the circuit breaker on connector configs (docs/RATE-LIMITS.md).

-- One row per vendor credential (budget_key is a hash of connector and credential, never the secret itself).
-- GCRA: next_slot_at is the theoretical time of the next free send slot; a request books the slot with one
-- atomic upsert and sleeps until it, so workers never poll. held_until is a vendor's Retry-After.
-- It holds no user data and lives outside the API-exposed public schema: only the service connection uses it.
create table fabric_meta.rate_budgets (
  budget_key text primary key check (length(budget_key) between 1 and 200),
  next_slot_at timestamptz not null default clock_timestamp(),
  held_until timestamptz,
  updated_at timestamptz not null default clock_timestamp()
);
revoke all on fabric_meta.rate_budgets from public;

-- The circuit breaker: a config whose credentials are refused, or that failed many times in a row, is paused
-- with the reason (which names the fix) until a new credential is stored or someone runs `fabric configs resume`.
alter table public.connector_configs
  add column paused_at timestamptz,
  add column consecutive_failures integer not null default 0 check (consecutive_failures >= 0);
