-- Local development data for `supabase db reset` (not applied by `fabric migrate`).
-- A demo user and the demo connector, so `fabric configs create mock --user 00000000-0000-4000-8000-000000000001`
-- works right after a reset. Real connectors are registered from the adapter catalogue by `fabric connectors list`.
insert into auth.users (id, email)
values ('00000000-0000-4000-8000-000000000001', 'demo@example.com')
on conflict (id) do nothing;

insert into public.connectors (name, type, description, capabilities)
values ('mock', 'bidirectional', 'Demo connector backed by a local fake API', '["sync", "push", "webhooks"]')
on conflict (name) do nothing;
