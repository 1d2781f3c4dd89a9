import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '../../../store/db';
import { loadMigrations, migrate } from '../../../store/migrate';
import { scratchDatabase } from './fixtures';
import { schemaFingerprint } from './schema-fingerprint';

const ALL = loadMigrations().map((m) => `${m.version}_${m.name}`);

async function appliesTwice(db: Db): Promise<void> {
  const first = await migrate(db);
  expect(first).toEqual({ supabase: false, applied: ALL, alreadyApplied: [] });
  const before = await schemaFingerprint(db);
  const second = await migrate(db);
  expect(second).toEqual({ supabase: false, applied: [], alreadyApplied: ALL });
  expect(await schemaFingerprint(db)).toBe(before);
  expect(before).toContain('unified_records_external_idx'); // the fingerprint sees indexes
  expect(before).not.toContain('unified_records_seen_idx'); // dropped by a later migration
}

test('migrations apply cleanly to an empty Postgres database, and applying again changes nothing', async () => {
  const scratch = await scratchDatabase(false);
  try {
    const empty = await scratch.db.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    expect(empty.rows[0]).toEqual({ n: 0 });
    await appliesTwice(scratch.db);
  } finally {
    await scratch.drop();
  }
});

test('migrations apply to PGlite in memory, twice with no change; the store, crypto and RLS work there too', async () => {
  const root = join(__dirname, '..', '..', '..');
  const { stdout } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), [join(__dirname, 'pglite-check.ts')], { cwd: root });
  expect(JSON.parse(stdout)).toEqual({
    first: { supabase: false, applied: ALL, alreadyApplied: [] },
    second: { supabase: false, applied: [], alreadyApplied: ALL },
    unchanged: true,
    upsert: { inserted: 1, updated: 0, skippedStale: 0 },
    credentials: { api_key: 'k' },
    own: 1,
    other: 0,
    anon: '42501',
    hasExternalIdx: true,
  });
});
