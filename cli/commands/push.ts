import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { push } from '../../client/push';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('push <configId>')
    .description("create or update one canonical record in a config's target system (idempotent)")
    .requiredOption('--model <model>', 'canonical model: customer, invoice, ...')
    .requiredOption('--file <path>', 'JSON file holding the canonical record ("-" reads stdin)')
    .action(async (configId: string, o: { model: string; file: string }) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(readFileSync(o.file === '-' ? 0 : o.file, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        throw new Error(`--file ${o.file}: not a readable JSON file (${(err as Error).message})`, { cause: err });
      }
      const result = await push(await ctx.temporal(), ctx.target.taskQueue, configId, o.model, record);
      ctx.print(`${result.action} ${result.model} ${result.sourceId} in ${result.connector}: external id ${result.externalId}`, result);
    });
}
