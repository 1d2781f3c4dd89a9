-- Bearer tokens for the MCP endpoint (agents/mcp-http.ts): a token names one user, and every tool call it makes
-- runs as that user under RLS. Only a SHA-256 of the token is stored; the token is shown once, at creation.
create table public.agent_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index agent_tokens_user_idx on public.agent_tokens (user_id, created_at desc);

-- The service creates and checks tokens; a user may list and revoke their own, never create one for anybody.
alter table public.agent_tokens enable row level security;
revoke all on public.agent_tokens from anon, authenticated;
grant select, insert, update, delete on public.agent_tokens to service_role;
grant select, update (revoked_at) on public.agent_tokens to authenticated;
create policy "agent_tokens: owner selects" on public.agent_tokens for select to authenticated
  using (user_id = (select auth.uid()));
create policy "agent_tokens: owner revokes" on public.agent_tokens for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
