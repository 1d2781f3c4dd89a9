import { AdapterError, toTemporalFailure } from '../adapters/core/errors';
import { getWebhookModule } from '../adapters/core/catalogue';
import type { ModelName, SourceAdapter } from '../adapters/core/types';
import type { EventOutcome } from '../adapters/core/webhook/types';
import { CURRENT_VERSION } from '../schema';
import type { Db } from '../store/db';
import { eraseRecords, writeRecords, type IncomingRecord } from '../store/records';
import type { ActivityDeps } from './deps';
import { mapRecord } from './map-record';
import { resolveAdapter } from './resolve-adapter';
import { fetchRefreshes, markAmbiguous, scrubErasedEvents, type Pending } from './webhook-changes';

export interface EventRow {
  id: string;
  connector: string;
  event_id: string;
  event_type: string | null;
  config_id: string | null;
  user_id: string | null;
  payload: unknown;
  /** Only when payload is null: the server stored the body once, and the payload is the whole body. */
  raw_body: string | null;
}

export interface RowStatus {
  status: 'applied' | 'ignored' | 'failed';
  error: string | null;
}

export interface ConfigEvents {
  configId: string;
  userId: string;
  connector: string;
  rows: EventRow[];
}

function parseBody(raw: string | null): unknown {
  try {
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null; // the server stores only bodies that parsed; interpret reports a non-object as failed
  }
}

/**
 * Adapters built for webhook batches, per worker and config, for 10 s: a busy config gets a batch every few tens of
 * ms, and building one reads the config and its credentials (with their audit rows) each time.
 */
const ADAPTER_TTL_MS = 10_000;
const adapters = new WeakMap<ActivityDeps, Map<string, { at: number; adapter: Promise<SourceAdapter> }>>();

function adapterFor(deps: ActivityDeps, configId: string): Promise<SourceAdapter> {
  const cache = adapters.get(deps) ?? new Map<string, { at: number; adapter: Promise<SourceAdapter> }>();
  adapters.set(deps, cache);
  const hit = cache.get(configId);
  if (hit && Date.now() - hit.at < ADAPTER_TTL_MS) return hit.adapter;
  const adapter = resolveAdapter(deps, configId, `webhook:${configId}`).then((r) => r.adapter);
  cache.set(configId, { at: Date.now(), adapter });
  adapter.catch(() => cache.delete(configId)); // a failure is not kept: the next batch tries again
  return adapter;
}

function interpret(connector: string, row: EventRow): EventOutcome {
  const module = getWebhookModule(connector);
  if (!module) return { status: 'failed', reason: `connector ${connector} receives no webhooks (its definition has no webhook module)` };
  try {
    return module.interpret({ eventId: row.event_id, eventType: row.event_type, payload: row.payload ?? parseBody(row.raw_body) });
  } catch (err) {
    return { status: 'failed', reason: `interpreting the event failed: ${(err as Error).message}` };
  }
}

/**
 * Applies one config's events: each is interpreted by its connector's webhook module, thin and ambiguous changes
 * are fetched through the adapter, objects are mapped by the adapter's toUnified (activities/map-record.ts, as a
 * sync maps them) and everything is written through store/records.ts. Returns a status per row, in order.
 */
export async function applyConfigEvents(tx: Db, deps: ActivityDeps, group: ConfigEvents): Promise<RowStatus[]> {
  const result: RowStatus[] = group.rows.map(() => ({ status: 'applied', error: null }));
  const pending: Pending[] = [];
  group.rows.forEach((row, i) => {
    const outcome = interpret(group.connector, row);
    if (outcome.status !== 'apply') result[i] = { status: outcome.status, error: outcome.reason };
    else for (const change of outcome.changes) pending.push({ row: i, change });
  });
  if (pending.length === 0) return result;
  let adapter: SourceAdapter;
  try {
    adapter = await adapterFor(deps, group.configId);
  } catch (err) {
    if (!(err instanceof AdapterError) || err.retryable) throw toTemporalFailure(err);
    for (const p of pending) result[p.row] = { status: 'failed', error: `connector config ${group.configId}: ${(err as Error).message}` };
    return result;
  }
  await markAmbiguous(tx, group.configId, pending);
  await fetchRefreshes(adapter, pending, result);
  const writes = new Map<ModelName, { records: Array<{ row: number; record: IncomingRecord }>; erase: Array<{ row: number; id: string }>; at: string }>();
  const keys = (id: string) => ({ source_system: group.connector, source_id: id });
  for (const { row, change } of pending) {
    if (result[row]!.status !== 'applied') continue;
    const w = writes.get(change.model) ?? { records: [], erase: [], at: change.at };
    writes.set(change.model, w);
    const base = { sourceId: change.sourceId, schemaVersion: CURRENT_VERSION[change.model], sourceVersion: change.version ?? null, sourceUpdatedAt: change.at };
    if (change.op === 'upsert') {
      const mapped = mapRecord(adapter, change.model, change.object);
      if (!mapped.ok) result[row] = { status: 'failed', error: `${change.model} ${change.sourceId}: ${mapped.reason}` };
      else w.records.push({ row, record: { ...base, data: mapped.data } });
    } else if (change.op === 'delete') w.records.push({ row, record: { ...base, op: 'tombstone', data: keys(change.sourceId) } });
    else if (change.op === 'retire')
      w.records.push({ row, record: { ...base, op: 'tombstone', data: { ...keys(change.sourceId), merged_into: change.mergedInto } } });
    else if (change.op === 'erase') {
      w.erase.push({ row, id: change.sourceId });
      if (change.at > w.at) w.at = change.at;
    }
  }
  // an event that failed writes none of its changes, so a replay after the fix applies it whole
  const applied = (x: { row: number }) => result[x.row]!.status === 'applied';
  for (const [model, w] of writes) {
    const target = { configId: group.configId, userId: group.userId, model, sourceSystem: group.connector };
    await writeRecords(tx, { ...target, records: w.records.filter(applied).map((x) => x.record) });
    const erase = w.erase.filter(applied).map((x) => x.id);
    if (erase.length > 0) {
      await eraseRecords(tx, { ...target, schemaVersion: CURRENT_VERSION[model], sourceIds: erase, at: w.at });
      await scrubErasedEvents(tx, group.configId, erase);
    }
  }
  return result;
}
