import type { Transform } from './format';
import type { CandidateField } from './spec-fields';
import { compact, tokens, type TargetSpec } from './targets';

/** A status field's values mapped to the canonical ones, and the values it could not place. */
export interface EnumMapping {
  table: Record<string, string>;
  unplaced: string[];
  fallback: string;
}

/** "1 = Open, 2 = Paid", "0: draft; 1: sent" in a description: the labels of an integer enum. */
function describedLabels(description = ''): Map<string, string> {
  const out = new Map<string, string>();
  const re = /(-?\d+)\s*(?:=|:|-|–|→|=>|\)|means|is)\s*['"]?([A-Za-z][A-Za-z _-]{1,30})/g;
  for (const m of description.matchAll(re)) out.set(m[1]!, m[2]!.trim());
  return out;
}

/** The canonical value a source value means: by its compact name, then by its words (PartiallyPaid → pending). */
function canonical(value: string, values: Record<string, string[]>): string | undefined {
  const c = compact(value);
  for (const [target, syns] of Object.entries(values)) if (compact(target) === c || syns.some((s) => compact(s) === c)) return target;
  const words = tokens(value);
  if (words.includes('partial') || words.includes('partially') || words.includes('part')) return 'pending';
  if (words.some((w) => ['unpaid', 'outstanding', 'open', 'due', 'sent', 'awaiting', 'pending', 'submitted', 'approved'].includes(w))) return 'pending';
  if (words.some((w) => ['overdue', 'late'].includes(w))) return 'overdue';
  if (words.some((w) => ['void', 'voided', 'cancelled', 'canceled', 'deleted', 'rejected', 'uncollectible'].includes(w))) return 'void';
  if (words.some((w) => ['paid', 'settled', 'completed'].includes(w))) return 'paid';
  if (words.includes('draft')) return 'draft';
  return undefined;
}

export function mapEnum(f: CandidateField, spec: TargetSpec): EnumMapping {
  const values = spec.values ?? {};
  const labels = describedLabels(f.description);
  const table: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const v of f.enum ?? []) {
    if (v === null || v === '') continue;
    const label = typeof v === 'number' ? labels.get(String(v)) : String(v);
    const hit = label === undefined ? undefined : canonical(label, values);
    if (hit) table[String(v)] = hit;
    else unplaced.push(String(v));
  }
  return { table, unplaced, fallback: 'pending' };
}

/** The enum fit: a lookup from the field's own values; unsure when values are unplaced or none are listed. */
export function enumFit(f: CandidateField, spec: TargetSpec): { factor: number; transforms: Transform[]; reason: string; review: boolean } | undefined {
  if (f.type !== 'string' && f.type !== 'integer') return undefined;
  if (!f.enum?.length) {
    if (f.type === 'integer') {
      const labels = describedLabels(f.description);
      if (!labels.size)
        return {
          factor: 0.55,
          transforms: [{ op: 'to_string' }, { op: 'lookup', table: {}, fallback: 'pending' }],
          reason: 'integer status without documented values',
          review: true,
        };
      const m = mapEnum({ ...f, enum: [...labels.keys()].map(Number) }, spec);
      return {
        factor: 0.85,
        transforms: [{ op: 'to_string' }, { op: 'lookup', table: m.table, fallback: m.fallback }],
        reason: `integer status, values from its description`,
        review: m.unplaced.length > 0,
      };
    }
    const guess: Record<string, string> = {};
    for (const [target, syns] of Object.entries(spec.values ?? {})) for (const s of [target, ...syns]) guess[s] = target;
    return {
      factor: 0.8,
      transforms: [{ op: 'trim' }, { op: 'lower' }, { op: 'lookup', table: guess, fallback: 'pending' }],
      reason: 'string without listed values: common status words',
      review: true,
    };
  }
  const m = mapEnum(f, spec);
  const known = Object.keys(m.table).length;
  const total = known + m.unplaced.length;
  const transforms: Transform[] = [];
  if (f.type === 'integer') transforms.push({ op: 'to_string' });
  transforms.push({ op: 'lookup', table: m.table, fallback: m.fallback });
  const review = m.unplaced.length > 0;
  return {
    factor: total ? 0.6 + 0.4 * (known / total) : 0.5,
    transforms,
    reason: `enum: ${known} of ${total} values mapped${review ? `; unsure about ${m.unplaced.slice(0, 6).join(', ')} (→ pending)` : ''}`,
    review,
  };
}
