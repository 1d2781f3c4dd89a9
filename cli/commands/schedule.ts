import type { Command } from 'commander';
import type { CliContext } from '../context';
import { databaseIdentity } from '../../store/database-identity';
import { backfillSyncSchedule, controlSyncSchedule, createSyncSchedule, listSyncSchedules, updateSyncSchedule } from '../../client/schedules';

export function register(program: Command, ctx: CliContext): void {
  const schedule = program.command('schedule').description('run syncs of a config on a Temporal Schedule');

  schedule
    .command('create <configId>')
    .description('create the schedule (overlap policy SKIP: a tick during a running sync is dropped)')
    .option('--every <duration>', 'interval, e.g. 15m, 1h, 1d')
    .option('--cron <expression>', 'cron expression, e.g. "0 * * * *"')
    .option('--full', 'scheduled syncs are full (default incremental)')
    .option('--paused', 'create it paused')
    .action(async (configId: string, o: { every?: string; cron?: string; full?: boolean; paused?: boolean }) => {
      const databaseId = await databaseIdentity(await ctx.db()); // the schedule only runs against this database
      const res = await createSyncSchedule(await ctx.temporal(), ctx.target.taskQueue, configId, {
        every: o.every,
        cron: o.cron,
        mode: o.full ? 'full' : 'incremental',
        paused: o.paused,
        databaseId,
      });
      ctx.print(`schedule ${res.scheduleId} created: ${o.every ? `every ${o.every}` : `cron "${o.cron}"`}${o.paused ? ' (paused)' : ''}`, res);
    });

  schedule
    .command('list')
    .description('list sync schedules with their next runs')
    .action(async () => {
      const rows = await listSyncSchedules(await ctx.temporal());
      ctx.print(
        () =>
          rows.length === 0
            ? 'no sync schedules'
            : rows.map((r) => `${r.configId}  ${r.paused ? 'paused ' : 'active '} next ${r.nextRuns[0] ?? '-'}  ${r.note ?? ''}`).join('\n'),
        rows,
      );
    });

  schedule
    .command('update <configId>')
    .description("change a schedule's interval or cron expression")
    .option('--every <duration>', 'interval, e.g. 15m, 1h, 1d')
    .option('--cron <expression>', 'cron expression, e.g. "0 * * * *"')
    .action(async (configId: string, o: { every?: string; cron?: string }) => {
      await updateSyncSchedule(await ctx.temporal(), configId, { every: o.every, cron: o.cron });
      ctx.print(`schedule for ${configId} now runs ${o.every ? `every ${o.every}` : `on cron "${o.cron}"`}`, { configId, every: o.every, cron: o.cron });
    });

  schedule
    .command('backfill <configId>')
    .description('run the syncs the schedule would have started between two times (ISO 8601)')
    .requiredOption('--from <time>', 'start, e.g. 2026-11-01T00:00:00Z')
    .requiredOption('--to <time>', 'end, e.g. 2026-11-02T00:00:00Z')
    .action(async (configId: string, o: { from: string; to: string }) => {
      const [start, end] = [new Date(o.from), new Date(o.to)];
      if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) {
        throw new Error(`--from ${o.from} --to ${o.to}: give two ISO 8601 times, the first before the second`);
      }
      await backfillSyncSchedule(await ctx.temporal(), configId, start, end);
      ctx.print(`backfill of ${configId} from ${start.toISOString()} to ${end.toISOString()} requested`, { configId, from: start, to: end });
    });

  const verbs: Array<[string, 'pause' | 'unpause' | 'trigger' | 'delete', string]> = [
    ['pause', 'pause', 'stop starting syncs until resumed'],
    ['resume', 'unpause', 'start syncs on schedule again'],
    ['trigger', 'trigger', 'start one sync now'],
    ['delete', 'delete', 'delete the schedule (running syncs continue)'],
  ];
  for (const [name, action, description] of verbs) {
    schedule
      .command(`${name} <configId>`)
      .description(description)
      .action(async (configId: string) => {
        await controlSyncSchedule(await ctx.temporal(), configId, action);
        ctx.print(`schedule for ${configId}: ${name} done`, { configId, action: name, ok: true });
      });
  }
}
