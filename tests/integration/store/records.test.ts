import { randomUUID } from 'node:crypto';
import type { Db } from '../../../store/db';
import { listQuarantined, quarantineRecords } from '../../../store/quarantine';
import { getRecord, listRecords, markDeleted, markUnseenDeleted, prepareRecord, setExternalId, upsertRecords } from '../../../store/records';
import { addSyncRunCounts, finishSyncRun, getLatestSyncRun, startSyncRun } from '../../../store/sync-runs';
import { getSyncState, saveSyncState } from '../../../store/sync-state';
import { testDb } from '../../helpers/db';
import { testStores, userWithConfig } from './fixtures';

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.close());

/** Counts round trips, to prove a page is one statement. */
function counting(inner: Db): { db: Db; calls: () => number } {
  let n = 0;
  const wrapped: Db = {
    ...inner,
    query: (sql, params) => {
      n += 1;
      return inner.query(sql, params);
    },
  };
  return { db: wrapped, calls: () => n };
}

async function setup() {
  const { configs } = testStores(db);
  return userWithConfig(configs);
}

test('a page of 500 records is upserted in one statement and counted as inserted, then updated', async () => {
  const { configId, userId } = await setup();
  const records = Array.from({ length: 500 }, (_, i) => ({ sourceId: `cus_${i}`, data: { email: `u${i}@x.io` }, schemaVersion: '2.0.0', sourceVersion: 1 }));
  const c = counting(db);
  const first = await upsertRecords(c.db, { configId, userId, model: 'customer', sourceSystem: 'stripe', records });
  expect(c.calls()).toBe(1);
  expect(first).toEqual({ inserted: 500, updated: 0, skippedStale: 0 });
  const second = await upsertRecords(db, {
    configId,
    userId,
    model: 'customer',
    sourceSystem: 'stripe',
    records: records.map((r) => ({ ...r, sourceVersion: 2 })),
  });
  expect(second).toEqual({ inserted: 0, updated: 500, skippedStale: 0 });
  const page = await listRecords(db, { configId, model: 'customer', limit: 10 });
  expect(page.map((r) => r.sourceId)).toEqual(['cus_0', 'cus_1', 'cus_10', 'cus_100', 'cus_101', 'cus_102', 'cus_103', 'cus_104', 'cus_105', 'cus_106']);
  const next = await listRecords(db, { configId, model: 'customer', after: page[9]!.sourceId, limit: 1 });
  expect(next[0]!.sourceId).toBe('cus_107');
});

test('an older version never overwrites a newer one; equal versions apply; without versions time decides', async () => {
  const { configId, userId } = await setup();
  const base = { configId, userId, model: 'customer', sourceSystem: 'stripe' };
  await upsertRecords(db, { ...base, records: [{ sourceId: 'a', data: { v: 5 }, schemaVersion: '2.0.0', sourceVersion: 5 }] });
  expect(await upsertRecords(db, { ...base, records: [{ sourceId: 'a', data: { v: 4 }, schemaVersion: '2.0.0', sourceVersion: 4 }] })).toEqual({
    inserted: 0,
    updated: 0,
    skippedStale: 1,
  });
  expect((await getRecord(db, { configId, model: 'customer', sourceId: 'a' }))!.data).toEqual({ v: 5 });
  expect((await upsertRecords(db, { ...base, records: [{ sourceId: 'a', data: { v: '5b' }, schemaVersion: '2.0.0', sourceVersion: 5 }] })).updated).toBe(1);
  expect((await getRecord(db, { configId, model: 'customer', sourceId: 'a' }))!.data).toEqual({ v: '5b' });
  // big versions beyond 2^53 keep their order (numeric, not float)
  await upsertRecords(db, { ...base, records: [{ sourceId: 'big', data: { v: 1 }, schemaVersion: '2.0.0', sourceVersion: 9007199254740993n }] });
  expect(
    (await upsertRecords(db, { ...base, records: [{ sourceId: 'big', data: { v: 0 }, schemaVersion: '2.0.0', sourceVersion: 9007199254740992n }] }))
      .skippedStale,
  ).toBe(1);
  // time decides when versions are absent
  await upsertRecords(db, { ...base, records: [{ sourceId: 't', data: { v: 'new' }, schemaVersion: '2.0.0', sourceUpdatedAt: '2026-01-02T00:00:00Z' }] });
  expect(
    (await upsertRecords(db, { ...base, records: [{ sourceId: 't', data: { v: 'old' }, schemaVersion: '2.0.0', sourceUpdatedAt: '2026-01-01T00:00:00Z' }] }))
      .skippedStale,
  ).toBe(1);
  // within one batch the newest duplicate wins
  const dup = await upsertRecords(db, {
    ...base,
    records: [
      { sourceId: 'd', data: { v: 2 }, schemaVersion: '2.0.0', sourceVersion: 2 },
      { sourceId: 'd', data: { v: 1 }, schemaVersion: '2.0.0', sourceVersion: 1 },
    ],
  });
  expect(dup).toEqual({ inserted: 1, updated: 0, skippedStale: 1 });
  expect((await getRecord(db, { configId, model: 'customer', sourceId: 'd' }))!.data).toEqual({ v: 2 });
});

test('prepared records (what a sync writes) store what plain ones do, and keep the ordering guard and the newest duplicate', async () => {
  const { configId, userId } = await setup();
  const base = { configId, userId, model: 'customer', sourceSystem: 'stripe' };
  const plain = {
    sourceId: 'p',
    data: { email: 'p@x.io', tags: ['a'], nested: { n: 1 } },
    schemaVersion: '2.0.0',
    sourceUpdatedAt: '2026-01-02T00:00:00.000Z',
  };
  await upsertRecords(db, { ...base, records: [plain] });
  const prepared = prepareRecord({ ...plain, sourceId: 'q' });
  expect(prepared).not.toHaveProperty('data');
  expect(await upsertRecords(db, { ...base, records: [prepared] })).toEqual({ inserted: 1, updated: 0, skippedStale: 0 });
  const [p, q] = await Promise.all(['p', 'q'].map((sourceId) => getRecord(db, { configId, model: 'customer', sourceId })));
  expect(q!.data).toEqual(p!.data);
  expect(q!.sourceUpdatedAt).toEqual(p!.sourceUpdatedAt);
  const older = prepareRecord({ ...plain, sourceId: 'q', data: { email: 'old@x.io' }, sourceUpdatedAt: '2026-01-01T00:00:00.000Z' });
  const newest = prepareRecord({ ...plain, sourceId: 'r', data: { v: 9 }, sourceVersion: 9n });
  const dup = prepareRecord({ ...plain, sourceId: 'r', data: { v: 8 }, sourceVersion: 8 });
  expect(await upsertRecords(db, { ...base, records: [older, newest, dup] })).toEqual({ inserted: 1, updated: 0, skippedStale: 2 });
  expect((await getRecord(db, { configId, model: 'customer', sourceId: 'q' }))!.data).toEqual(plain.data);
  expect((await getRecord(db, { configId, model: 'customer', sourceId: 'r' }))!.data).toEqual({ v: 9 });
});

test('full-sync delete detection: unseen records are deleted, stale-but-seen ones are not', async () => {
  const { configId, userId } = await setup();
  const base = { configId, userId, model: 'invoice', sourceSystem: 'stripe' };
  const run1 = await startSyncRun(db, { configId, workflowId: `sync:${configId}`, runId: randomUUID() });
  await upsertRecords(db, {
    ...base,
    syncRunId: run1.id,
    records: ['x', 'y', 'z'].map((id) => ({ sourceId: id, data: {}, schemaVersion: '1.0.0', sourceVersion: 10 })),
  });
  const run2 = await startSyncRun(db, { configId, workflowId: `sync:${configId}`, runId: randomUUID() });
  // x comes back stale (older version): not applied, but seen; y is seen fresh; z is gone at the source
  const r = await upsertRecords(db, {
    ...base,
    syncRunId: run2.id,
    records: [
      { sourceId: 'x', data: {}, schemaVersion: '1.0.0', sourceVersion: 9 },
      { sourceId: 'y', data: {}, schemaVersion: '1.0.0', sourceVersion: 11 },
    ],
  });
  expect(r).toEqual({ inserted: 0, updated: 1, skippedStale: 1 });
  expect(await markUnseenDeleted(db, { configId, model: 'invoice', syncRunId: run2.id })).toBe(1);
  expect((await getRecord(db, { configId, model: 'invoice', sourceId: 'z' }))!.deleted).toBe(true);
  expect((await getRecord(db, { configId, model: 'invoice', sourceId: 'x' }))!.deleted).toBe(false);
  expect((await listRecords(db, { configId, model: 'invoice' })).map((x) => x.sourceId)).toEqual(['x', 'y']);
  expect(await markDeleted(db, { configId, model: 'invoice', sourceIds: ['y'], sourceVersion: 10 })).toBe(0); // older delete loses
  expect(await markDeleted(db, { configId, model: 'invoice', sourceIds: ['y'], sourceVersion: 12 })).toBe(1);
  expect(await setExternalId(db, { configId, model: 'invoice', sourceId: 'x', externalId: 'in_1' })).toBe(true);
  expect((await getRecord(db, { configId, model: 'invoice', sourceId: 'x' }))!.externalId).toBe('in_1');
});

test('sync runs, counts, cursor and quarantine commit together in one transaction', async () => {
  const { configId, userId } = await setup();
  const run = await startSyncRun(db, { configId, workflowId: `sync:${configId}`, runId: 'r1', mode: 'incremental' });
  expect((await startSyncRun(db, { configId, workflowId: `sync:${configId}`, runId: 'r1' })).id).toBe(run.id); // retried activity
  await expect(
    db.transaction(async (tx) => {
      await saveSyncState(tx, { configId, model: 'customer', cursor: 'c1' });
      await quarantineRecords(tx, [
        { configId, userId, model: 'customer', sourceId: 'bad', syncRunId: run.id, reason: 'email: invalid', raw: { email: 'nope' } },
      ]);
      throw new Error('crash mid-page');
    }),
  ).rejects.toThrow('crash mid-page');
  expect(await getSyncState(db, { configId, model: 'customer' })).toBeUndefined();
  expect(await listQuarantined(db, { configId })).toEqual([]);
  await db.transaction(async (tx) => {
    await saveSyncState(tx, { configId, model: 'customer', cursor: 'c1', highWatermark: '2026-01-01' });
    await quarantineRecords(tx, [
      { configId, userId, model: 'customer', sourceId: 'bad', syncRunId: run.id, reason: 'email: invalid', raw: { email: 'nope' } },
    ]);
    await addSyncRunCounts(tx, run.id, { fetched: 10, quarantined: 1 });
  });
  await saveSyncState(db, { configId, model: 'customer', cursor: 'c2' }); // keeps the high watermark
  expect(await getSyncState(db, { configId, model: 'customer' })).toMatchObject({ cursor: 'c2', highWatermark: '2026-01-01' });
  await addSyncRunCounts(db, run.id, { fetched: 5 });
  const done = await finishSyncRun(db, { id: run.id, status: 'completed', summary: { pages: 2 } });
  expect(done).toMatchObject({ status: 'completed', counts: { fetched: 15, quarantined: 1 }, mode: 'incremental', userId });
  expect((await getLatestSyncRun(db, configId))!.id).toBe(run.id);
  expect((await listQuarantined(db, { configId, model: 'customer' }))[0]).toMatchObject({ reason: 'email: invalid', raw: { email: 'nope' } });
  await expect(startSyncRun(db, { configId: randomUUID(), workflowId: 'w' })).rejects.toThrow(/configId: no connector config/);
});
