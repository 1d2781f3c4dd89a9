import type { MockModel, MockRecord } from './generate';
import type { LimitStats } from './limits';

/** What `startMockApi` (adapters/mock/server.ts) takes, counts and returns. */
export interface MockApiOptions {
  records: number;
  port?: number;
  host?: string;
  seed?: number;
  latencyMs?: number;
  /** Share of requests answered 503 (0..1). */
  errorRate?: number;
  /** Share of requests answered 429 with Retry-After (0..1). */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /** Every M ms one record per model changes (new version, updated_at = now). 0 = never. */
  mutateEveryMs?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Past N requests/s per client (token bucket of N) answer 429 with Retry-After; 0 = no limit. */
  limitRps?: number;
  /** Where early retries are logged (requests that did not wait out a Retry-After). */
  log?: (line: string) => void;
}

export type MockStats = LimitStats & {
  requests: number;
  rateLimited: number;
  failed: number;
  created: number;
  updated: number;
  mutations: number;
};

export interface MockApi {
  url: string;
  port: number;
  stats: MockStats;
  /** Changes one record now (what --mutate-every-ms does on a timer); returns it. */
  mutate(model: MockModel, index?: number): MockRecord;
  stop(): Promise<void>;
}
