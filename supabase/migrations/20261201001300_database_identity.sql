-- One random id per database. A Schedule records the id of the database its config lives in, and a tick that
-- reaches a worker on another database ends at once instead of failing ConfigNotFoundError on every retry
-- (workflows/scheduled-sync.ts); `npm run dev` pauses its server's schedules that belong to another database.
create table fabric_meta.database_identity (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  singleton boolean not null default true unique check (singleton)
);
insert into fabric_meta.database_identity default values;
