-- Two indexes of unified_records that no query needs, dropped from the write hot path (#15).
--
-- Every sync and webhook write maintains every index of unified_records, and a re-sync changes last_seen_sync_run
-- on every row it sees, so each index costs on each record written.
--   * unified_records_seen_idx (config_id, model, last_seen_sync_run) where not deleted: delete detection asks for
--     live rows whose last_seen_sync_run IS DISTINCT FROM the run, which no btree can seek; it read the whole
--     (config, model) range of this index anyway. It now reads that range of the unique key's index, once per
--     complete full sync, the same O(rows) pass.
--   * unified_records_user_idx (user_id, model): every read names its config (store/records-read.ts,
--     store/supabase-reader.ts, agents/tools/records.ts, console/data.ts, activities/webhook-changes.ts), and row-level
--     security adds user_id = auth.uid() as a filter on those rows; no query seeks by user alone.
drop index if exists public.unified_records_seen_idx;
drop index if exists public.unified_records_user_idx;
