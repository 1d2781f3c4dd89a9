-- Connectivity Fabric: the first migration. Later issues add the registry, records, sync and webhook tables.
-- Kept tiny so the foundation can prove the migration runner end to end.
create table if not exists public.fabric_info (
  key text primary key,
  value text not null
);
insert into public.fabric_info (key, value) values ('project', 'connectivity-fabric')
on conflict (key) do nothing;
