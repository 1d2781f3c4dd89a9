import { ServiceError, type Client } from '@temporalio/client';
import { rootMessage } from './errors';
import { missingSearchAttributes } from './search-attributes';
import { FabricError } from '../config/errors';

/** A workflow the server refused to start; the message carries the server's own words and the fix. */
export class WorkflowStartError extends FabricError {
  constructor(
    readonly workflowId: string,
    readonly serverMessage: string,
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'WorkflowStartError';
  }
}

/**
 * Turns the SDK's bare "Failed to start Workflow" into the server's reason. When the reason is an unregistered
 * search attribute, it names every attribute the namespace lacks and the command that registers them.
 */
export async function explainStartFailure(client: Client, workflowId: string, err: unknown): Promise<unknown> {
  if (!(err instanceof ServiceError)) return err; // already started, or a client-side problem that names itself
  let inner = err as { cause?: unknown; details?: string };
  while (inner.cause) inner = inner.cause as typeof inner;
  const server = inner.details || rootMessage(err); // gRPC's details hold the server's words without the status code
  let message = `cannot start ${workflowId}: the Temporal server said "${server}"`;
  if (/search attribute/i.test(server)) {
    const missing = await missingSearchAttributes(client.connection, client.options.namespace).catch(() => []);
    message +=
      `; namespace ${client.options.namespace} lacks the search attribute${missing.length === 1 ? '' : 's'} ` +
      `${missing.join(', ') || 'named above'}: run \`fabric setup\` to register them (it prints the commands where the ` +
      'server refuses, as Temporal Cloud does)';
  } else if (/namespace/i.test(server) && /not found/i.test(server)) {
    message += `; check TEMPORAL_NAMESPACE or create the namespace (\`fabric doctor\` shows how)`;
  }
  return new WorkflowStartError(workflowId, server, message, err);
}

/** Runs a start and rethrows its failure explained. */
export async function explainedStart<T>(client: Client, workflowId: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    throw await explainStartFailure(client, workflowId, err);
  }
}
