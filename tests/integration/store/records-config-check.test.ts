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

/** A latch: `wait` resolves once `open` is called. */
function latch(): { open: () => void; wait: Promise<void> } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { open, wait };
}

/** Resolves once some backend waits on a lock while running a statement that starts with `prefix`. */
async function lockWaitOn(prefix: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const res = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and left(ltrim(query), length($1)) = $1`,
      [prefix],
    );
    if (res.rows[0]!.n > 0) return;
  }
  throw new Error(`no statement starting with "${prefix}" waited on a lock within 10 s`);
}

test('a config deleted while a batch is being written leaves no orphan, whichever commits first', async () => {
  // insert first: the batch holds the config's key lock, the delete waits for it, then removes the batch too
  const a = await owner();
  const inserted = latch();
  const commit = latch();
  const writer = db.transaction(async (tx) => {
    await upsertRecords(tx, { configId: a.configId, userId: a.userId, model: 'customer', sourceSystem: 'stripe', records: records(100) });
    inserted.open();
    await commit.wait;
  });
  await inserted.wait;
  const deleter = db.query('delete from public.connector_configs where id = $1', [a.configId]);
  await lockWaitOn('delete from public.connector_configs'); // the delete waits for the writer's lock
  commit.open();
  await writer;
  await deleter;
  expect(await count(a.configId)).toBe(0);

  // delete first: the batch's check waits for the delete to commit, then finds no config and fails
  const b = await owner();
  const deleted = latch();
  const commitDelete = latch();
  const remover = db.transaction(async (tx) => {
    await tx.query('delete from public.connector_configs where id = $1', [b.configId]);
    deleted.open();
    await commitDelete.wait;
  });
  await deleted.wait;
  const late = code(write(b, 10));
  await lockWaitOn('with upserted as'); // the batch's check waits for the delete's lock
  commitDelete.open();
  await remover;
  expect(await late).toBe('23503');
  expect(await count(b.configId)).toBe(0);
});
