import type { Command } from 'commander';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { CliContext } from './context';
import { syncScheduleId } from '../client/ids';
import { getPauseState, resumeConfig } from '../store/circuit';
import type { Db } from '../store/db';
import type { ConfigStore } from '../store/config-store';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Unpauses the config's schedule, if it has one (the circuit breaker paused it). */
async function unpauseSchedule(ctx: CliContext, configId: string): Promise<boolean> {
  try {
    const handle = (await ctx.temporal()).schedule.getHandle(syncScheduleId(configId));
    await handle.unpause('resumed: the circuit breaker was cleared');
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

/** `configs resume` and `configs set-secret`: the two ways to close a config's circuit breaker. */
export function registerResume(
  configs: Command,
  ctx: CliContext,
  configStoreFor: (db: Db) => ConfigStore,
  parseSecrets: (pairs: string[]) => Record<string, string>,
): void {
  configs
    .command('resume <configId>')
    .description('clear a paused config (circuit breaker) and resume its schedule, once the cause is fixed')
    .action(async (configId: string) => {
      const db = await ctx.db();
      const before = await getPauseState(db, configId);
      if (!before) throw new Error(`configId: no connector config ${configId}; list them with \`fabric configs list\``);
      await resumeConfig(db, configId);
      const schedule = await unpauseSchedule(ctx, configId);
      ctx.print(`${before.paused ? 'resumed' : 'was not paused'}: config ${configId}` + (schedule ? '; its schedule runs again' : ''), {
        configId,
        wasPaused: before.paused,
        scheduleResumed: schedule,
      });
    });

  configs
    .command('set-secret <configId>')
    .description('store new credentials for a config (encrypted); this also resumes a paused config')
    .requiredOption('--secret <key=value>', 'a credential (repeatable)', collect, [])
    .action(async (configId: string, o: { secret: string[] }) => {
      const db = await ctx.db();
      const before = await getPauseState(db, configId);
      if (!before) throw new Error(`configId: no connector config ${configId}; list them with \`fabric configs list\``);
      const secrets = parseSecrets(o.secret);
      await configStoreFor(db).setCredentials(configId, secrets);
      const schedule = before.paused ? await unpauseSchedule(ctx, configId) : false;
      ctx.print(`stored ${Object.keys(secrets).join(', ')} for config ${configId}` + (before.paused ? '; the config is resumed' : ''), {
        configId,
        secretNames: Object.keys(secrets),
        resumed: before.paused,
        scheduleResumed: schedule,
      });
    });
}
