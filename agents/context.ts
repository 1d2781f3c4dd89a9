import type { Client } from '@temporalio/client';
import type { AdapterDefinition } from '../adapters/core/catalogue';
import type { Db } from '../store/db';
import { asUser } from '../store/rls';
import { ToolError } from './tool-kit';

/** Who calls and what the tools may use. One context per caller: its userId comes from a token or from --user. */
export interface AgentContext {
  userId: string;
  /** The store's connection. Reads of user data go through asUser (RLS as `authenticated`), never around it. */
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Absolute files or directories propose_mapping may read specs from; empty means none. */
  specAllowList: readonly string[];
  connectors(): AdapterDefinition[];
}

/** Runs fn as the caller, the way PostgREST would: RLS decides which rows exist. */
export const asCaller = <T>(ctx: AgentContext, fn: (tx: Db) => Promise<T>) => asUser(ctx.db, { role: 'authenticated', sub: ctx.userId }, fn);

export interface OwnConfig {
  id: string;
  connector: string;
  name: string;
}

/**
 * The caller's config, read under RLS. When RLS hides it, one existence probe (a boolean, no row data) tells
 * "not yours" from "no such config", so a model gets an error it can act on instead of a bare "not found".
 */
export async function requireOwnConfig(ctx: AgentContext, configId: string): Promise<OwnConfig> {
  const own = await asCaller(ctx, (tx) => tx.query<OwnConfig>('select id, connector, name from public.connector_configs where id = $1', [configId]));
  if (own.rows[0]) return own.rows[0];
  const probe = await ctx.db.query<{ found: boolean }>('select exists (select 1 from public.connector_configs where id = $1) as found', [configId]);
  if (probe.rows[0]?.found) {
    throw new ToolError('not_yours', `config ${configId} belongs to another user; call list_configs for your own configs`);
  }
  throw new ToolError('unknown_config', `no config ${configId}; call list_configs to see the configs you can use`);
}
