-- Row-level security (seed §4.3, completed). PostgREST runs every request as `set local role authenticated|anon`
-- with request.jwt.claims set; auth.uid() reads `sub`. service_role has BYPASSRLS (on Supabase and in
-- supabase/compat), and the store's own connection is the table owner: both are "the service".
--
-- * user data (configs, webhook configs, records, sync runs, quarantine, webhook events): the owner may select,
--   insert, update and delete their own rows, and may never move a row to another user (with check).
--   Child rows carry (config_id, user_id) with a composite foreign key to connector_configs (id, user_id), so
--   user_id = auth.uid() also proves the config is the user's.
-- * connector_credentials and sync_state have no user_id: access goes through ownership of the config.
-- * audit_log: a user reads only their own rows; only the service inserts; nobody updates or deletes.
-- * connectors and schema_mappings: readable by authenticated, writable only by service_role.
-- * anon gets nothing at all: its privileges are revoked, so a request without a user JWT fails loudly.

do $$
declare
  t text;
begin
  foreach t in array array['connectors', 'connector_configs', 'connector_credentials', 'schema_mappings',
    'webhook_configs', 'unified_records', 'sync_runs', 'sync_state', 'quarantined_records', 'webhook_events',
    'audit_log']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('revoke all on public.%I from anon, authenticated', t);
    execute format('grant select, insert, update, delete on public.%I to service_role', t);
  end loop;

  -- owned through a user_id column
  foreach t in array array['connector_configs', 'webhook_configs', 'unified_records', 'sync_runs',
    'quarantined_records', 'webhook_events']
  loop
    execute format('grant select, insert, update, delete on public.%I to authenticated', t);
    execute format('create policy "%s: owner selects" on public.%I for select to authenticated
      using (user_id = (select auth.uid()))', t, t);
    execute format('create policy "%s: owner inserts" on public.%I for insert to authenticated
      with check (user_id = (select auth.uid()))', t, t);
    execute format('create policy "%s: owner updates" on public.%I for update to authenticated
      using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()))', t, t);
    execute format('create policy "%s: owner deletes" on public.%I for delete to authenticated
      using (user_id = (select auth.uid()))', t, t);
  end loop;

  -- owned through the config
  foreach t in array array['connector_credentials', 'sync_state']
  loop
    execute format('grant select, insert, update, delete on public.%I to authenticated', t);
    execute format('create policy "%s: config owner selects" on public.%I for select to authenticated
      using (exists (select 1 from public.connector_configs c where c.id = config_id and c.user_id = (select auth.uid())))', t, t);
    execute format('create policy "%s: config owner inserts" on public.%I for insert to authenticated
      with check (exists (select 1 from public.connector_configs c where c.id = config_id and c.user_id = (select auth.uid())))', t, t);
    execute format('create policy "%s: config owner updates" on public.%I for update to authenticated
      using (exists (select 1 from public.connector_configs c where c.id = config_id and c.user_id = (select auth.uid())))
      with check (exists (select 1 from public.connector_configs c where c.id = config_id and c.user_id = (select auth.uid())))', t, t);
    execute format('create policy "%s: config owner deletes" on public.%I for delete to authenticated
      using (exists (select 1 from public.connector_configs c where c.id = config_id and c.user_id = (select auth.uid())))', t, t);
  end loop;

  -- system-level catalogues
  foreach t in array array['connectors', 'schema_mappings']
  loop
    execute format('grant select on public.%I to authenticated', t);
    execute format('create policy "%s: readable by authenticated" on public.%I for select to authenticated using (true)', t, t);
  end loop;
end
$$;

-- audit_log: append-only
revoke update, delete on public.audit_log from service_role;
grant select on public.audit_log to authenticated;
create policy "audit_log: user reads own" on public.audit_log for select to authenticated
  using (user_id = (select auth.uid()));
