/** Shared pieces of every canonical model: metadata fields, ISO timestamps, serialisation without raw_data. */
import { z } from 'zod';

/** An ISO 8601 date-time with a Z or ±hh:mm offset, e.g. "2026-01-31T12:00:00Z". */
export const IsoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with a timezone, like "2026-01-31T12:00:00Z"',
});

/** An ISO 8601 calendar date, e.g. "2026-01-31". */
export const IsoDate = z.iso.date({ error: 'must be an ISO 8601 date like "2026-01-31"' });

/** A required, non-empty string; the message tells the adapter what to fill in. */
export function requiredText(what: string) {
  return z
    .string({ error: `is required: ${what}` })
    .trim()
    .min(1, { error: `must not be empty: ${what}` });
}

/** Optional string that vendors often send as null. */
export const optionalText = z.string().nullish();

/** Fields every canonical record carries (UnifiedBase; docs/CONTRACTS.md, "schema/"). */
export const baseFields = {
  source_system: requiredText('the origin system, e.g. "stripe"').meta({ description: 'Origin system, e.g. "stripe"' }),
  source_id: requiredText('the record id in the source system').meta({ description: 'ID in the source system' }),
  unified_id: z.string().nullish().meta({ description: 'Platform-wide unified ID' }),
  created_at: IsoDateTime.nullish(),
  updated_at: IsoDateTime.nullish(),
  synced_at: IsoDateTime.nullish(),
  raw_data: z.unknown().optional().meta({ description: 'The vendor payload as received; kept, but left out of serialize()' }),
};

/** The base model on its own. Unknown extra fields pass through (zod 4 .loose()). */
export const UnifiedBase = z.object(baseFields).loose();
export type UnifiedBase = z.infer<typeof UnifiedBase>;

/** A record without raw_data: what is written to JSON for APIs, mappings and diffs. */
export type Serialized<T> = Omit<T, 'raw_data'>;

/** Drops raw_data (and undefined values) from a record, keeping every other field, extras included. */
export function serialize<T extends object>(record: T): Serialized<T> {
  const out: Record<string, unknown> = {};
  const from = record as Record<string, unknown>;
  for (const key in from) {
    // for...in, not Object.entries: no array per record on the sync hot path (records are plain objects)
    if (key !== 'raw_data' && from[key] !== undefined && Object.hasOwn(from, key)) out[key] = from[key];
  }
  return out as Serialized<T>;
}
