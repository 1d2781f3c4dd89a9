// The JSON every workflow takes and returns, as zod schemas: the one source for edge validation inside workflows
// (contracts/workflow-input.ts), for the client's types, and for contracts/json (JSON Schema, docs/WORKFLOWS.md).
// Pure zod: safe for the workflow bundle and for services that import connectivity-fabric/client.
import { z } from 'zod';
import { Mapping } from '../mapping/format';
import { MAPPABLE_MODELS, MAPPABLE_MODELS_TEXT } from '../mapping/targets';
import { MODEL_NAMES } from '../schema/versions';

const configId = z.uuid({ error: 'must be a connector config id (a UUID, as `fabric configs list` shows)' });
const syncMode = z.enum(['full', 'incremental'], { error: 'must be "full" or "incremental"' });
const count = z.number().int().min(0);

export const ModelCountsSchema = z.object({ pages: count, records: count, quarantined: count, deleted: count });

export const SyncInputSchema = z
  .strictObject({
    configId,
    mode: syncMode.optional().describe('default "incremental": changes since the last sync; "full" also detects deletes'),
    models: z
      .array(z.enum(MODEL_NAMES, { error: `must be one of ${MODEL_NAMES.join(', ')}` }))
      .min(1)
      .optional()
      .describe('default: every model the connector reads'),
    pageSize: z.number().int().min(1).max(1000).optional().describe("records per source page; default: the connector's"),
    tuning: z
      .strictObject({
        chunkBudgetMs: z.number().int().min(1).optional(),
        chunksPerRun: z.number().int().min(1).optional(),
      })
      .optional()
      .describe('operator knobs; the defaults suit production'),
    resume: z.record(z.string(), z.unknown()).optional().describe('set by the workflow when it continues-as-new; callers leave it unset'),
  })
  .describe('syncWorkflow input');

export const SyncSummarySchema = z
  .object({
    syncRunId: z.string(),
    configId: z.string(),
    connector: z.string(),
    mode: syncMode,
    status: z.enum(['completed', 'failed', 'cancelled']),
    counts: z.record(z.string(), ModelCountsSchema).describe('per model'),
    durationMs: count,
    errors: z.array(z.string()),
  })
  .describe('syncWorkflow result');

export const SyncProgressSchema = z
  .object({
    phase: z.enum(['starting', 'syncing', 'finishing', 'completed', 'failed', 'cancelled']),
    configId: z.string(),
    syncRunId: z.string().optional(),
    connector: z.string().optional(),
    model: z.string().optional().describe('the model being synced now'),
    pages: count,
    records: count,
    quarantined: count,
    recordsPerSecond: count,
    cursor: z.string().nullable().optional(),
    elapsedMs: count,
    continuedAsNew: count,
  })
  .describe('syncWorkflow "progress" query answer');

export const PushInputSchema = z
  .strictObject({
    configId,
    model: z.enum(MODEL_NAMES, { error: `must be one of ${MODEL_NAMES.join(', ')}` }),
    record: z.record(z.string(), z.unknown()).describe('a canonical record of that model (schema/json/<model>.json)'),
    approval: z
      .strictObject({
        requestedBy: z.string().min(1, 'must name who proposed the write'),
        timeoutSeconds: z.number().int().min(1).optional(),
      })
      .optional()
      .describe('set for writes proposed by an agent: nothing reaches the target until a person approves (decidePush)'),
  })
  .describe('pushWorkflow input');

export const PushResultSchema = z
  .object({
    configId: z.string(),
    connector: z.string(),
    model: z.string(),
    sourceId: z.string(),
    externalId: z.string().describe("the record's id in the target system"),
    action: z.enum(['created', 'updated']),
  })
  .describe('pushWorkflow result');

export const MappingInputSchema = z
  .strictObject({
    specPath: z.string().min(1, 'must be the path of an OpenAPI 3 or Swagger 2 file readable by the worker'),
    model: z.enum(MAPPABLE_MODELS, { error: `must be ${MAPPABLE_MODELS_TEXT}` }),
    resource: z.string().min(1).optional().describe('the resource to map; default: the best fit'),
    sourceSystem: z.string().min(1, 'must name the source system, e.g. "stripe"'),
  })
  .describe('mappingWorkflow input');

export const MappingStateSchema = z
  .object({
    phase: z.enum(['parsing', 'proposing', 'validating', 'storing', 'awaiting-approval', 'approved', 'rejected']),
    mappingId: z.string().optional().describe('the stored mapping row'),
    mapping: Mapping.optional(),
    confidence: z.number().optional(),
    proposer: z.string().optional(),
    notes: z.array(z.string()).optional(),
    report: z
      .object({
        samples: count,
        valid: count,
        fieldFailures: z.array(z.object({ field: z.string(), failures: count, message: z.string() })),
        sampleSource: z.enum(['spec-examples', 'synthesized', 'live']),
        ok: z.boolean(),
      })
      .optional(),
  })
  .describe('mappingWorkflow result, "mappingState" query answer and "decideMapping" update result');

export const MappingDecisionSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], { error: 'must be "approve" or "reject"' }),
    by: z.string().min(1, 'must name who decides'),
    mapping: z.unknown().optional().describe('an edited mapping to approve instead of the proposal'),
  })
  .describe('"decideMapping" update argument');

export const WebhookBatchInputSchema = z
  .strictObject({
    configId,
    processed: count.optional().describe('carried across continue-as-new; callers leave it unset'),
    batches: count.optional().describe('carried across continue-as-new; callers leave it unset'),
  })
  .describe('webhookBatchWorkflow input');

export const BatchProgressSchema = z
  .object({
    processed: count,
    batches: count,
    lastEventIds: z.array(z.string()).describe('the last (up to 50) event ids applied'),
  })
  .describe('webhookBatchWorkflow result and "progress" query answer');

export const WebhookReplayInputSchema = z
  .strictObject({
    id: z.string().min(1, "must be the stored event's row id (public.webhook_events.id)"),
    connector: z.string().min(1, 'must name the connector that stored the event'),
    configId: z.string().nullable().optional(),
  })
  .describe('webhookWorkflow (replay) input');

export const WebhookReplayResultSchema = z
  .object({
    status: z.string(),
    error: z.string().nullable().optional(),
  })
  .describe('webhookWorkflow (replay) result');

export const ScheduledSyncInputSchema = z
  .strictObject({
    configId,
    mode: syncMode.optional(),
    databaseId: z.uuid().optional().describe("the config's database (fabric_meta.database_identity); a worker on another one skips the tick"),
  })
  .describe('scheduledSyncWorkflow input');

export const ScheduledSyncResultSchema = z
  .object({
    started: z.boolean().describe('false when a sync of the config was already running'),
    summary: SyncSummarySchema.optional(),
    skipped: z.string().optional(),
  })
  .describe('scheduledSyncWorkflow result');
