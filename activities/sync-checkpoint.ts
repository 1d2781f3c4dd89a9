import { emptyCounts, type ModelCounts } from '../contracts/sync';

/**
 * What sync_state.cursor holds while a run pages through a model. It is committed in the same transaction as each
 * page, so after any crash it says exactly which pages are in the database and how many records they held.
 */
export interface Checkpoint {
  run: string;
  cursor: string | null;
  since: string | null;
  highWatermark: string | null;
  done: boolean;
  counts: ModelCounts;
}

export function decodeCheckpoint(stored: string | null | undefined, syncRunId: string): Checkpoint | undefined {
  if (!stored) return undefined;
  try {
    const parsed = JSON.parse(stored) as Partial<Checkpoint>;
    if (parsed.run !== syncRunId) return undefined; // another run's position: this run starts afresh
    return { cursor: null, since: null, highWatermark: null, done: false, ...parsed, counts: { ...emptyCounts(), ...parsed.counts } } as Checkpoint;
  } catch {
    return undefined;
  }
}

export function freshCheckpoint(syncRunId: string, since: string | null): Checkpoint {
  return { run: syncRunId, cursor: null, since, highWatermark: since, done: false, counts: emptyCounts() };
}
