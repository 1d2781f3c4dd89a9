import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db';

export const MIGRATIONS_DIR = join(__dirname, '..', 'supabase', 'migrations');
export const COMPAT_SQL = join(__dirname, '..', 'supabase', 'compat', 'plain_postgres.sql');

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateReport {
  supabase: boolean;
  applied: string[];
  alreadyApplied: string[];
}

/** Reads supabase/migrations/<timestamp>_<name>.sql in order: the Supabase CLI's layout. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
      return { version: version!, name: rest.join('_'), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** A Supabase database has its own auth schema; the compatibility migration is for plain Postgres only. */
async function isSupabase(db: Db): Promise<boolean> {
  const res = await db.query<{ supabase: boolean }>(`select exists (select 1 from pg_roles where rolname = 'supabase_admin') as supabase`);
  return res.rows[0]?.supabase === true;
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so two runners never race.
 * Safe to run again: applied versions are recorded, and a changed applied file is reported, not re-run.
 */
export async function migrate(db: Db, opts: { dir?: string; log?: (line: string) => void } = {}): Promise<MigrateReport> {
  const log = opts.log ?? (() => undefined);
  const supabase = await isSupabase(db);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(7233001)');
    if (!supabase) await tx.exec(readFileSync(COMPAT_SQL, 'utf8'));
    await tx.exec(`create schema if not exists fabric_meta;
      create table if not exists fabric_meta.schema_migrations (
        version text primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`);
    const done = await tx.query<{ version: string; checksum: string }>('select version, checksum from fabric_meta.schema_migrations');
    const applied = new Map(done.rows.map((r) => [r.version, r.checksum]));
    const report: MigrateReport = { supabase, applied: [], alreadyApplied: [] };
    for (const m of loadMigrations(opts.dir)) {
      const previous = applied.get(m.version);
      if (previous !== undefined) {
        if (previous !== m.checksum) log(`warning: ${m.version}_${m.name} changed after it was applied; write a new migration instead`);
        report.alreadyApplied.push(`${m.version}_${m.name}`);
        continue;
      }
      log(`applying ${m.version}_${m.name}`);
      await tx.exec(m.sql);
      await tx.query('insert into fabric_meta.schema_migrations (version, name, checksum) values ($1, $2, $3)', [m.version, m.name, m.checksum]);
      report.applied.push(`${m.version}_${m.name}`);
    }
    return report;
  });
}
