import type { Db } from './db';

/** This database's id (supabase/migrations/20261201001300_database_identity.sql): what schedules are tied to. */
export async function databaseIdentity(db: Db): Promise<string> {
  const res = await db.query<{ id: string }>('select id::text as id from fabric_meta.database_identity');
  const id = res.rows[0]?.id;
  if (!id) throw new Error('fabric_meta.database_identity is empty: run `fabric setup` to apply the migrations');
  return id;
}
