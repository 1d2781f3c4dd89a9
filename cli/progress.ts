import type { Client } from '@temporalio/client';
import { progressQuery } from '../workflows/sync';
import type { SyncProgress, SyncSummary } from '../workflows/sync-types';
import type { CliIo } from './context';

const WIDTH = 28;

/** A live line: a bar that sweeps while the total is unknown, records, rate and phase. */
export function progressLine(p: SyncProgress, tick: number): string {
  const pos = tick % WIDTH;
  const bar = p.phase === 'completed' ? '='.repeat(WIDTH) : ' '.repeat(pos) + '<=>'.slice(0, WIDTH - pos) + ' '.repeat(Math.max(0, WIDTH - pos - 3));
  return `[${bar.slice(0, WIDTH)}] ${p.phase.padEnd(9)} ${String(p.model ?? '').padEnd(8)} ${p.records} records  ${p.pages} pages  ${p.recordsPerSecond}/s  ${p.quarantined} quarantined`;
}

/** Polls the workflow's progress query until it finishes; draws on a TTY, prints a line every 2 s otherwise. */
export async function followSync(client: Client, workflowId: string, io?: CliIo): Promise<SyncSummary> {
  const handle = client.workflow.getHandle(workflowId);
  const tty = Boolean(process.stderr.isTTY);
  let finished = false;
  const result = handle.result().finally(() => {
    finished = true;
  });
  let tick = 0;
  let lastPrinted = 0;
  while (!finished) {
    const p = await handle.query(progressQuery).catch(() => undefined);
    if (p && io) {
      if (tty) process.stderr.write(`\r${progressLine(p, tick)}`);
      else if (Date.now() - lastPrinted > 2000) {
        io.err(progressLine(p, tick));
        lastPrinted = Date.now();
      }
    }
    tick++;
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
  }
  if (tty && io) process.stderr.write('\n');
  return (await result) as SyncSummary;
}
