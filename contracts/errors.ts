// Pure helpers shared by workflow code and the client; safe for the workflow bundle.

/** The innermost cause's message: "Workflow execution failed" and "Activity task failed" say less than the error beneath. */
export function rootMessage(err: unknown): string {
  let current = err as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as typeof current;
  return current?.message ?? String(err);
}
