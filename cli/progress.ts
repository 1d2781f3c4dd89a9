import type { Client } from '@temporalio/client';
import { progressQuery } from '../workflows/sync';
import type { SyncProgress, SyncSummary } from '../contracts/sync';
import { rootMessage } from '../client/errors';
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
  try {
    return (await result) as SyncSummary;
  } catch (err) {
    // "Workflow execution failed" says nothing; the innermost cause says what the source answered
    throw new Error(`sync ${workflowId} failed: ${rootMessage(err)}`, { cause: err });
  }
}

/**
 * Waits until a just-started sync has got past its first step (the config was found and the run opened), or has
 * failed: a sync that cannot start reports its root cause within seconds instead of looking like it is starting.
 */
export async function startupFailure(client: Client, workflowId: string, timeoutMs = 8_000): Promise<string | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const d = await handle.describe();
    if (d.status.name !== 'RUNNING') {
      if (d.status.name !== 'FAILED') return undefined;
      return await handle.result().then(
        () => undefined,
        (err: unknown) => rootMessage(err),
      );
    }
    const p = await handle.query(progressQuery).catch(() => undefined);
    if (p && p.phase !== 'starting') return undefined;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}
