import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SyncInput, SyncMode, SyncProgress, SyncSummary } from '../contracts/sync';
import { SA } from '../contracts/search-attributes';
import { rootMessage } from './errors';
import { syncWorkflowId } from './ids';
import { explainedStart } from './start-errors';

export interface StartSyncOptions {
  mode?: SyncMode;
  models?: string[];
  pageSize?: number;
  tuning?: SyncInput['tuning'];
}

export interface StartedSync {
  workflowId: string;
  runId: string;
  /** true when a sync of this config was already running and we handed back that one. */
  alreadyRunning: boolean;
}

export interface SyncStatus {
  workflowId: string;
  status: string; // RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, CONTINUED_AS_NEW, NOT_FOUND
  progress?: SyncProgress;
  summary?: SyncSummary;
  failure?: string;
  startTime?: string;
  closeTime?: string;
}

/** Starts `sync:<configId>`, or hands back the sync already running for that config (one at a time). */
export async function startSync(client: Client, taskQueue: string, configId: string, o: StartSyncOptions = {}): Promise<StartedSync> {
  const workflowId = syncWorkflowId(configId);
  const running = await client.workflow
    .getHandle(workflowId)
    .describe()
    .catch(() => undefined);
  if (running?.status.name === 'RUNNING') return { workflowId, runId: running.runId, alreadyRunning: true };
  const handle = await explainedStart(client, workflowId, () =>
    client.workflow.start('syncWorkflow', {
      // by name: the client never loads workflow code (docs/WORKFLOWS.md)
      taskQueue,
      workflowId,
      args: [{ configId, mode: o.mode ?? 'incremental', models: o.models, pageSize: o.pageSize, tuning: o.tuning } satisfies SyncInput],
      workflowIdConflictPolicy: 'USE_EXISTING', // a race with another starter still yields one sync
      typedSearchAttributes: [
        { key: SA.configId, value: configId },
        { key: SA.action, value: `sync-${o.mode ?? 'incremental'}` },
      ],
    }),
  );
  return { workflowId, runId: handle.firstExecutionRunId, alreadyRunning: false };
}

/** The latest sync of a config: live progress while it runs, the summary or failure once it has finished. */
export async function getSyncStatus(client: Client, configId: string): Promise<SyncStatus> {
  const workflowId = syncWorkflowId(configId);
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { workflowId, status: 'NOT_FOUND' };
    throw err;
  }
  const status: SyncStatus = {
    workflowId,
    status: description.status.name,
    startTime: description.startTime.toISOString(),
    closeTime: description.closeTime?.toISOString(),
  };
  if (description.status.name === 'RUNNING') {
    status.progress = await handle.query<SyncProgress>('progress');
  } else if (description.status.name === 'COMPLETED') {
    status.summary = (await handle.result()) as SyncSummary;
  } else {
    status.failure = await handle.result().then(
      () => undefined,
      (err: Error) => rootMessage(err),
    );
  }
  return status;
}
