import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { listAdapters } from '../adapters/core/catalogue';
import type { Db } from '../store/db';
import type { AgentContext } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** FABRIC_AGENT_SPEC_DIRS: comma-separated files or directories propose_mapping may read. */
export const specAllowList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p) => resolve(p));

export interface AgentContextInput {
  db: Db;
  temporal: Client;
  taskQueue: string;
  userId: string;
  specDirs?: string;
}

/** One caller's context. The user must exist: a typo in --user would otherwise look like an empty account. */
export async function buildAgentContext(o: AgentContextInput): Promise<AgentContext> {
  if (!UUID.test(o.userId)) throw new Error(`--user: "${o.userId}" is not a UUID; pass the user's auth id`);
  const found = await o.db.query<{ ok: boolean }>('select exists (select 1 from auth.users where id = $1) as ok', [o.userId]);
  if (!found.rows[0]?.ok) throw new Error(`--user: no user ${o.userId} in auth.users`);
  return { userId: o.userId, db: o.db, temporal: o.temporal, taskQueue: o.taskQueue, specAllowList: specAllowList(o.specDirs), connectors: listAdapters };
}
