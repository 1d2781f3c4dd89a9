import type { Command } from 'commander';
import type { CliContext } from '../context';
import { findTemporalCli } from '../../scripts/temporal-cli';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check the configuration, the Temporal CLI, the database and the Temporal server')
    .action(async () => {
      const env = ctx.env; // throws a ConfigError naming every bad variable
      const checks: Array<{ check: string; ok: boolean; detail: string }> = [];
      const cli = findTemporalCli(ctx.source);
      checks.push({ check: 'temporal CLI', ok: Boolean(cli), detail: cli ? `${cli.path} (from ${cli.source})` : 'not found; npm run temporal:cli builds it' });
      try {
        const db = await ctx.db();
        const res = await db.query<{ n: string }>('select count(*)::text as n from fabric_meta.schema_migrations');
        checks.push({ check: 'database', ok: true, detail: `${db.kind}, ${res.rows[0]?.n ?? 0} migrations applied` });
      } catch (err) {
        checks.push({ check: 'database', ok: false, detail: (err as Error).message });
      }
      try {
        const client = await ctx.temporal();
        await client.connection.workflowService.getSystemInfo({});
        checks.push({ check: 'temporal server', ok: true, detail: `${ctx.target.address} namespace ${ctx.target.namespace}` });
      } catch (err) {
        checks.push({ check: 'temporal server', ok: false, detail: `${env.TEMPORAL_ADDRESS}: ${(err as Error).message}` });
      }
      ctx.print(() => checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.check.padEnd(16)} ${c.detail}`).join('\n'), { checks });
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}
