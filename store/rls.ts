import type { Db } from './db';

export interface RequestIdentity {
  role: 'authenticated' | 'anon' | 'service_role';
  /** The user's id (JWT `sub`); required for authenticated. */
  sub?: string;
  /** Extra JWT claims (email, app_metadata, ...). */
  claims?: Record<string, unknown>;
}

/**
 * Runs fn the way PostgREST runs a request: one transaction, `set local role <role>` and the JWT claims in
 * request.jwt.claims (transaction-local), so RLS policies and auth.uid() see exactly what they would on Supabase.
 * The role and claims end with the transaction; the pooled connection goes back clean.
 */
export async function asUser<T>(db: Db, who: RequestIdentity, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (!['authenticated', 'anon', 'service_role'].includes(who.role)) {
    throw new Error(`role: "${who.role}" is not one of authenticated, anon, service_role`);
  }
  if (who.role === 'authenticated' && !who.sub) throw new Error('sub: an authenticated request needs the user id (JWT sub)');
  const claims = { ...who.claims, role: who.role, ...(who.sub ? { sub: who.sub } : {}) };
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('request.jwt.claims', $1, true), set_config('request.jwt.claim.sub', $2, true)`, [JSON.stringify(claims), who.sub ?? '']);
    await tx.exec(`set local role ${who.role}`); // the role is one of three fixed names, checked above
    return fn(tx);
  });
}
