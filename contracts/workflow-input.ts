import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';

/** The ApplicationFailure type of a workflow refusing its input (docs/WORKFLOWS.md). */
export const INVALID_WORKFLOW_INPUT = 'InvalidWorkflowInput';

export interface InputIssue {
  path: string;
  message: string;
}

/**
 * Checks a workflow's input at its edge, first thing in the workflow. A bad input fails the workflow at once,
 * non-retryably, naming each field and its problem (the same list is in the failure's details). Deterministic:
 * zod only inspects the value, so this is safe inside the workflow sandbox.
 */
export function validateWorkflowInput<S extends z.ZodType>(workflowType: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: InputIssue[] = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
  throw ApplicationFailure.create({
    type: INVALID_WORKFLOW_INPUT,
    nonRetryable: true,
    message: `${workflowType} input is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')} ` + '(docs/WORKFLOWS.md describes every field)',
    details: [issues],
  });
}
