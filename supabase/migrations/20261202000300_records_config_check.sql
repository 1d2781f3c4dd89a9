-- unified_records keeps what its foreign key to connector_configs promised, checked once per statement instead of
-- once per row (#15).
--
-- The foreign key (config_id, user_id) -> connector_configs (id, user_id) ran one lookup and one row lock of the
-- config for every record inserted: about 6 of the 35 us of Postgres CPU a synced record cost, a sixth of the write
-- (docs/BENCHMARKS.md, fifth session). A sync or webhook batch writes up to a thousand records of ONE config, so the
-- same promises hold with one check per statement:
--   * a record names an existing config, and that config's owner: after each INSERT statement, the distinct
--     (config_id, user_id) pairs of the new rows must each match a config row, which is locked FOR KEY SHARE exactly
--     as the foreign key locked it, so a concurrent delete of the config waits for the insert, or the insert fails;
--   * an UPDATE that changes a record's config_id or user_id is checked the same way, row by row (no write path does
--     it; the WHEN clause keeps every other update free of the trigger);
--   * deleting a config deletes its records (on delete cascade), and changing a config's id or owner while records
--     name it fails (no action).
-- A violation raises SQLSTATE 23503 (foreign_key_violation), as the foreign key did.
alter table public.unified_records drop constraint if exists unified_records_config_id_user_id_fkey;

create or replace function public.unified_records_check_config() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
  wanted int;
  matched int;
begin
  if tg_level = 'ROW' then
    perform 1 from public.connector_configs c where c.id = new.config_id and c.user_id = new.user_id for key share of c;
    get diagnostics matched = row_count;
    wanted := 1;
  else
    select count(*) into wanted from (select distinct config_id, user_id from new_records) k;
    perform 1 from public.connector_configs c
      where (c.id, c.user_id) in (select config_id, user_id from new_records) for key share of c;
    get diagnostics matched = row_count;
  end if;
  if matched < wanted then
    raise exception 'insert or update on table "unified_records" violates its config check'
      using errcode = 'foreign_key_violation',
            detail = 'Every record must name an existing connector config (config_id) and that config''s owner (user_id).';
  end if;
  return null;
end
$$;

create trigger unified_records_config_on_insert after insert on public.unified_records
  referencing new table as new_records for each statement execute function public.unified_records_check_config();
create trigger unified_records_config_on_update after update on public.unified_records for each row
  when (old.config_id is distinct from new.config_id or old.user_id is distinct from new.user_id)
  execute function public.unified_records_check_config();

create or replace function public.connector_configs_records_follow() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
begin
  if tg_op = 'DELETE' then
    delete from public.unified_records where config_id = old.id;
    return old;
  end if;
  if exists (select 1 from public.unified_records where config_id = old.id and user_id = old.user_id) then
    raise exception 'update on table "connector_configs" changes the key its records name'
      using errcode = 'foreign_key_violation',
            detail = format('Records still name config %s of user %s.', old.id, old.user_id);
  end if;
  return new;
end
$$;

create trigger connector_configs_delete_records after delete on public.connector_configs
  for each row execute function public.connector_configs_records_follow();
create trigger connector_configs_key_change after update on public.connector_configs for each row
  when (old.id is distinct from new.id or old.user_id is distinct from new.user_id)
  execute function public.connector_configs_records_follow();

-- The console's "latest five records" of a config (console/data.ts) is the only reader of this index; it needs the
-- config and the time, not the model and id. Two columns instead of four: cheaper to maintain on every write.
drop index if exists public.unified_records_list_idx;
create index if not exists unified_records_recent_idx on public.unified_records (config_id, synced_at);
