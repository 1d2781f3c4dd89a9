import { setFlagsFromString } from 'node:v8';

/** FABRIC_WORKER_HEAP_GROWTH's default, in percent (config/env.ts validates the variable). */
export const DEFAULT_HEAP_GROWTH = 50;

/**
 * Bounds how far the JS heap may grow past what is live before V8 runs a full collection. A sync allocates fast and
 * keeps little (about 50 MB live), and V8's own factor let the heap reach 4x that, about 260 MB, between collections;
 * at 50 % a syncing worker's peak RSS fell by about a third, with its sync rate within the run-to-run noise
 * (docs/BENCHMARKS.md, fourth session). 0 keeps V8's own.
 */
export function limitHeapGrowth(percent: number): void {
  if (Number.isInteger(percent) && percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

// Applied on import, before the importer loads anything else: V8 sets each collection's limit from the flag as it is
// at that collection, so a flag set after the modules have loaded leaves the first, large limit in place.
limitHeapGrowth(Number(process.env.FABRIC_WORKER_HEAP_GROWTH ?? DEFAULT_HEAP_GROWTH));
