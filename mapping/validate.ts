import { parseRecord, type FieldIssue } from '../schema';
import { compileMapping, MappingError } from './compile';
import type { Mapping } from './format';
import type { CandidateField } from './spec-fields';
import type { CandidateResource } from './spec-parser';

/** Per-record and per-field outcome of applying a mapping to sample records and parsing them with the model. */
export interface ValidationReport {
  samples: number;
  valid: number;
  /** target field → how many samples failed on it, and the first message */
  fieldFailures: Array<{ field: string; failures: number; message: string }>;
  /** where the samples came from */
  sampleSource: 'spec-examples' | 'synthesized' | 'live';
  ok: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets a flattened field path on a sample; `Lines[].Qty` fills the first element of a one-element list. */
function setPath(obj: Obj, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur = obj;
  for (const raw of segs.slice(0, -1)) {
    const seg = raw.replace(/\[\]$/, '');
    if (raw.endsWith('[]')) {
      if (!Array.isArray(cur[seg])) cur[seg] = [{}];
      const list = cur[seg] as unknown[];
      if (!isObj(list[0])) list[0] = {};
      cur = list[0] as Obj;
      continue;
    }
    if (!isObj(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Obj;
  }
  const leafRaw = segs[segs.length - 1]!;
  const leaf = leafRaw.replace(/\[\]$/, '');
  if (cur[leaf] === undefined) cur[leaf] = leafRaw.endsWith('[]') ? [value] : value;
}

/** A plausible value for a field from its example, enum, format, type and name. */
function plausible(f: CandidateField, i: number): unknown {
  if (f.example !== undefined && f.example !== null) return f.example;
  if (f.enum?.length) return f.enum.find((v) => v !== '' && v !== null);
  const leaf = (f.path.split('.').pop() ?? '').toLowerCase();
  if (f.type === 'integer' || f.type === 'number') {
    if (f.format === 'unix-time' || /(^|_)(at|date|created|updated|time)$|^created|^updated/.test(leaf)) return 1704164645 + i;
    return 1000 + i;
  }
  if (f.type === 'boolean') return false;
  if (f.type !== 'string') return undefined;
  if (f.format === 'date-time') return `2024-01-02T03:04:${String(5 + (i % 50)).padStart(2, '0')}.000Z`;
  if (f.format === 'date') return '2024-01-02';
  if (f.format === 'email' || leaf.includes('email')) return `person${i}@example.com`;
  if (leaf.includes('country')) return 'US';
  if (leaf.includes('currency')) return 'usd';
  return `${leaf}-${i}`;
}

/**
 * Samples for validation: the spec's own examples when it has them, each completed with plausible values for
 * the fields it lacks (so a partial example still exercises every rule); otherwise fully synthesized records.
 */
export function sampleRecords(resource: CandidateResource, count = 3): { records: unknown[]; source: ValidationReport['sampleSource'] } {
  const bases = resource.examples.filter(isObj);
  const n = Math.max(count, bases.length);
  const records: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const rec: Obj = structuredClone(bases[i % Math.max(1, bases.length)] ?? {});
    resource.fields.forEach((f, k) => {
      if (f.type === 'object' || f.type === 'array') return;
      const v = plausible(f, i + k);
      if (v !== undefined) setPath(rec, f.path, v);
    });
    records.push(rec);
  }
  return { records, source: bases.length ? 'spec-examples' : 'synthesized' };
}

/** Applies the mapping to each sample and validates the result against the canonical model, field by field. */
export function validateMapping(mapping: Mapping, records: unknown[], sampleSource: ValidationReport['sampleSource']): ValidationReport {
  const compiled = compileMapping(mapping);
  const byField = new Map<string, { failures: number; message: string }>();
  const note = (issue: FieldIssue) => {
    const hit = byField.get(issue.path) ?? { failures: 0, message: issue.message };
    hit.failures += 1;
    byField.set(issue.path, hit);
  };
  let valid = 0;
  for (const raw of records) {
    let unified: Obj;
    try {
      unified = compiled(raw);
    } catch (err) {
      if (err instanceof MappingError) {
        note({ path: err.field, message: err.message });
        continue;
      }
      throw err;
    }
    const res = parseRecord(mapping.model, unified);
    if (res.ok) valid += 1;
    else res.issues.forEach(note);
  }
  const fieldFailures = [...byField.entries()].map(([field, v]) => ({ field: field || '(record)', ...v }));
  return { samples: records.length, valid, fieldFailures, sampleSource, ok: records.length > 0 && valid === records.length };
}

export function formatReport(report: ValidationReport): string {
  const head = `${report.valid}/${report.samples} ${report.sampleSource} samples valid`;
  if (report.fieldFailures.length === 0) return head;
  return [head, ...report.fieldFailures.map((f) => `  ${f.field}: ${f.failures}× ${f.message}`)].join('\n');
}
