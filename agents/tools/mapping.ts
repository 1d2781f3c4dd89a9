import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { MAPPABLE_MODELS } from '../../mapping/format';
import { mappingWorkflow } from '../../workflows/mapping';
import { SA } from '../../contracts/search-attributes';
import type { AgentContext } from '../context';
import { defineTool, ToolError } from '../tool-kit';

/** True when path is one of the allowed files or inside one of the allowed directories (no `..` escapes). */
export function specAllowed(ctx: AgentContext, path: string): boolean {
  const target = real(path);
  return ctx.specAllowList.some((allowed) => {
    const rel = relative(real(allowed), target);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
}

/** Symlinks resolved, so a link inside an allowed directory cannot point outside it. */
function real(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch {
    return resolve(path);
  }
}

export const proposeMappingTool = defineTool({
  name: 'propose_mapping',
  kind: 'act',
  description:
    'Start generating a field mapping from an OpenAPI spec to a canonical model (customer or invoice). The spec ' +
    "must be a file on the server's allow-list. A durable mapping workflow parses it, proposes rules, validates " +
    'them on sample records and stores a draft that a person approves (`fabric mapping approve <id>`) before it ' +
    'goes live. Returns the mapping id at once.',
  input: z
    .object({
      spec_path: z.string().min(1).max(1000).describe("path of an OpenAPI 3 or Swagger 2 file on the server's allow-list"),
      model: z.enum(MAPPABLE_MODELS).describe('canonical model to map to'),
      resource: z.string().min(1).max(200).optional().describe('the spec resource to map (default: the best fit)'),
      source_system: z
        .string()
        .regex(/^[a-z][a-z0-9_-]{0,63}$/)
        .default('generated')
        .describe('name stored with the mapping, lower-case, e.g. "acme"'),
    })
    .strict(),
  async run(ctx, input) {
    if (!specAllowed(ctx, input.spec_path)) {
      const hint = ctx.specAllowList.length ? `allowed: ${ctx.specAllowList.join(', ')}` : 'the allow-list is empty (FABRIC_AGENT_SPEC_DIRS)';
      throw new ToolError('not_allowed', `spec_path: ${input.spec_path} is not on the server's allow-list; ${hint}`, [
        { path: 'spec_path', message: 'not on the allow-list' },
      ]);
    }
    const id = randomUUID();
    const workflowId = `mapping:${id}`;
    await ctx.temporal.workflow.start(mappingWorkflow, {
      workflowId,
      taskQueue: ctx.taskQueue,
      args: [{ specPath: resolve(input.spec_path), model: input.model, resource: input.resource, sourceSystem: input.source_system }],
      typedSearchAttributes: [
        { key: SA.action, value: 'mapping' },
        { key: SA.userId, value: ctx.userId },
      ],
    });
    return {
      mapping_id: id,
      workflow_id: workflowId,
      status: 'generating',
      message:
        `A draft mapping is being generated; a person reviews it with \`fabric mapping show ${id}\` and ` +
        `approves it with \`fabric mapping approve ${id}\`.`,
    };
  },
});
