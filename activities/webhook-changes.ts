import { NotFoundError, toTemporalFailure } from '../adapters/core/errors';
import type { ModelName, SourceAdapter, SourceItem } from '../adapters/core/types';
import type { RecordChange } from '../adapters/core/webhook/types';
import type { Db } from '../store/db';

/** A change of one claimed event (`row` indexes the batch). */
export interface Pending {
  row: number;
  change: RecordChange;
}

const tick = (v: number, resolution: number) => Math.floor(v / resolution);

/**
 * Same-instant changes cannot be ordered from the payload alone (Stripe: `created` is in seconds and events carry
 * no sequence). An upsert whose version has a resolution becomes a re-fetch of its object when another change to
 * that object in the batch, or the stored record's version or as-of time, falls in the same tick: the fetched
 * object is the source's current state, so the final state equals the source's whatever the arrival order.
 */
export async function markAmbiguous(tx: Db, configId: string, pending: Pending[]): Promise<void> {
  const candidates = pending.filter((p) => p.change.op === 'upsert' && p.change.versionResolutionMs && p.change.version != null);
  if (candidates.length === 0) return;
  const res = await tx.query<{ model: string; source_id: string; v: string }>(
    `select model, source_id, coalesce(source_version, extract(epoch from source_updated_at) * 1000)::text as v
       from public.unified_records
      where config_id = $1 and (model, source_id) in (select * from unnest($2::text[], $3::text[]))`,
    [configId, candidates.map((p) => p.change.model), candidates.map((p) => p.change.sourceId)],
  );
  const stored = new Map(res.rows.map((r) => [`${r.model}/${r.source_id}`, Number(r.v)]));
  const seen = new Map<string, Pending[]>();
  for (const p of candidates) {
    const c = p.change as Extract<RecordChange, { op: 'upsert' }>;
    const key = `${c.model}/${c.sourceId}/${tick(c.version!, c.versionResolutionMs!)}`;
    seen.set(key, [...(seen.get(key) ?? []), p]);
  }
  for (const [key, group] of seen) {
    const c = group[0]!.change as Extract<RecordChange, { op: 'upsert' }>;
    const at = stored.get(`${c.model}/${c.sourceId}`);
    const storedSameTick = at !== undefined && Number.isFinite(at) && tick(at, c.versionResolutionMs!) === Number(key.split('/').at(-1));
    if (group.length < 2 && !storedSameTick) continue;
    for (const p of group) p.change = { model: p.change.model, sourceId: p.change.sourceId, at: p.change.at, version: p.change.version, op: 'refresh' };
  }
}

async function fetchItems(adapter: SourceAdapter, model: ModelName, ids: string[]): Promise<SourceItem[]> {
  if (adapter.getMany) return adapter.getMany(model, ids);
  if (!adapter.get) throw new Error(`the ${adapter.name} adapter can fetch no object by id (get/getMany); its thin events cannot be applied`);
  const asOf = new Date().toISOString(); // fetched now: the state as of the fetch, like a listing's as-of time
  const items = await Promise.all(
    ids.map((id) =>
      adapter.get!(model, id).then(
        (raw) => ({ sourceId: id, raw, sourceUpdatedAt: asOf }) as SourceItem,
        (err: unknown) => (err instanceof NotFoundError ? undefined : Promise.reject(err)),
      ),
    ),
  );
  return items.filter((x): x is SourceItem => x !== undefined);
}

/**
 * Fetches every object a refresh names, once per object and model (batched by the adapter), and turns each
 * refresh into an upsert of the fetched state (or a tombstone when the source says it is deleted). An event whose
 * objects all no longer exist at the source is ignored with that reason. A failed fetch fails the activity, which
 * Temporal retries (a rate limit waits as long as the vendor asked); the claimed events roll back untouched.
 */
export async function fetchRefreshes(adapter: SourceAdapter, pending: Pending[], result: Array<{ status: string; error: string | null }>): Promise<void> {
  const wanted = new Map<ModelName, Set<string>>();
  for (const p of pending) if (p.change.op === 'refresh') wanted.set(p.change.model, (wanted.get(p.change.model) ?? new Set()).add(p.change.sourceId));
  if (wanted.size === 0) return;
  const found = new Map<string, SourceItem>();
  try {
    for (const [model, ids] of wanted) for (const item of await fetchItems(adapter, model, [...ids])) found.set(`${model}/${item.sourceId}`, item);
  } catch (err) {
    throw toTemporalFailure(err);
  }
  const missing = new Map<number, string[]>();
  for (const p of pending) {
    if (p.change.op !== 'refresh') continue;
    const c = p.change;
    const item = found.get(`${c.model}/${c.sourceId}`);
    if (!item) {
      missing.set(p.row, [...(missing.get(p.row) ?? []), `${c.model} ${c.sourceId}`]);
      p.change = { ...c, op: 'refresh' };
      continue;
    }
    const base = { model: c.model, sourceId: c.sourceId, at: item.sourceUpdatedAt ?? c.at, version: item.sourceVersion ?? null };
    p.change = (item.raw as { deleted?: unknown }).deleted === true ? { ...base, op: 'delete' } : { ...base, op: 'upsert', object: item.raw };
  }
  for (const [row, what] of missing) {
    const others = pending.some((p) => p.row === row && p.change.op !== 'refresh');
    if (!others) result[row] = { status: 'ignored', error: `${what.join(', ')}: no longer at the source (deleted or merged; its own event records that)` };
  }
  // refreshes left unresolved write nothing
  for (let i = pending.length - 1; i >= 0; i--) if (pending[i]!.change.op === 'refresh') pending.splice(i, 1);
}

/** After an erasure, the stored events about those objects lose their payloads too (they may hold personal data). */
export async function scrubErasedEvents(tx: Db, configId: string, ids: string[]): Promise<void> {
  await tx.query(
    `update public.webhook_events set payload = jsonb_build_object('erased_at', now()), raw_body = ''
      where config_id = $1 and (payload->>'objectId' = any($2::text[]) or payload #>> '{data,object,id}' = any($2::text[])
        or (payload is null and raw_body <> '' and raw_body::jsonb #>> '{data,object,id}' = any($2::text[])))`,
    [configId, ids],
  );
}
