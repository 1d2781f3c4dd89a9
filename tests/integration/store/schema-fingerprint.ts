import type { Db } from '../../../store/db';

/** Everything a migration defines: tables and columns, indexes, policies, constraints, grants, applied versions. */
export async function schemaFingerprint(db: Db): Promise<string> {
  const parts = [];
  for (const sql of [
    `select table_schema, table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
     where table_schema in ('public', 'auth', 'fabric_meta') order by 1, 2, 3`,
    `select schemaname, tablename, indexname, indexdef from pg_indexes where schemaname in ('public', 'auth') order by 1, 2, 3`,
    `select tablename, policyname, cmd, roles::text, qual, with_check from pg_policies order by 1, 2`,
    `select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def from pg_constraint
     where connamespace = 'public'::regnamespace order by 1, 2`,
    `select table_name, grantee, privilege_type from information_schema.role_table_grants
     where table_schema = 'public' and grantee in ('anon', 'authenticated', 'service_role') order by 1, 2, 3`,
    `select version, name, checksum from fabric_meta.schema_migrations order by version`,
  ])
    parts.push((await db.query(sql)).rows);
  return JSON.stringify(parts);
}
