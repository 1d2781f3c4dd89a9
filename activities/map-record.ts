import type { ModelName, SourceAdapter } from '../adapters/core/types';
import { formatIssues, parseRecord, serialize } from '../schema';

export type MappedRecord = { ok: true; data: Record<string, unknown> } | { ok: false; reason: string };

/**
 * One vendor object → the stored canonical record: the adapter's own toUnified, validated by the canonical model,
 * serialised without raw_data. Syncs (activities/sync-page.ts) and webhooks (activities/webhook-apply.ts) both
 * call this, so a record has one shape whichever path wrote it.
 */
export function mapRecord(adapter: SourceAdapter, model: ModelName, raw: unknown): MappedRecord {
  let unified: Record<string, unknown>;
  try {
    unified = adapter.toUnified(model, raw);
  } catch (err) {
    return { ok: false, reason: `mapping failed: ${(err as Error).message}` };
  }
  const parsed = parseRecord(model, unified);
  if (!parsed.ok) return { ok: false, reason: formatIssues(parsed.issues) };
  return { ok: true, data: serialize(parsed.value as object) as Record<string, unknown> };
}
