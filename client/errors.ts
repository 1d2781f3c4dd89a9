/** The innermost cause's message: "Workflow execution failed" and "Activity task failed" say less than the adapter error beneath. */
export function rootMessage(err: unknown): string {
  let current = err as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as typeof current;
  return current?.message ?? String(err);
}

/** A workflow that failed for a reason the caller must fix (bad record, bad credentials); `cause` keeps the chain. */
export class FabricWorkflowError extends Error {
  constructor(
    readonly workflowId: string,
    cause: unknown,
  ) {
    super(`${workflowId} failed: ${rootMessage(cause)}`, { cause });
    this.name = 'FabricWorkflowError';
  }
}
