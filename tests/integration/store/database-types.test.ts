import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../store/db';
import { generateDatabaseTypes } from '../../../store/database-types-gen';
import { testDb } from '../../helpers/db';

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.close());

const committed = () => readFileSync(join(__dirname, '..', '..', '..', 'store', 'generated', 'database.types.ts'), 'utf8');

/** Parses `table: { Row: { col: type; ... } }` blocks out of the generated file, to report drift by name. */
function rowTypes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^ {6}(\w+): \{\n {8}Row: \{\n([\s\S]*?)\n {8}\};/gm;
  for (const m of source.matchAll(re)) {
    for (const line of m[2]!.split('\n')) {
      const col = /^\s+(\w+): (.+);$/.exec(line);
      if (col) out.set(`${m[1]}.${col[1]}`, col[2]!);
    }
  }
  return out;
}

test('store/generated/database.types.ts matches the live schema of the migrated test database', async () => {
  const live = await generateDatabaseTypes(db);
  const want = rowTypes(live);
  const have = rowTypes(committed());
  expect(want.size).toBeGreaterThan(100);
  const missing = [...want.keys()].filter((k) => !have.has(k));
  const extra = [...have.keys()].filter((k) => !want.has(k));
  const differ = [...want.keys()]
    .filter((k) => have.has(k) && have.get(k) !== want.get(k))
    .map((k) => `${k}: file says ${have.get(k)}, database has ${want.get(k)}`);
  // named drift first, for a readable failure; then the whole file (Insert/Update optionality, relationships)
  expect({ missing, extra, differ }).toEqual({ missing: [], extra: [], differ: [] });
  expect(committed()).toBe(live); // fix: npm run db:types
});

test('the drift check notices a column that changed', async () => {
  await db.exec('create schema if not exists drift_probe; create table if not exists drift_probe.t (a text, b int)');
  const before = rowTypes(await generateDatabaseTypes(db, 'drift_probe'));
  await db.exec('alter table drift_probe.t alter column b type text, alter column a set not null');
  const after = rowTypes(await generateDatabaseTypes(db, 'drift_probe'));
  await db.exec('drop schema drift_probe cascade');
  expect(Object.fromEntries(before)).toEqual({ 't.a': 'string | null', 't.b': 'number | null' });
  expect(Object.fromEntries(after)).toEqual({ 't.a': 'string', 't.b': 'string | null' });
});
