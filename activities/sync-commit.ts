import { metrics } from '../telemetry/metrics';
import type { ModelName } from '../adapters/core/types';
import type { Db } from '../store/db';
import { quarantineRecords } from '../store/quarantine';
import { markUnseenDeleted, upsertRecords } from '../store/records';
import { saveSyncState } from '../store/sync-state';
import type { SyncMode } from '../contracts/sync';
import type { Checkpoint } from './sync-checkpoint';
import type { MappedPage } from './sync-page';

/** Pages mapped since the last commit, and the checkpoint that holds once they are in the database. */
export interface Batch extends MappedPage {
  next: Checkpoint;
}

export const emptyBatch = (from: Checkpoint): Batch => ({ records: [], quarantined: [], next: { ...from, counts: { ...from.counts } } });

export function addPage(batch: Batch, mapped: MappedPage, page: { nextCursor: string | null; highWatermark?: string | null }): void {
  batch.records.push(...mapped.records);
  batch.quarantined.push(...mapped.quarantined);
  const c = batch.next.counts;
  batch.next = {
    ...batch.next,
    cursor: page.nextCursor,
    done: page.nextCursor === null,
    highWatermark: page.highWatermark ?? batch.next.highWatermark,
    counts: { ...c, pages: c.pages + 1, records: c.records + mapped.records.length, quarantined: c.quarantined + mapped.quarantined.length },
  };
}

export interface CommitTarget {
  configId: string;
  userId: string;
  connector: string;
  model: ModelName;
  syncRunId: string;
  mode: SyncMode;
}

/**
 * One transaction: the batch's records (one bulk upsert), its quarantined records, delete detection when a full
 * listing has ended, and the checkpoint. After a crash the database holds whole batches and a cursor that matches.
 *
 * Batches may be written concurrently (two connections keep Postgres busy while pages arrive), but a batch writes
 * its checkpoint only after the previous batch has committed: if that one failed, this one rolls back too, so the
 * stored cursor never runs ahead of the stored records.
 */
export async function commitBatch(db: Db, t: CommitTarget, batch: Batch, previous: Promise<void> = Promise.resolve()): Promise<void> {
  let deleted = 0;
  await db.transaction(async (tx) => {
    const base = { configId: t.configId, userId: t.userId, model: t.model, syncRunId: t.syncRunId };
    await upsertRecords(tx, { ...base, sourceSystem: t.connector, records: batch.records });
    await quarantineRecords(
      tx,
      batch.quarantined.map((q) => ({ ...base, ...q })),
    );
    await previous;
    if (batch.next.done && t.mode === 'full') {
      deleted = await markUnseenDeleted(tx, base);
      batch.next.counts.deleted += deleted;
    }
    await saveSyncState(tx, {
      configId: t.configId,
      model: t.model,
      cursor: JSON.stringify(batch.next),
      ...(batch.next.done ? { highWatermark: batch.next.highWatermark } : {}),
    });
  });
  metrics.syncBatchCommitted(t.connector, { records: batch.records.length, quarantined: batch.quarantined.length, deleted });
}
