import { readdirSync, readFileSync } from 'node:fs';
import { clockTick } from './_clock-tick';

/**
 * CPU time used by the parts of a benchmark stack, read from /proc (Linux only): per process, and for the Postgres
 * backends serving one database. CPU per event is what a part costs, and unlike throughput it barely moves when
 * something else runs on the machine, so it shows where the time goes even on a busy machine.
 */
export type CpuSample = Map<string, number>;

/** The fields of /proc/<pid>/stat after the command name (state, ppid, …), or undefined when the process is gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of a process in ms, or undefined when it is gone. */
function processCpuMs(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTick() : undefined;
}

const pidsNow = () => readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));

/** `postgres: [cluster: ]user database host(port) state`, as Postgres titles its backends. */
const BACKEND_TITLE = /^postgres: (?:\S+: )?\S+ (\S+) \S+\(\d+\)/;

/** Postgres backends whose process title names the database. */
function backendsOf(database: string): number[] {
  const pids: number[] = [];
  for (const entry of pidsNow()) {
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (BACKEND_TITLE.exec(title)?.[1] === database) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Every process's children, from one pass over /proc. */
function childrenNow(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of pidsNow()) {
    const ppid = Number(statFields(entry)?.[1]);
    if (Number.isFinite(ppid)) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  return children;
}

/** The process and its descendants (a tsx wrapper's node, the Temporal CLI under its watchdog). */
function treeOf(root: number, children: Map<number, number[]>): number[] {
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** Samples each named process tree and the sum over one database's Postgres backends (keyed `postgres`). */
export function sampleCpu(parts: Record<string, number | undefined>, database?: string): CpuSample {
  const sample: CpuSample = new Map();
  const children = childrenNow();
  for (const [name, root] of Object.entries(parts)) {
    if (root === undefined) continue;
    for (const pid of treeOf(root, children)) sample.set(`${name}:${pid}`, processCpuMs(pid) ?? 0);
  }
  if (database) for (const pid of backendsOf(database)) sample.set(`postgres:${pid}`, processCpuMs(pid) ?? 0);
  return sample;
}

/** CPU ms per part between two samples, summed over its processes (one that started in between counts from 0). */
export function cpuBetween(before: CpuSample, after: CpuSample): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, ms] of after) {
    const name = key.slice(0, key.lastIndexOf(':'));
    out[name] = (out[name] ?? 0) + ms - (before.get(key) ?? 0);
  }
  return out;
}

/** `server 0.21 ms, worker 0.12 ms, …` per event. */
export function formatPerEvent(used: Record<string, number>, events: number): string {
  if (events <= 0) return 'no events';
  const parts = Object.entries(used).map(([name, ms]) => `${name} ${(ms / events).toFixed(3)}`);
  const total = Object.values(used).reduce((a, b) => a + b, 0);
  return `CPU ms/event: ${parts.join(', ')}, total ${(total / events).toFixed(3)}`;
}
