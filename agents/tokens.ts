import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/db';

const PREFIX = 'fabric_mcp_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface AgentToken {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const COLUMNS = `id, user_id as "userId", name, created_at::text as "createdAt", last_used_at::text as "lastUsedAt",
  revoked_at::text as "revokedAt"`;

/** A new token for a user; the returned `token` is the only copy (the table keeps its hash). */
export async function createAgentToken(db: Db, userId: string, name: string): Promise<AgentToken & { token: string }> {
  if (!UUID.test(userId)) throw new Error(`user: "${userId}" is not a UUID; pass the user's auth id`);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const res = await db.query<AgentToken>(
    `insert into public.agent_tokens (user_id, name, token_hash)
     select id, $2, $3 from auth.users where id = $1 returning ${COLUMNS}`,
    [userId, name, hashToken(token)],
  );
  if (!res.rows[0]) throw new Error(`user: no user ${userId} in auth.users`);
  return { ...res.rows[0], token };
}

/** The user a live token speaks for, or undefined (unknown, malformed or revoked). */
export async function userForToken(db: Db, token: string): Promise<string | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const res = await db.query<{ userId: string }>(
    `update public.agent_tokens set last_used_at = now()
     where token_hash = $1 and revoked_at is null returning user_id as "userId"`,
    [hashToken(token)],
  );
  return res.rows[0]?.userId;
}

export async function listAgentTokens(db: Db, userId?: string): Promise<AgentToken[]> {
  const res = await db.query<AgentToken>(`select ${COLUMNS} from public.agent_tokens where ($1::uuid is null or user_id = $1) order by created_at, id`, [
    userId ?? null,
  ]);
  return res.rows;
}

export async function revokeAgentToken(db: Db, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const res = await db.query('update public.agent_tokens set revoked_at = now() where id = $1 and revoked_at is null', [id]);
  return res.rowCount > 0;
}
