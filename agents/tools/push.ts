import { z } from 'zod';
import { proposePush } from '../../client/push-approval';
import { MODEL_NAMES, parseRecord } from '../../schema';
import { requireOwnConfig } from '../context';
import { defineTool, ToolError } from '../tool-kit';

export const pushRecordTool = defineTool({
  name: 'push_record',
  kind: 'act',
  description:
    "Propose creating or updating one canonical record (e.g. a customer) in one of your configs' connected " +
    'systems. The write is PROPOSED, NOT DONE: a durable push workflow waits until a person approves it, and ' +
    'only then calls the target. The record must be valid for its model (customer needs source_system, ' +
    'source_id, email, full_name); problems come back with field paths. Returns the push id and its phase.',
  input: z
    .object({
      config_id: z.uuid().describe('the config whose system receives the record, from list_configs'),
      model: z.enum(MODEL_NAMES).describe('canonical model of the record'),
      record: z
        .record(z.string(), z.unknown())
        .describe('the canonical record, e.g. {"source_system":"crm",' + '"source_id":"crm_42","email":"ada@example.com","full_name":"Ada Lovelace"}'),
    })
    .strict(),
  async run(ctx, input) {
    const config = await requireOwnConfig(ctx, input.config_id);
    const connector = ctx.connectors().find((c) => c.name === config.connector);
    if (connector && !connector.capabilities.includes('write')) {
      throw new ToolError('not_allowed', `connector ${config.connector} is read-only; push_record needs a connector with "write"`);
    }
    const parsed = parseRecord(input.model, input.record);
    if (!parsed.ok) {
      const issues = parsed.issues.map((i) => ({ path: i.path === '(root)' ? 'record' : `record.${i.path}`, message: i.message }));
      throw new ToolError('validation', `record is not a valid ${input.model}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    const proposed = await proposePush(ctx.temporal, ctx.taskQueue, {
      configId: config.id,
      model: input.model,
      record: input.record,
      requestedBy: `agent:${ctx.userId}`,
      userId: ctx.userId,
    });
    const awaiting = proposed.phase === 'awaiting-approval';
    return {
      push_id: proposed.workflowId,
      status: awaiting ? 'awaiting_approval' : proposed.phase,
      already_proposed: proposed.alreadyProposed,
      message: awaiting
        ? `Proposed, not done: nothing has been written to ${config.connector} yet. A person must approve it with ` +
          `\`fabric push approve ${proposed.workflowId}\` (or reject it with \`fabric push reject ${proposed.workflowId}\`).`
        : `This record was proposed before and is ${proposed.phase}; nothing new was started.`,
      approve_command: `fabric push approve ${proposed.workflowId}`,
      reject_command: `fabric push reject ${proposed.workflowId}`,
    };
  },
});
