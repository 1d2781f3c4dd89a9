import { z } from 'zod';
import { getSyncStatus, startSync } from '../../client/sync';
import { requireOwnConfig } from '../context';
import { defineTool } from '../tool-kit';

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

export const startSyncTool = defineTool({
  name: 'start_sync',
  kind: 'act',
  description:
    'Start a sync of one of your configs: a durable workflow (ID sync:<config_id>) pulls its records from the ' +
    'connected system into the store. If a sync of that config is already running, that one is returned instead ' +
    '(already_running: true). Returns at once; follow it with get_sync_status.',
  input: z
    .object({
      config_id: z.uuid().describe('the config to sync, from list_configs'),
      mode: z
        .enum(['incremental', 'full'])
        .default('incremental')
        .describe('incremental continues from the last checkpoint; full re-reads everything and detects deletes'),
    })
    .strict(),
  async run(ctx, input) {
    const config = await requireOwnConfig(ctx, input.config_id);
    const started = await startSync(ctx.temporal, ctx.taskQueue, config.id, { mode: input.mode });
    return {
      workflow_id: started.workflowId,
      already_running: started.alreadyRunning,
      mode: input.mode,
      next: `call get_sync_status with config_id ${config.id} to follow it`,
    };
  },
});

export const getSyncStatusTool = defineTool({
  name: 'get_sync_status',
  kind: 'read',
  description:
    'The latest sync of one of your configs: RUNNING with live progress (phase, model, pages, records, rate), or ' +
    'COMPLETED with per-model record counts, or FAILED with the reason, or NOT_FOUND if it never synced.',
  input: z.object({ config_id: z.uuid().describe('the config, from list_configs') }).strict(),
  async run(ctx, input) {
    const config = await requireOwnConfig(ctx, input.config_id);
    const s = await getSyncStatus(ctx.temporal, config.id);
    const p = s.progress;
    return {
      workflow_id: s.workflowId,
      status: s.status,
      started_at: s.startTime ?? null,
      closed_at: s.closeTime ?? null,
      ...(p
        ? {
            progress: {
              phase: p.phase,
              model: p.model ?? null,
              pages: p.pages,
              records: p.records,
              quarantined: p.quarantined,
              records_per_second: p.recordsPerSecond,
              continued_as_new: p.continuedAsNew,
            },
          }
        : {}),
      ...(s.summary
        ? {
            summary: {
              mode: s.summary.mode,
              status: s.summary.status,
              duration_ms: s.summary.durationMs,
              counts: s.summary.counts,
              errors: s.summary.errors.slice(0, 5).map((e) => clip(e)),
            },
          }
        : {}),
      ...(s.failure ? { failure: clip(s.failure) } : {}),
    };
  },
});
