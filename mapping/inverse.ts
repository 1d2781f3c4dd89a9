import { Mapping, sourcePaths, type MappingInput, type MappingRule, type Transform } from './format';
import { readPath, writePath } from './paths';
import { inverseHelpers } from './transforms';

type Step = (value: unknown, unified: Record<string, unknown>) => unknown;
type Writer = (unified: Record<string, unknown>, out: Record<string, unknown>) => void;

export interface InverseMapping {
  /** unified record → vendor payload, for the rules that can be inverted */
  fromUnified(unified: Record<string, unknown>): Record<string, unknown>;
  /** targets whose rules cannot be inverted (constants, split, non-injective lookups), with the reason */
  skipped: Array<{ target: string; reason: string }>;
}

const read = readPath;
const write = writePath;

/** The inverse of one transform, or a reason why there is none. */
function invertTransform(t: Transform, mapping: Mapping): Step | string {
  switch (t.op) {
    case 'trim':
    case 'lower':
    case 'upper':
    case 'to_iso':
    case 'default':
    case 'to_string':
    case 'to_number':
      return (v) => v;
    case 'unix_to_iso':
    case 'unix_to_date':
      return (v) => inverseHelpers.isoToUnix(v);
    case 'to_date':
      return (v) => v;
    case 'unix_ms_to_iso':
    case 'unix_ms_to_date':
      return (v) => inverseHelpers.isoToUnixMs(v);
    case 'to_decimal':
      return (v) => v;
    case 'minor_to_decimal': {
      if (t.currency) {
        const c = t.currency;
        return (v) => inverseHelpers.decimalToMinor(v, c);
      }
      const currencyRule = mapping.rules.find((r) => 'path' in r.source && r.source.path === t.currency_path);
      if (!currencyRule) return `no rule maps the currency field "${t.currency_path}"`;
      return (v, unified) => inverseHelpers.decimalToMinor(v, read(unified, currencyRule.target));
    }
    case 'split':
      return 'split drops the other parts';
    case 'lookup': {
      const reversed = new Map<string, unknown>();
      for (const [k, v] of Object.entries(t.table)) {
        const key = String(v);
        if (reversed.has(key)) return `lookup maps two values to ${JSON.stringify(v)}`;
        reversed.set(key, k);
      }
      return (v) => (v === undefined || v === null ? v : reversed.get(String(v)));
    }
  }
}

function invertRule(rule: MappingRule, mapping: Mapping): Writer | string {
  if (rule.target.includes('[]') || sourcePaths(rule.source).some((p) => p.includes('['))) {
    return 'it reads elements of a list; writing lists back needs a connector with code';
  }
  const steps: Step[] = [];
  for (const t of [...rule.transforms].reverse()) {
    const step = invertTransform(t, mapping);
    if (typeof step === 'string') return step;
    steps.push(step);
  }
  const value = (unified: Record<string, unknown>) => steps.reduce((v, step) => step(v, unified), read(unified, rule.target));
  const src = rule.source;
  if ('const' in src) return 'a constant has no source field';
  if ('path' in src)
    return (u, out) => {
      const v = value(u);
      if (v !== undefined && v !== null) write(out, src.path, v);
    };
  if ('coalesce' in src) {
    const first = src.coalesce.find((p) => 'path' in p);
    if (!first || !('path' in first)) return 'coalesce has no path part';
    return (u, out) => {
      const v = value(u);
      if (v !== undefined && v !== null) write(out, first.path, v);
    };
  }
  const parts = src.join;
  if (!parts.every((p) => 'path' in p)) return 'join mixes constants into the value';
  const paths = parts.map((p) => (p as { path: string }).path);
  // "Ada Lovelace King" → first path "Ada", last path "Lovelace King": every part but the last takes one piece
  return (u, out) => {
    const v = value(u);
    if (typeof v !== 'string' || v === '') return;
    const pieces = v.split(src.sep);
    paths.forEach((p, i) => {
      const piece = i === paths.length - 1 ? pieces.slice(i).join(src.sep) : pieces[i];
      if (piece) write(out, p, piece);
    });
  };
}

export function invertMapping(input: Mapping | MappingInput): InverseMapping {
  const mapping = Mapping.parse(input);
  const writers: Writer[] = [];
  const skipped: InverseMapping['skipped'] = [];
  for (const rule of mapping.rules) {
    const w = invertRule(rule, mapping);
    if (typeof w === 'string') skipped.push({ target: rule.target, reason: w });
    else writers.push(w);
  }
  return {
    skipped,
    fromUnified(unified) {
      const out: Record<string, unknown> = {};
      for (const w of writers) w(unified, out);
      return out;
    },
  };
}

export { read as readPath };
