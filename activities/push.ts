import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PushInput, PushRecordResult } from '../contracts/push';
import { toTemporalFailure } from '../adapters/core/errors';
import type { ModelName } from '../adapters/core/types';
import { CURRENT_VERSION, MODEL_NAMES, formatIssues, isModelName, parseRecord, serialize } from '../schema';
import { getRecord, setExternalId, upsertRecords } from '../store/records';
import type { ActivityDeps } from './deps';
import { resolveAdapter } from './resolve-adapter';
import { componentLogger } from '../telemetry/logger';

const log = componentLogger('push');

export function pushActivities(deps: ActivityDeps) {
  return {
    /** Validates, maps out and creates or updates one record in the target; stores the external ID it got. */
    async pushRecord(input: PushInput): Promise<PushRecordResult> {
      if (!isModelName(input.model)) {
        throw ApplicationFailure.nonRetryable(`model: "${input.model}" is not a canonical model; use one of ${MODEL_NAMES.join(', ')}`, 'ValidationError');
      }
      const model = input.model as ModelName;
      const parsed = parseRecord(model, input.record);
      if (!parsed.ok) {
        throw ApplicationFailure.nonRetryable(`record is not a valid ${model}: ${formatIssues(parsed.issues)}`, 'ValidationError', parsed.issues);
      }
      const record = serialize(parsed.value as object) as Record<string, unknown> & { source_id: string };
      const info = Context.current().info;
      const idempotencyKey = `${info.workflowExecution?.workflowId ?? 'push'}:${info.activityId}`;
      try {
        const { adapter, config } = await resolveAdapter(deps, input.configId, `push:${idempotencyKey}`);
        const key = { configId: input.configId, model, sourceId: record.source_id };
        const existing = await getRecord(deps.db, key);
        const write = existing?.externalId
          ? await adapter.update(model, existing.externalId, record, { idempotencyKey, attempt: info.attempt })
          : await adapter.create(model, record, { idempotencyKey, attempt: info.attempt });
        await deps.db.transaction(async (tx) => {
          if (!existing) {
            await upsertRecords(tx, {
              configId: input.configId,
              userId: config.userId,
              model,
              sourceSystem: config.connector,
              records: [{ sourceId: record.source_id, data: record, schemaVersion: CURRENT_VERSION[model] }],
            });
          }
          await setExternalId(tx, { ...key, externalId: write.externalId });
        });
        const action = existing?.externalId ? 'updated' : 'created';
        log.info({ model, sourceId: record.source_id, externalId: write.externalId, action }, `pushed ${model}: ${action}`);
        return { connector: config.connector, userId: config.userId, sourceId: record.source_id, externalId: write.externalId, action };
      } catch (err) {
        throw toTemporalFailure(err);
      }
    },
  };
}
