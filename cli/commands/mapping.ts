import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { access } from 'node:fs/promises';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { Command } from 'commander';
import { rootMessage } from '../../client/errors';
import { MAPPABLE_MODELS, type MappableModel } from '../../mapping/format';
import { formatReport } from '../../mapping/validate';
import { decideMappingUpdate, mappingStateQuery, mappingWorkflow, type MappingState } from '../../workflows/mapping';
import type { CliContext } from '../context';
import { registerPropose } from '../mapping-propose';

const summary = (id: string, s: MappingState) =>
  [
    `mapping ${id}: ${s.phase}${s.mappingId ? ` (row ${s.mappingId})` : ''}`,
    s.confidence !== undefined ? `confidence ${s.confidence} by ${s.proposer}` : '',
    ...(s.mapping?.rules ?? []).map(
      (r) => `  ${r.target.padEnd(28)} ← ${JSON.stringify(r.source)} ${r.transforms.map((t) => t.op).join(' | ')} (${r.confidence ?? '?'})`,
    ),
    s.report ? formatReport(s.report) : '',
    ...(s.notes ?? []),
  ]
    .filter(Boolean)
    .join('\n');

/** The run's state; a mapping ID no run has is named as such instead of a bare "workflow not found". */
async function stateOf(handle: WorkflowHandle, id: string): Promise<MappingState> {
  try {
    return await handle.query(mappingStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new Error(`mapping ${id}: no such mapping; use the id \`fabric mapping generate\` printed`, { cause: err });
    throw err;
  }
}

export function register(program: Command, ctx: CliContext): void {
  const mapping = program.command('mapping').description('generate a field mapping from an OpenAPI spec, then approve or reject it');
  registerPropose(mapping, ctx);

  mapping
    .command('generate')
    .requiredOption('--spec <file>', 'OpenAPI 3 or Swagger 2 file, JSON or YAML')
    .requiredOption('--model <model>', MAPPABLE_MODELS.join(' | '))
    .option('--resource <name>', 'resource to map (default: the best fit)')
    .option('--source <system>', 'source system name stored with the mapping', 'generated')
    .action(async (o: { spec: string; model: string; resource?: string; source: string }) => {
      if (!(MAPPABLE_MODELS as string[]).includes(o.model)) throw new Error(`--model ${o.model}: must be ${MAPPABLE_MODELS.join(' or ')}`);
      await access(resolve(o.spec)).catch(() => {
        throw new Error(`--spec ${o.spec}: no such file; pass an OpenAPI 3 or Swagger 2 file`);
      });
      const client = await ctx.temporal();
      const id = randomUUID();
      const handle = await client.workflow.start(mappingWorkflow, {
        workflowId: `mapping:${id}`,
        taskQueue: ctx.env.TEMPORAL_TASK_QUEUE,
        args: [{ specPath: resolve(o.spec), model: o.model as MappableModel, resource: o.resource, sourceSystem: o.source }],
      });
      let failure: unknown;
      handle.result().catch((err: unknown) => {
        failure = err;
      });
      let state: MappingState = { phase: 'parsing' };
      for (let i = 0; i < 600 && state.phase !== 'awaiting-approval'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        if (failure) throw new Error(`mapping ${id}: generation failed: ${rootMessage(failure)}`);
        state = await handle.query(mappingStateQuery);
      }
      if (state.phase !== 'awaiting-approval')
        throw new Error(`mapping ${id}: still ${state.phase} after 2 minutes; check it later with \`fabric mapping show ${id}\``);
      ctx.print(() => `${summary(id, state)}\napprove: fabric mapping approve ${id}`, { id, workflowId: `mapping:${id}`, ...state });
    });

  mapping.command('show <id>').action(async (id: string) => {
    const state = await stateOf((await ctx.temporal()).workflow.getHandle(`mapping:${id}`), id);
    ctx.print(() => summary(id, state), { id, ...state });
  });

  for (const decision of ['approve', 'reject'] as const) {
    mapping
      .command(`${decision} <id>`)
      .option('--by <name>', 'who decides', process.env.USER ?? 'cli')
      .option('--mapping <file>', 'an edited mapping (JSON) to approve instead of the proposal')
      .action(async (id: string, o: { by: string; mapping?: string }) => {
        const edited = o.mapping ? (JSON.parse(await (await import('node:fs/promises')).readFile(o.mapping, 'utf8')) as unknown) : undefined;
        const handle = (await ctx.temporal()).workflow.getHandle(`mapping:${id}`);
        const before = await stateOf(handle, id);
        if (before.phase === 'approved' || before.phase === 'rejected') {
          throw new Error(`mapping ${id}: already ${before.phase}; a decision is final, generate a new mapping to change it`);
        }
        const state = await handle.executeUpdate(decideMappingUpdate, { args: [{ decision, by: o.by, mapping: edited }] });
        ctx.print(() => summary(id, state), { id, ...state });
      });
  }
}
