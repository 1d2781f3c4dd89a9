import { z } from 'zod';
import type { AgentContext } from './context';
import { FabricError } from '../config/errors';

/** What a model can act on when a call fails: a stable code, a message naming the fix, and field paths if any. */
export type ToolErrorCode = 'validation' | 'unknown_config' | 'not_yours' | 'not_allowed' | 'not_found' | 'unavailable';

export interface ToolIssue {
  path: string;
  message: string;
}

export class ToolError extends FabricError {
  constructor(
    override readonly code: ToolErrorCode,
    message: string,
    readonly issues: ToolIssue[] = [],
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

export interface ToolDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** Written for a model: what the tool does, when to use it, what it returns. */
  description: string;
  input: Schema;
  /** read: answered from the store under the caller's identity; act: starts a workflow. */
  kind: 'read' | 'act';
  run(ctx: AgentContext, input: z.output<Schema>): Promise<unknown>;
}

export const defineTool = <S extends z.ZodType>(def: ToolDefinition<S>): ToolDefinition<S> => def;

export type ToolOutcome = { ok: true; result: unknown } | { ok: false; error: { code: ToolErrorCode | 'internal'; message: string; issues?: ToolIssue[] } };

const issuePath = (path: readonly PropertyKey[]) =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('') || '(root)';

/**
 * Validates the input with the tool's zod schema and runs it. Never throws: every failure becomes a structured
 * error. An unexpected failure keeps only its first line, so a driver's stack or connection string never leaks.
 */
export async function runTool(def: ToolDefinition, ctx: AgentContext, raw: unknown): Promise<ToolOutcome> {
  const parsed = def.input.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
    const message = `invalid input for ${def.name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
    return { ok: false, error: { code: 'validation', message, issues } };
  }
  try {
    return { ok: true, result: await def.run(ctx, parsed.data) };
  } catch (err) {
    if (err instanceof ToolError) {
      return { ok: false, error: { code: err.code, message: err.message, ...(err.issues.length ? { issues: err.issues } : {}) } };
    }
    const first = String((err as Error)?.message ?? err)
      .split('\n')[0]!
      .replace(/postgres(ql)?:\/\/\S+/g, '<database>');
    return { ok: false, error: { code: 'internal', message: `${def.name} failed: ${first}` } };
  }
}

/** The tool's input as JSON Schema (draft 2020-12), the form MCP clients and model APIs take. */
export function inputJsonSchema(def: ToolDefinition): Record<string, unknown> {
  const schema = z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}
