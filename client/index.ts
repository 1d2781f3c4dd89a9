import type { Client } from '@temporalio/client';
import { loadEnv } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { push } from './push';
import { backfillSyncSchedule, controlSyncSchedule, createSyncSchedule, listSyncSchedules, updateSyncSchedule, type ScheduleSyncOptions } from './schedules';
import { getSyncStatus, startSync, type StartSyncOptions } from './sync';
import { connectTemporal } from './temporal';

/**
 * The thin starter client other services import: it starts and inspects workflows, it never touches records.
 *   const fabric = await FabricClient.connect();
 *   await fabric.startSync(configId, { mode: 'full' });
 */
export class FabricClient {
  constructor(
    readonly temporal: Client,
    readonly taskQueue: string,
  ) {}

  /** Connects with the environment's settings (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, ...). */
  static async connect(env: NodeJS.ProcessEnv = process.env): Promise<FabricClient> {
    const target = temporalTarget(loadEnv(env), env);
    const { client } = await connectTemporal(target);
    return new FabricClient(client, target.taskQueue);
  }

  startSync(configId: string, options?: StartSyncOptions) {
    return startSync(this.temporal, this.taskQueue, configId, options);
  }

  getSyncStatus(configId: string) {
    return getSyncStatus(this.temporal, configId);
  }

  push(configId: string, model: string, record: Record<string, unknown>) {
    return push(this.temporal, this.taskQueue, configId, model, record);
  }

  readonly schedules = {
    create: (configId: string, o: ScheduleSyncOptions) => createSyncSchedule(this.temporal, this.taskQueue, configId, o),
    update: (configId: string, o: ScheduleSyncOptions) => updateSyncSchedule(this.temporal, configId, o),
    list: () => listSyncSchedules(this.temporal),
    pause: (configId: string, note?: string) => controlSyncSchedule(this.temporal, configId, 'pause', note),
    resume: (configId: string, note?: string) => controlSyncSchedule(this.temporal, configId, 'unpause', note),
    trigger: (configId: string) => controlSyncSchedule(this.temporal, configId, 'trigger'),
    delete: (configId: string) => controlSyncSchedule(this.temporal, configId, 'delete'),
    backfill: (configId: string, start: Date, end: Date) => backfillSyncSchedule(this.temporal, configId, start, end),
  };

  async close(): Promise<void> {
    await this.temporal.connection.close();
  }
}

export type { StartSyncOptions, SyncStatus } from './sync';
export type { ScheduleSyncOptions, ScheduleRow } from './schedules';
export type { SyncProgress, SyncSummary } from '../contracts/sync';
export type { PushResult } from '../contracts/push';
export { FabricWorkflowError } from './errors';
export { WorkflowStartError } from './start-errors';
