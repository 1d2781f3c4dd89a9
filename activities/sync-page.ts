import type { ListPage, ModelName, SourceAdapter } from '../adapters/core/types';
import { CURRENT_VERSION } from '../schema';
import { mapRecord } from './map-record';
import { prepareRecord, type PreparedRecord } from '../store/records';
import type { QuarantineRow } from '../store/quarantine';

export interface MappedPage {
  /** Prepared as soon as mapped: the batch holds each row's JSON, not the mapped objects. */
  records: PreparedRecord[];
  quarantined: Array<Omit<QuarantineRow, 'configId' | 'userId' | 'model' | 'syncRunId'>>;
}

/** Maps and validates one page. A record that fails is quarantined with its field-level reason; it never stops the sync. */
export function mapPage(adapter: SourceAdapter, model: ModelName, page: ListPage): MappedPage {
  const out: MappedPage = { records: [], quarantined: [] };
  const version = CURRENT_VERSION[model];
  for (const item of page.items) {
    const mapped = mapRecord(adapter, model, item.raw);
    if (!mapped.ok) {
      out.quarantined.push({ sourceId: item.sourceId, reason: mapped.reason, raw: item.raw });
      continue;
    }
    out.records.push(
      prepareRecord({
        sourceId: item.sourceId,
        data: mapped.data,
        schemaVersion: version,
        sourceUpdatedAt: item.sourceUpdatedAt ?? null,
        sourceVersion: item.sourceVersion ?? null,
      }),
    );
  }
  return out;
}
