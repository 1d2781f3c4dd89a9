import type { Transform } from './format';
import type { CandidateField } from './spec-fields';
import { compact, type TargetSpec } from './targets';

/** Whether a field's type, format and example fit a target kind, how well, and which transforms convert it. */
export interface Fit { factor: number; transforms: Transform[]; reason: string }

const EPOCH_FORMATS = new Set(['unix-time', 'timestamp', 'unix', 'epoch', 'int64']);
const looksLikeDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v);
const looksLikeEmail = (v: unknown) => typeof v === 'string' && /^[^@\s]+@[^@\s]+$/.test(v);

function timeFit(f: CandidateField, dateOnly: boolean): Fit | undefined {
  if (f.type === 'integer' || f.type === 'number') {
    const ms = typeof f.example === 'number' && f.example > 1e11;
    const known = f.format !== undefined && EPOCH_FORMATS.has(f.format);
    const op = dateOnly ? 'unix_to_date' : ms ? 'unix_ms_to_iso' : 'unix_to_iso';
    if (dateOnly && ms) return undefined;
    return { factor: known ? 1 : 0.85, transforms: [{ op }], reason: `${f.type}${f.format ? ` (${f.format})` : ''} epoch ${ms ? 'milliseconds' : 'seconds'} → ISO` };
  }
  if (f.type === 'string' || f.type === 'unknown') {
    const known = f.format === 'date-time' || f.format === 'date' || looksLikeDate(f.example);
    return { factor: known ? 1 : 0.7, transforms: [{ op: dateOnly ? 'to_date' : 'to_iso' }], reason: `string${f.format ? ` (${f.format})` : ''} date` };
  }
  return undefined;
}

function enumFit(f: CandidateField, spec: TargetSpec): Fit | undefined {
  if (f.type !== 'string') return undefined;
  const values = spec.values ?? {};
  const table: Record<string, string> = {};
  for (const v of f.enum ?? []) {
    if (typeof v !== 'string') continue;
    const hit = Object.entries(values).find(([canonical, syns]) => compact(canonical) === compact(v) || syns.some((s) => compact(s) === compact(v)));
    if (hit) table[v] = hit[0];
  }
  const known = Object.keys(table).length;
  if (!f.enum?.length) return { factor: 0.6, transforms: [{ op: 'lower' }], reason: 'string without listed values; kept as is (lower case)' };
  return { factor: 0.5 + 0.5 * (known / f.enum.length), transforms: [{ op: 'lookup', table }], reason: `enum: ${known} of ${f.enum.length} values mapped` };
}

export function fitField(f: CandidateField, spec: TargetSpec): Fit | undefined {
  const str = f.type === 'string' || (f.type === 'unknown' && f.origin === 'example');
  switch (spec.kind) {
    case 'id':
      if (f.type === 'string' || f.type === 'integer') return { factor: 1, transforms: [], reason: `${f.type} id` };
      return undefined;
    case 'ref':
      if (f.type === 'string' || f.type === 'integer') return { factor: 1, transforms: [], reason: `${f.type} reference` };
      return undefined;
    case 'email':
      if (!str) return undefined;
      if (f.format === 'email' || looksLikeEmail(f.example)) return { factor: 1, transforms: [{ op: 'trim' }, { op: 'lower' }], reason: 'string holding an email address' };
      return { factor: f.example === undefined ? 0.9 : 0.5, transforms: [{ op: 'trim' }, { op: 'lower' }], reason: 'string' };
    case 'text': case 'phone':
      if (!str) return undefined;
      if (f.format === 'date-time' || f.format === 'email') return { factor: 0.5, transforms: [{ op: 'trim' }], reason: `string but ${f.format}` };
      return { factor: 1, transforms: [{ op: 'trim' }], reason: 'string' };
    case 'country': case 'currency':
      if (!str) return undefined;
      return { factor: 1, transforms: [{ op: 'trim' }, { op: 'upper' }], reason: `string ${spec.kind} code, upper-cased` };
    case 'datetime':
      return timeFit(f, false);
    case 'date':
      return timeFit(f, true);
    case 'money':
      if (f.type === 'integer') return { factor: 1, transforms: [{ op: 'minor_to_decimal', currency: 'XXX' }], reason: 'integer minor units → decimal by currency' };
      if (f.type === 'number' || f.type === 'string') return { factor: f.type === 'string' ? 0.9 : 0.8, transforms: [{ op: 'to_string' }], reason: `${f.type} amount` };
      return undefined;
    case 'enum':
      return enumFit(f, spec);
  }
}
