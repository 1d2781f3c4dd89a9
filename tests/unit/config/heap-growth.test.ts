import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The churn fixture in a fresh node process, loading config/heap-growth.ts first as worker.ts does. */
function peakHeapMiB(growth: string): number {
  const out = execFileSync(
    process.execPath,
    ['--require', 'tsx/cjs', join(ROOT, 'tests/fixtures/processes/heap-churn.cjs'), join(ROOT, 'config/heap-growth.ts')],
    { cwd: ROOT, env: { ...process.env, FABRIC_WORKER_HEAP_GROWTH: growth }, encoding: 'utf8' },
  );
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { peakMiB: number }).peakMiB;
}

test("FABRIC_WORKER_HEAP_GROWTH bounds the heap's growth past its live set: the default 50 % peaks well below V8's own", () => {
  const v8Own = peakHeapMiB('0');
  const bounded = peakHeapMiB('50');
  // measured 172 against 84 MiB; the live set alone is about 40 MiB
  expect(bounded).toBeLessThan(v8Own * 0.75);
  expect(bounded).toBeGreaterThan(30);
}, 60_000);
