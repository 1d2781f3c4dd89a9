import { rootMessage } from '../contracts/errors';

export { rootMessage };

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
