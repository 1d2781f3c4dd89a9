import type { Command } from 'commander';
import type { CliContext } from '../context';
import { findTemporalCli } from '../../scripts/temporal-cli';
import { runSetup, type SetupStep } from '../setup';

interface Check {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

async function workersCheck(ctx: CliContext): Promise<Check> {
  const { taskQueue } = ctx.target;
  const client = await ctx.temporal();
  const queue = await client.connection.workflowService.describeTaskQueue({
    namespace: ctx.target.namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // workflow tasks
  });
  const pollers = queue.pollers?.length ?? 0;
  return pollers > 0
    ? { check: 'workers', ok: true, detail: `${pollers} polling ${taskQueue}` }
    : { check: 'workers', ok: false, detail: `none polling ${taskQueue}`, fix: 'start one: npm run worker' };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description(
      'check the configuration, the Temporal CLI, the database, the namespace, search attributes, ' +
        'system schedules and workers; names what is missing and the fix',
    )
    .action(async () => {
      const env = ctx.env; // throws a ConfigError naming every bad variable
      const checks: Check[] = [];
      const cli = findTemporalCli(ctx.source);
      checks.push({
        check: 'temporal CLI',
        ok: Boolean(cli),
        detail: cli ? `${cli.path} (from ${cli.source})` : 'not found',
        fix: cli ? undefined : 'npm run temporal:cli builds it',
      });
      try {
        const client = await ctx.temporal();
        await client.connection.workflowService.getSystemInfo({});
        checks.push({ check: 'temporal server', ok: true, detail: `${ctx.target.address}` });
        const { namespace, taskQueue, address } = ctx.target;
        const steps: SetupStep[] = await runSetup(
          { db: () => ctx.db(), connection: client.connection, client, namespace, taskQueue, address },
          { apply: false },
        );
        checks.push(...steps.map(({ step, ...rest }) => ({ check: step, ...rest })));
        if (steps.every((s) => s.ok)) checks.push(await workersCheck(ctx));
      } catch (err) {
        checks.push({
          check: 'temporal server',
          ok: false,
          detail: `${env.TEMPORAL_ADDRESS}: ${(err as Error).message}`,
          fix: 'start it (npm run dev) or set TEMPORAL_ADDRESS',
        });
      }
      ctx.print(() => checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.check.padEnd(18)} ${c.detail}${c.fix ? `\n     fix: ${c.fix}` : ''}`).join('\n'), {
        checks,
      });
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}
