// Types shared by the sync workflow, its activities and the client. No runtime code: safe for the workflow bundle.

export type SyncMode = 'full' | 'incremental';

export interface SyncInput {
  configId: string;
  mode?: SyncMode;
  /** Models to sync; defaults to every model the connector reads. */
  models?: string[];
  pageSize?: number;
  /** Operator knobs; the defaults suit production. Small values make continue-as-new visible in tests. */
  tuning?: { chunkBudgetMs?: number; chunksPerRun?: number };
  /** Carried across continue-as-new; callers leave it unset. */
  resume?: SyncResumeState;
}

export interface ModelCounts {
  pages: number;
  records: number;
  quarantined: number;
  deleted: number;
}

export interface SyncResumeState {
  syncRunId: string;
  connector: string;
  userId: string;
  models: string[];
  modelIndex: number;
  counts: Record<string, ModelCounts>;
  startedAtMs: number;
  chunks: number;
  /** How many times this sync has continued-as-new so far. */
  generation?: number;
}

export interface SyncProgress {
  phase: 'starting' | 'syncing' | 'finishing' | 'completed' | 'failed' | 'cancelled';
  configId: string;
  syncRunId?: string;
  connector?: string;
  model?: string;
  pages: number;
  records: number;
  quarantined: number;
  recordsPerSecond: number;
  cursor?: string | null;
  elapsedMs: number;
  continuedAsNew: number;
}

export interface SyncSummary {
  syncRunId: string;
  configId: string;
  connector: string;
  mode: SyncMode;
  status: 'completed' | 'failed' | 'cancelled';
  counts: Record<string, ModelCounts>;
  durationMs: number;
  errors: string[];
}

export interface BeginSyncResult {
  syncRunId: string;
  connector: string;
  userId: string;
  models: string[];
}

export interface SyncChunkInput {
  configId: string;
  syncRunId: string;
  model: string;
  mode: SyncMode;
  pageSize?: number;
  /** Return after about this long so the workflow can report progress and continue-as-new when due. */
  timeBudgetMs?: number;
}

export interface SyncChunkResult {
  done: boolean;
  cursor: string | null;
  counts: ModelCounts;
}

export const emptyCounts = (): ModelCounts => ({ pages: 0, records: 0, quarantined: 0, deleted: 0 });
