-- Connectivity Fabric: the registry (seed §4.2). Connectors are system-level; everything else belongs to a user.
-- Connectors are referenced by their unique name (text), so configs, webhooks and mappings read well and the
-- adapter registry in code and the table agree on one key.
-- Secret values never live in these tables in clear: connector_credentials.encrypted_value,
-- refresh_token_encrypted, webhook_configs.secret and previous_secret hold AES-256-GCM ciphertext
-- (`v1.<kid>.<iv>.<tag>.<ct>`, see store/credentials.ts); key_id repeats the key so rotation can find stale rows.

create or replace function public.set_updated_at() returns trigger
language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table public.connectors (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (name ~ '^[a-z0-9][a-z0-9_-]*$'),
  type text not null default 'bidirectional' check (type in ('inbound', 'outbound', 'bidirectional')),
  description text,
  version text not null default '1.0.0',
  schema_version text not null default '1.0.0',
  capabilities jsonb not null default '[]'::jsonb,
  config_schema jsonb,
  status text not null default 'active' check (status in ('active', 'deprecated', 'disabled')),
  icon_url text,
  documentation_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.connector_configs (
  id uuid primary key default gen_random_uuid(),
  connector text not null references public.connectors (name) on update cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  config jsonb not null default '{}'::jsonb,
  is_active boolean not null default true,
  last_sync_at timestamptz,
  sync_status text not null default 'idle' check (sync_status in ('idle', 'syncing', 'error', 'success')),
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (connector, user_id, name),
  -- lets child tables carry (config_id, user_id) with a composite key, so a row's owner always matches its config
  unique (id, user_id)
);
create index connector_configs_user_idx on public.connector_configs (user_id, created_at);
create index connector_configs_connector_idx on public.connector_configs (connector, created_at);

create table public.connector_credentials (
  id uuid primary key default gen_random_uuid(),
  config_id uuid not null references public.connector_configs (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  credential_type text not null default 'api_key'
    check (credential_type in ('api_key', 'oauth_token', 'basic_auth', 'bearer_token', 'secret')),
  encrypted_value text not null check (encrypted_value like 'v1.%'),
  key_id text not null,
  expires_at timestamptz,
  refresh_token_encrypted text check (refresh_token_encrypted is null or refresh_token_encrypted like 'v1.%'),
  -- non-secret OAuth2 settings: token_url, client_id, scope
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (config_id, name)
);
-- key rotation scans for rows not under the current key; refresh scans for tokens about to expire
create index connector_credentials_key_idx on public.connector_credentials (key_id, id);
create index connector_credentials_expiry_idx on public.connector_credentials (expires_at)
  where credential_type = 'oauth_token' and expires_at is not null;

create table public.schema_mappings (
  id uuid primary key default gen_random_uuid(),
  connector text not null references public.connectors (name) on update cascade,
  source_schema text not null,
  target_schema text not null,
  mapping_rules jsonb not null,
  version text not null default '1.0.0',
  is_active boolean not null default false,
  status text not null default 'draft' check (status in ('draft', 'approved', 'rejected')),
  confidence_score double precision check (confidence_score is null or confidence_score between 0 and 1),
  human_verified boolean not null default false,
  approved_by text,
  approved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index schema_mappings_lookup_idx on public.schema_mappings (connector, target_schema, is_active, created_at);
-- at most one live mapping per connector and target model
create unique index schema_mappings_active_idx on public.schema_mappings (connector, source_schema, target_schema)
  where is_active;

create table public.webhook_configs (
  id uuid primary key default gen_random_uuid(),
  connector text not null references public.connectors (name) on update cascade,
  config_id uuid not null,
  user_id uuid not null,
  endpoint_path text not null check (endpoint_path ~ '^[A-Za-z0-9_-]{8,128}$'),
  secret text not null check (secret like 'v1.%'),
  previous_secret text check (previous_secret is null or previous_secret like 'v1.%'),
  previous_secret_expires_at timestamptz,
  key_id text not null,
  event_types jsonb not null default '["*"]'::jsonb,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (connector, endpoint_path),
  foreign key (config_id, user_id) references public.connector_configs (id, user_id) on delete cascade
);
create index webhook_configs_user_idx on public.webhook_configs (user_id);
create index webhook_configs_config_idx on public.webhook_configs (config_id);
create index webhook_configs_key_idx on public.webhook_configs (key_id, id);

create trigger connectors_updated_at before update on public.connectors
  for each row execute function public.set_updated_at();
create trigger connector_configs_updated_at before update on public.connector_configs
  for each row execute function public.set_updated_at();
create trigger connector_credentials_updated_at before update on public.connector_credentials
  for each row execute function public.set_updated_at();
create trigger schema_mappings_updated_at before update on public.schema_mappings
  for each row execute function public.set_updated_at();
create trigger webhook_configs_updated_at before update on public.webhook_configs
  for each row execute function public.set_updated_at();
