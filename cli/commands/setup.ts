import type { Command } from 'commander';
import type { CliContext } from '../context';
import { describeSteps, runSetup } from '../setup';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('setup')
    .description(
      'bring the database and the Temporal namespace to a working state: migrations, search attributes, ' +
        'system schedules (idempotent; prints the exact command where the server refuses)',
    )
    .action(async () => {
      const client = await ctx.temporal();
      const { namespace, taskQueue, address } = ctx.target;
      const steps = await runSetup(
        { db: () => ctx.db(), connection: client.connection, client, namespace, taskQueue, address },
        { apply: true, log: (line) => ctx.io.err(line) },
      );
      ctx.print(() => describeSteps(steps), { ok: steps.every((s) => s.ok), steps });
      if (steps.some((s) => !s.ok)) process.exitCode = 1;
    });
}
