import { rootMessage } from '../contracts/errors';
import { FabricError } from '../config/errors';

export { rootMessage };

/** A workflow that failed for a reason the caller must fix (bad record, bad credentials); `cause` keeps the chain. */
export class FabricWorkflowError extends FabricError {
  constructor(
    readonly workflowId: string,
    cause: unknown,
  ) {
    super(`${workflowId} failed: ${rootMessage(cause)}`, { cause });
    this.name = 'FabricWorkflowError';
  }
}
