import type { ListPage, ModelName, SourceAdapter } from '../adapters/core/types';
import { CURRENT_VERSION, formatIssues, parseRecord, serialize } from '../schema';
import type { IncomingRecord } from '../store/records';
import type { QuarantineRow } from '../store/quarantine';

export interface MappedPage {
  records: IncomingRecord[];
  quarantined: Array<Omit<QuarantineRow, 'configId' | 'userId' | 'model' | 'syncRunId'>>;
}

/** Maps and validates one page. A record that fails is quarantined with its field-level reason; it never stops the sync. */
export function mapPage(adapter: SourceAdapter, model: ModelName, page: ListPage): MappedPage {
  const out: MappedPage = { records: [], quarantined: [] };
  const version = CURRENT_VERSION[model];
  for (const item of page.items) {
    let unified: Record<string, unknown>;
    try {
      unified = adapter.toUnified(model, item.raw);
    } catch (err) {
      out.quarantined.push({ sourceId: item.sourceId, reason: `mapping failed: ${(err as Error).message}`, raw: item.raw });
      continue;
    }
    const parsed = parseRecord(model, unified);
    if (!parsed.ok) {
      out.quarantined.push({ sourceId: item.sourceId, reason: formatIssues(parsed.issues), raw: item.raw });
      continue;
    }
    out.records.push({
      sourceId: item.sourceId,
      data: serialize(parsed.value as object) as Record<string, unknown>,
      schemaVersion: version,
      sourceUpdatedAt: item.sourceUpdatedAt ?? null,
      sourceVersion: item.sourceVersion ?? null,
    });
  }
  return out;
}
