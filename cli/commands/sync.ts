import type { Command } from 'commander';
import type { CliContext } from '../context';
import { getSyncStatus, startSync } from '../../client/sync';
import type { SyncProgress, SyncSummary } from '../../contracts/sync';
import { followSync, startupFailure } from '../progress';
import { describePause } from '../pause-line';

export function describeSummary(s: SyncSummary): string {
  const models = Object.entries(s.counts)
    .map(([m, c]) => `  ${m.padEnd(10)} ${c.records} records, ${c.quarantined} quarantined, ${c.deleted} deleted, ${c.pages} pages`)
    .join('\n');
  return (
    `sync ${s.status} (${s.mode}) for ${s.connector} config ${s.configId} in ${(s.durationMs / 1000).toFixed(1)} s\n${models}` +
    (s.errors.length ? `\n  errors: ${s.errors.join('; ')}` : '')
  );
}

const describeProgress = (p: SyncProgress) =>
  `${p.phase} ${p.connector ?? ''} ${p.model ?? ''}: ${p.records} records, ${p.quarantined} quarantined, ${p.pages} pages, ${p.recordsPerSecond}/s`;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('sync <configId>')
    .description('start a sync of a connector config (incremental unless --full); hands back a sync already running')
    .option('--full', 'fetch everything and detect deletes, instead of changes since the last sync')
    .option('--follow', 'wait and draw live progress until the sync finishes')
    .option('--models <list>', 'comma-separated models to sync (default: all the connector reads)')
    .action(async (configId: string, o: { full?: boolean; follow?: boolean; models?: string }) => {
      const client = await ctx.temporal();
      const models = o.models
        ?.split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      const started = await startSync(client, ctx.target.taskQueue, configId, { mode: o.full ? 'full' : 'incremental', models });
      if (!o.follow) {
        const failed = started.alreadyRunning ? undefined : await startupFailure(client, started.workflowId);
        if (failed) throw new Error(`sync of config ${configId} failed: ${failed}`);
        ctx.print(
          `${started.alreadyRunning ? 'a sync is already running' : 'sync started'}: workflow ${started.workflowId} run ${started.runId}\n` +
            `follow it with: fabric status ${configId}  (or the Web UI, search WorkflowId="${started.workflowId}")`,
          started,
        );
        return;
      }
      const summary = await followSync(client, started.workflowId, ctx.json ? undefined : ctx.io);
      ctx.print(() => describeSummary(summary), { ...started, summary });
    });

  program
    .command('status <configId>')
    .description("show a config's latest sync: live progress while it runs, its summary or failure afterwards")
    .action(async (configId: string) => {
      const status = await getSyncStatus(await ctx.temporal(), configId);
      const pause = await describePause(ctx, configId);
      ctx.print(
        () => {
          const why = status.failure ? `: ${status.failure}` : '';
          if (pause.line) return `${pause.line}\n  last sync: ${status.status.toLowerCase()}${why}`;
          if (status.status === 'NOT_FOUND') return `no sync has run for config ${configId}; start one with \`fabric sync ${configId}\``;
          if (status.progress) return `running since ${status.startTime}\n  ${describeProgress(status.progress)}`;
          if (status.summary) return describeSummary(status.summary);
          return `${status.status.toLowerCase()} at ${status.closeTime}: ${status.failure ?? 'no detail'}`;
        },
        { ...status, pause: pause.state },
      );
      if (status.failure || pause.line) process.exitCode = 1;
    });
}
