import { readFileSync } from 'node:fs';
import type { Db } from '../store/db';
import { cpuBetween, sampleCpu, type CpuSample } from './_cpu';

/** The worker's DATABASE_URL carries this application_name, so its connections can be told from the bench's own. */
export const WORKER_APP_NAME = 'fabric-fleet-worker';

/** Resident set size of a process in bytes (VmRSS), or undefined when it is gone. */
function rssOf(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface ProbeReport {
  seconds: number;
  /** CPU ms per part over the probed window (worker, temporal, postgres backends of the database). */
  cpuMs: Record<string, number>;
  rssPeakMiB: number;
  rssLastMiB: number;
  /** RSS every 30 s, MiB: whether memory grows with the ticks. */
  rssSamplesMiB: number[];
  workerConnsPeak: number;
  totalConnsPeak: number;
  /** one-second samples of pg_stat_activity in which the worker's pool had every connection busy (state active) */
  workerActivePeak: number;
}

/** Samples the worker's RSS and the database's Postgres connections every second, and CPU between start and stop. */
export function startProbe(o: { db: Db; database: string; workerPid: number; temporalPid?: number }) {
  const parts = { worker: o.workerPid, temporal: o.temporalPid };
  const started = performance.now();
  const before: CpuSample = sampleCpu(parts, o.database);
  const r: Omit<ProbeReport, 'seconds' | 'cpuMs'> = {
    rssPeakMiB: 0,
    rssLastMiB: 0,
    rssSamplesMiB: [],
    workerConnsPeak: 0,
    totalConnsPeak: 0,
    workerActivePeak: 0,
  };
  let ticks = 0;
  let busy = false;
  const timer = setInterval(() => {
    const rss = rssOf(o.workerPid);
    if (rss !== undefined) {
      r.rssLastMiB = Math.round(rss / 2 ** 20);
      r.rssPeakMiB = Math.max(r.rssPeakMiB, r.rssLastMiB);
      if (ticks++ % 30 === 0) r.rssSamplesMiB.push(r.rssLastMiB);
    }
    if (busy) return;
    busy = true;
    o.db
      .query<{ total: string; worker: string; active: string }>(
        `select count(*) as total,
                count(*) filter (where application_name = $2) as worker,
                count(*) filter (where application_name = $2 and state = 'active') as active
           from pg_stat_activity where datname = $1`,
        [o.database, WORKER_APP_NAME],
      )
      .then(({ rows }) => {
        r.totalConnsPeak = Math.max(r.totalConnsPeak, Number(rows[0]!.total));
        r.workerConnsPeak = Math.max(r.workerConnsPeak, Number(rows[0]!.worker));
        r.workerActivePeak = Math.max(r.workerActivePeak, Number(rows[0]!.active));
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, 1000);
  return {
    stop(): ProbeReport {
      clearInterval(timer);
      const cpuMs = cpuBetween(before, sampleCpu(parts, o.database));
      return { ...r, seconds: (performance.now() - started) / 1000, cpuMs };
    },
  };
}
