import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { push } from '../../client/push';
import { decidePush } from '../../client/push-approval';

export function register(program: Command, ctx: CliContext): void {
  const pushCommand = program
    .command('push')
    .argument('[configId]', 'the config whose target system receives the record')
    .description("create or update one canonical record in a config's target system (idempotent); approve or reject a proposed push")
    .option('--model <model>', 'canonical model: customer, invoice, ...')
    .option('--file <path>', 'JSON file holding the canonical record ("-" reads stdin)')
    .action(async (configId: string | undefined, o: { model?: string; file?: string }) => {
      if (!configId || !o.model || !o.file) throw new Error('usage: fabric push <configId> --model <model> --file <record.json>');
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(readFileSync(o.file === '-' ? 0 : o.file, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        throw new Error(`--file ${o.file}: not a readable JSON file (${(err as Error).message})`, { cause: err });
      }
      const result = await push(await ctx.temporal(), ctx.target.taskQueue, configId, o.model, record);
      ctx.print(`${result.action} ${result.model} ${result.sourceId} in ${result.connector}: external id ${result.externalId}`, result);
    });

  // A push proposed by an agent (push_record) waits in its workflow until a person decides here.
  for (const decision of ['approve', 'reject'] as const) {
    pushCommand
      .command(`${decision} <pushId>`)
      .description(`${decision} a proposed push (the push_id push_record returned, i.e. its workflow ID)`)
      .option('--by <name>', 'who decides', process.env.USER ?? 'cli')
      .option('--reason <text>', 'why, kept in the workflow')
      .action(async (pushId: string, o: { by: string; reason?: string }) => {
        const outcome = await decidePush(await ctx.temporal(), pushId, { decision, by: o.by, reason: o.reason });
        const human =
          'externalId' in outcome
            ? `approved: ${outcome.action} ${outcome.model} ${outcome.sourceId} in ${outcome.connector}: external id ${outcome.externalId}`
            : `${outcome.action} by ${outcome.decidedBy ?? 'nobody'}: nothing was written to the target`;
        ctx.print(human, { pushId, ...outcome });
      });
  }
}
