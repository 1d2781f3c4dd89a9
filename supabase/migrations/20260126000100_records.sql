-- Records, sync bookkeeping, webhook events, quarantine and the audit log.
--
-- Why ONE unified_records table (typed key columns + jsonb data) and not one table per model:
--   * every model shares the same lifecycle: keyed upsert on (config_id, model, source_id), an ordering guard
--     (source_version / source_updated_at), soft delete, delete detection by last_seen_sync_run, external IDs;
--     one table means one tested bulk-upsert statement and one set of RLS policies instead of one per model;
--   * the canonical shape is validated by zod (schema/) and versioned per record (schema_version), so the
--     database does not need to repeat it; a new model, or a new version of one, needs no migration;
--   * everything we filter or join on is a real, indexed column; model-specific lookups can get expression
--     indexes on data later (e.g. lower(data->>'email') where model = 'customer').

create table public.unified_records (
  id uuid primary key default gen_random_uuid(),
  config_id uuid not null,
  user_id uuid not null,
  model text not null,
  source_system text not null,
  source_id text not null,
  schema_version text not null,
  data jsonb not null,
  external_id text,
  deleted boolean not null default false,
  deleted_at timestamptz,
  source_updated_at timestamptz,
  -- a monotonically increasing version from the source (event sequence, updated ms); newer wins, ties apply
  source_version numeric,
  last_seen_sync_run uuid,
  synced_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (config_id, model, source_id),
  foreign key (config_id, user_id) references public.connector_configs (id, user_id) on delete cascade
);
create index unified_records_user_idx on public.unified_records (user_id, model);
create index unified_records_list_idx on public.unified_records (config_id, model, synced_at, id);
create index unified_records_external_idx on public.unified_records (config_id, model, external_id)
  where external_id is not null;
-- delete detection after a full sync: live rows of (config, model) not seen by the run
create index unified_records_seen_idx on public.unified_records (config_id, model, last_seen_sync_run)
  where not deleted;

create table public.sync_runs (
  id uuid primary key default gen_random_uuid(),
  config_id uuid not null,
  user_id uuid not null,
  workflow_id text not null,
  run_id text,
  mode text not null default 'full' check (mode in ('full', 'incremental')),
  status text not null default 'running' check (status in ('running', 'completed', 'failed', 'cancelled')),
  counts jsonb not null default '{}'::jsonb,
  errors jsonb not null default '[]'::jsonb,
  summary jsonb not null default '{}'::jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (workflow_id, run_id),
  foreign key (config_id, user_id) references public.connector_configs (id, user_id) on delete cascade
);
create index sync_runs_config_idx on public.sync_runs (config_id, started_at desc);
create index sync_runs_user_idx on public.sync_runs (user_id, started_at desc);

create table public.sync_state (
  config_id uuid not null references public.connector_configs (id) on delete cascade,
  model text not null,
  cursor text,
  high_watermark text,
  updated_at timestamptz not null default now(),
  primary key (config_id, model)
);

create table public.quarantined_records (
  id uuid primary key default gen_random_uuid(),
  config_id uuid not null,
  user_id uuid not null,
  model text not null,
  source_id text,
  sync_run_id uuid references public.sync_runs (id) on delete set null,
  reason text not null,
  raw jsonb,
  created_at timestamptz not null default now(),
  foreign key (config_id, user_id) references public.connector_configs (id, user_id) on delete cascade
);
create index quarantined_records_config_idx on public.quarantined_records (config_id, model, created_at desc);
create index quarantined_records_user_idx on public.quarantined_records (user_id);
create index quarantined_records_run_idx on public.quarantined_records (sync_run_id) where sync_run_id is not null;

create table public.webhook_events (
  id uuid primary key default gen_random_uuid(),
  connector text not null,
  event_id text not null,
  config_id uuid,
  user_id uuid,
  webhook_config_id uuid references public.webhook_configs (id) on delete set null,
  event_type text,
  raw_body text not null,
  payload jsonb,
  status text not null default 'received' check (status in ('received', 'processing', 'applied', 'failed', 'ignored')),
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  workflow_id text,
  error text,
  -- the dedup key: a redelivered event is recognised before it is acknowledged
  unique (connector, event_id),
  foreign key (config_id, user_id) references public.connector_configs (id, user_id) on delete cascade
);
create index webhook_events_config_idx on public.webhook_events (config_id, received_at desc);
create index webhook_events_user_idx on public.webhook_events (user_id);
create index webhook_events_status_idx on public.webhook_events (status, received_at) where status in ('received', 'processing', 'failed');

-- The seed's process_events: every access to credentials and configs. Append-only (no update/delete grants).
create table public.audit_log (
  id uuid primary key default gen_random_uuid(),
  actor text not null,
  user_id uuid,
  action text not null,
  resource_type text not null,
  resource_id text,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_user_idx on public.audit_log (user_id, created_at desc);
create index audit_log_resource_idx on public.audit_log (resource_type, resource_id, created_at desc);

create trigger unified_records_updated_at before update on public.unified_records
  for each row execute function public.set_updated_at();
create trigger sync_state_updated_at before update on public.sync_state
  for each row execute function public.set_updated_at();
