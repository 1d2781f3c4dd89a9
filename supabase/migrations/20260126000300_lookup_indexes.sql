-- Indexes for lookups found after the first three migrations (new file, not an edit: applied migrations are immutable).
-- audit rows are read by resource id alone (registry tests, `fabric configs show` history)
create index if not exists audit_log_resource_id_idx on public.audit_log (resource_id, created_at desc);
-- deleting a webhook config sets webhook_events.webhook_config_id to null: without this it scans every event
create index if not exists webhook_events_webhook_config_idx on public.webhook_events (webhook_config_id)
  where webhook_config_id is not null;
