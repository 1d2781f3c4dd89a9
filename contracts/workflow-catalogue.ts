import type { z } from 'zod';
import {
  BatchProgressSchema,
  MappingDecisionSchema,
  MappingInputSchema,
  MappingStateSchema,
  PushInputSchema,
  PushResultSchema,
  ScheduledSyncInputSchema,
  ScheduledSyncResultSchema,
  SyncInputSchema,
  SyncProgressSchema,
  SyncSummarySchema,
  WebhookBatchInputSchema,
  WebhookReplayInputSchema,
  WebhookReplayResultSchema,
} from './workflow-schemas';

export interface WorkflowContract {
  input: z.ZodType;
  result: z.ZodType;
  queries?: Record<string, z.ZodType>;
  updates?: Record<string, { args: z.ZodType; result: z.ZodType }>;
  /** Signals and their argument (none carry one today). */
  signals?: Record<string, null>;
}

/** Every workflow type other services may start by name, with its messages; docs/WORKFLOWS.md explains each. */
export const WORKFLOW_CONTRACTS: Record<string, WorkflowContract> = {
  syncWorkflow: { input: SyncInputSchema, result: SyncSummarySchema, queries: { progress: SyncProgressSchema } },
  pushWorkflow: { input: PushInputSchema, result: PushResultSchema },
  mappingWorkflow: {
    input: MappingInputSchema,
    result: MappingStateSchema,
    queries: { mappingState: MappingStateSchema },
    updates: { decideMapping: { args: MappingDecisionSchema, result: MappingStateSchema } },
  },
  webhookBatchWorkflow: {
    input: WebhookBatchInputSchema,
    result: BatchProgressSchema,
    queries: { progress: BatchProgressSchema },
    signals: { eventsStored: null },
  },
  webhookWorkflow: { input: WebhookReplayInputSchema, result: WebhookReplayResultSchema },
  scheduledSyncWorkflow: { input: ScheduledSyncInputSchema, result: ScheduledSyncResultSchema },
};
