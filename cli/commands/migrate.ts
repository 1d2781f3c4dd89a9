import type { Command } from 'commander';
import type { CliContext } from '../context';
import { migrate } from '../../store/migrate';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('apply pending supabase/migrations to DATABASE_URL (or the embedded PGlite); safe to run again')
    .action(async () => {
      const db = await ctx.db();
      const report = await migrate(db, { log: (line) => ctx.io.err(line) });
      ctx.print(
        () =>
          `${db.kind}${report.supabase ? ' (Supabase)' : ' (plain Postgres: auth compatibility applied)'}: ` +
          (report.applied.length ? `applied ${report.applied.join(', ')}` : 'nothing to apply') +
          `; ${report.alreadyApplied.length} already applied`,
        { database: db.kind, ...report },
      );
    });
}
