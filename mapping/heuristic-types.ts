import type { Transform } from './format';
import { enumFit } from './heuristic-enum';
import type { CandidateField } from './spec-fields';
import type { TargetSpec } from './targets';

/** Whether a field's type, format and example fit a target kind, how well, and which transforms convert it. */
export interface Fit {
  factor: number;
  transforms: Transform[];
  reason: string;
  review?: boolean;
}

const EPOCH_FORMATS = new Set(['unix-time', 'timestamp', 'unix', 'epoch', 'int64', 'unixtime']);
const MS_HINT = /milli|\bms\b|unix_ms|epoch_ms/i;
const MINOR_HINT = /cent|minor|smallest|lowest|pence|penny|öre|subunit|sub-unit|basic unit|fractional/i;
const DATE_ISH = /^(\d{4}-\d{2}-\d{2}|\/Date\()/;
const looksLikeEmail = (v: unknown) => typeof v === 'string' && /^[^@\s]+@[^@\s]+$/.test(v);

function timeFit(f: CandidateField, dateOnly: boolean): Fit | undefined {
  if (f.type === 'integer' || f.type === 'number') {
    const ms = (typeof f.example === 'number' && f.example > 1e11) || MS_HINT.test(`${f.format ?? ''} ${f.description ?? ''}`);
    const known = (f.format !== undefined && EPOCH_FORMATS.has(f.format)) || /epoch|unix|since 1970|timestamp|seconds/i.test(f.description ?? '');
    const op = dateOnly ? (ms ? 'unix_ms_to_date' : 'unix_to_date') : ms ? 'unix_ms_to_iso' : 'unix_to_iso';
    return { factor: known ? 1 : 0.85, transforms: [{ op }], reason: `${f.type}${f.format ? ` (${f.format})` : ''} epoch ${ms ? 'milliseconds' : 'seconds'}` };
  }
  if (f.type === 'string' || f.type === 'unknown') {
    const known = f.format === 'date-time' || f.format === 'date' || DATE_ISH.test(String(f.example ?? '')) || /date|time/i.test(f.format ?? '');
    return { factor: known ? 1 : 0.8, transforms: [{ op: dateOnly ? 'to_date' : 'to_iso' }], reason: `string${f.format ? ` (${f.format})` : ''} date` };
  }
  return undefined;
}

function moneyFit(f: CandidateField): Fit | undefined {
  const hint = `${f.format ?? ''} ${f.description ?? ''}`;
  if (f.type === 'integer') {
    const minor = MINOR_HINT.test(hint);
    return {
      factor: minor ? 1 : 0.85,
      transforms: [{ op: 'minor_to_decimal', currency: 'XXX' }],
      reason: `integer ${minor ? 'minor units (its description says so)' : 'amount, read as minor units'}`,
    };
  }
  if (f.type === 'number' || f.type === 'string') {
    if (f.format === 'date-time' || f.format === 'date') return undefined;
    return {
      factor: f.type === 'number' || /decimal|double|float|number/i.test(f.format ?? '') ? 1 : 0.9,
      transforms: [{ op: 'to_decimal' }],
      reason: `${f.type} amount as a decimal`,
    };
  }
  return undefined;
}

export function fitField(f: CandidateField, spec: TargetSpec): Fit | undefined {
  const str = f.type === 'string' || (f.type === 'unknown' && f.origin === 'example');
  switch (spec.kind) {
    case 'id':
    case 'ref':
      if (f.type === 'string' || f.type === 'integer') return { factor: 1, transforms: [], reason: `${f.type} ${spec.kind === 'id' ? 'id' : 'reference'}` };
      return undefined;
    case 'email':
      if (!str) return undefined;
      if (f.format === 'email' || looksLikeEmail(f.example))
        return { factor: 1, transforms: [{ op: 'trim' }, { op: 'lower' }], reason: 'string holding an email address' };
      return { factor: f.example === undefined ? 0.95 : 0.6, transforms: [{ op: 'trim' }, { op: 'lower' }], reason: 'string' };
    case 'text':
    case 'phone':
      if (!str && !(spec.kind === 'text' && f.type === 'integer' && spec.target === 'invoice_number')) return undefined;
      if (f.format === 'date-time' || f.format === 'email' || f.format === 'uri')
        return { factor: 0.5, transforms: [{ op: 'trim' }], reason: `string but ${f.format}` };
      if (!str) return { factor: 0.85, transforms: [{ op: 'to_string' }], reason: 'integer number as text' };
      return { factor: 1, transforms: [{ op: 'trim' }], reason: 'string' };
    case 'country':
    case 'currency':
      if (!str || f.format === 'uuid') return undefined; // a uuid is a foreign key to a country or currency record
      return {
        factor: f.enum?.length || /iso|3166|4217/i.test(f.description ?? '') ? 1 : 0.95,
        transforms: [{ op: 'trim' }, { op: 'upper' }],
        reason: `string ${spec.kind} code, upper-cased`,
      };
    case 'datetime':
      return timeFit(f, false);
    case 'date':
      return timeFit(f, true);
    case 'money':
      return moneyFit(f);
    case 'quantity':
      if (f.type === 'integer' || f.type === 'number') return { factor: 1, transforms: [], reason: `${f.type} quantity` };
      if (f.type === 'string') return { factor: 0.8, transforms: [{ op: 'to_number' }], reason: 'numeric string quantity' };
      return undefined;
    case 'enum':
      return enumFit(f, spec);
  }
}
