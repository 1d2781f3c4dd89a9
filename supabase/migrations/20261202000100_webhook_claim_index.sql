-- The batch workflow claims a config's received events oldest first (activities/webhook.ts):
--   where config_id = $1 and status = 'received' order by received_at, id limit N for update skip locked
-- With only (config_id, received_at desc) and (status, received_at) to go on, Postgres ANDed two bitmaps that cover
-- every event the config ever received, so each claim cost grew with its history: 99 ms at 35k events, measured on
-- `npm run bench -- webhooks` (docs/BENCHMARKS.md). This partial index holds only events still waiting, so a claim
-- reads about as many entries as it takes. The sweeper (server/kicker.ts) reads the same few entries, which is all
-- the status index served besides, so that one goes: the ack path maintains the same number of indexes as before.
create index if not exists webhook_events_claim_idx
  on public.webhook_events (config_id, received_at, id) where status = 'received';

drop index if exists public.webhook_events_status_idx;
