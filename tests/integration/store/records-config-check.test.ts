import type { Db } from '../../../store/db';
import { getRecord, upsertRecords } from '../../../store/records';
import { testDb } from '../../helpers/db';
import { testStores, userWithConfig } from './fixtures';

/**
 * What the foreign key from unified_records to connector_configs promised, now kept by statement-level triggers
 * (supabase/migrations/20261202000300_records_config_check.sql): no record names a missing config or another
 * user's, deleting a config deletes its records, and a concurrent delete never leaves an orphan.
 */
let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.close());

const owner = () => userWithConfig(testStores(db).configs);
const records = (n: number, prefix = 'cus') =>
  Array.from({ length: n }, (_, i) => ({ sourceId: `${prefix}_${i}`, data: { email: `u${i}@x.io` }, schemaVersion: '2.0.0' }));
const write = (o: { configId: string; userId: string }, n = 3, prefix?: string) =>
  upsertRecords(db, { configId: o.configId, userId: o.userId, model: 'customer', sourceSystem: 'stripe', records: records(n, prefix) });
const count = async (configId: string) =>
  (await db.query<{ n: number }>('select count(*)::int as n from public.unified_records where config_id = $1', [configId])).rows[0]!.n;
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: { code?: string }) => err.code,
  );

test('a batch naming another user, or a config that does not exist, is refused whole with 23503', async () => {
  const a = await owner();
  const b = await owner();
  expect(await code(write({ configId: a.configId, userId: b.userId }))).toBe('23503');
  expect(await code(write({ configId: '00000000-0000-4000-8000-000000000000', userId: a.userId }))).toBe('23503');
  expect(await count(a.configId)).toBe(0);
  expect(await write(a, 1000)).toEqual({ inserted: 1000, updated: 0, skippedStale: 0 });
  // a statement that mixes a good pair with a bad one fails as one
  const mixed = `insert into public.unified_records (config_id, user_id, model, source_system, source_id, schema_version, data)
                 values ($1, $2, 'customer', 's', 'good', '2.0.0', '{}'), ($1, $3, 'customer', 's', 'bad', '2.0.0', '{}')`;
  expect(await code(db.query(mixed, [a.configId, a.userId, b.userId]))).toBe('23503');
  expect(await getRecord(db, { configId: a.configId, model: 'customer', sourceId: 'good' })).toBeUndefined();
});

test("moving a record to another user's config is refused; so is changing the key of a config with records", async () => {
  const a = await owner();
  const b = await owner();
  await write(a);
  const move = 'update public.unified_records set user_id = $2 where config_id = $1';
  expect(await code(db.query(move, [a.configId, b.userId]))).toBe('23503');
  const moveBoth = 'update public.unified_records set user_id = $2, config_id = $3 where config_id = $1';
  expect(await code(db.query(moveBoth, [a.configId, b.userId, b.configId]))).toBe('ok');
  expect(await count(b.configId)).toBe(3);
  // b's config is now named by records: its owner cannot change underneath them
  expect(await code(db.query('update public.connector_configs set user_id = $2 where id = $1', [b.configId, a.userId]))).toBe('23503');
  expect(await code(db.query("update public.connector_configs set name = 'renamed' where id = $1", [b.configId]))).toBe('ok');
});

test("deleting a config deletes its records and nobody else's", async () => {
  const a = await owner();
  const b = await owner();
  await write(a, 50);
  await write(b, 5);
  await db.query('delete from public.connector_configs where id = $1', [a.configId]);
  expect(await count(a.configId)).toBe(0);
  expect(await count(b.configId)).toBe(5);
});

test('a config deleted while a batch is being written leaves no orphan, whichever commits first', async () => {
  // insert first: the batch holds the config's key lock, the delete waits for it, then removes the batch too
  const a = await owner();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let inserted!: () => void;
  const insertedOnce = new Promise<void>((r) => (inserted = r));
  const writer = db.transaction(async (tx) => {
    await upsertRecords(tx, { configId: a.configId, userId: a.userId, model: 'customer', sourceSystem: 'stripe', records: records(100) });
    inserted();
    await gate;
  });
  await insertedOnce;
  const deleter = db.query('delete from public.connector_configs where id = $1', [a.configId]);
  await new Promise((r) => setTimeout(r, 200));
  const waiting = await db.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'delete from public.connector_configs%'`,
  );
  expect(waiting.rows[0]!.n).toBe(1); // the delete waits for the writer's lock
  release();
  await writer;
  await deleter;
  expect(await count(a.configId)).toBe(0);

  // delete first: the batch's check waits for the delete, then finds no config and fails
  const b = await owner();
  const tx2 = db.transaction(async (tx) => {
    await tx.query('delete from public.connector_configs where id = $1', [b.configId]);
    await new Promise((r) => setTimeout(r, 300));
  });
  await new Promise((r) => setTimeout(r, 50));
  const late = code(write(b, 10));
  await tx2;
  expect(await late).toBe('23503');
  expect(await count(b.configId)).toBe(0);
});
