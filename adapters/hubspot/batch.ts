import { ValidationError } from '../core/errors';
import type { HttpClient } from '../core/http';
import type { WriteResult } from '../core/types';
import { BATCH_SIZE, type HubspotObject } from './api';
import { contactFromUnified } from './mapping';

export type BatchMode = 'create' | 'update' | 'upsert';

/**
 * Contacts' batch/create, batch/update or batch/upsert, BATCH_SIZE inputs per call. Upsert matches by email, so every
 * record needs one; create takes no idempotency key, so only update and upsert are retried inline.
 */
export async function batchWrite(
  http: HttpClient,
  path: string,
  mode: BatchMode,
  records: Array<{ id?: string; record: Record<string, unknown> }>,
  signal?: AbortSignal,
): Promise<WriteResult[]> {
  const out: WriteResult[] = [];
  for (let i = 0; i < records.length; i += BATCH_SIZE) {
    const inputs = records.slice(i, i + BATCH_SIZE).map(({ id, record }) => {
      const { properties } = contactFromUnified(record) as { properties: Record<string, string> };
      if (mode === 'create') return { properties, associations: [] };
      if (mode === 'update') return { id, properties };
      if (!properties.email) throw new ValidationError('email: batch upsert matches contacts by email; every record needs one');
      return { id: properties.email, idProperty: 'email', properties };
    });
    const res = await http.request<{ results: HubspotObject[] }>('POST', `${path}/batch/${mode}`, { json: { inputs }, replaySafe: mode !== 'create', signal });
    out.push(...res.body.results.map((o) => ({ externalId: o.id, raw: o })));
  }
  return out;
}
