import { Mapping, type MappingInput, type MappingRule, type Source, type Transform } from './format';
import { parsePath, splitEach } from './paths';
import { helpers } from './transforms';
import { FabricError } from '../config/errors';

/** A mapping compiled once into one straight-line function; run it over many records. */
export type CompiledMapping = ((raw: unknown) => Record<string, unknown>) & { readonly mapping: Mapping; readonly code: string };

export class MappingError extends FabricError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'MappingError';
  }
}

/**
 * Why generating JS here is safe: the mapping was validated by zod first. The emitted source contains only
 * (1) property names that passed PATH_SEGMENT / TargetPath and are still emitted through JSON.stringify,
 * (2) helper names chosen by this file from a closed switch over Transform['op'], and (3) integer indexes
 * into the data array D, which holds every user-supplied value (constants, separators, lookup tables).
 * No user string is ever spliced into code, so no mapping can inject code, whatever it contains.
 */
class Emitter {
  readonly data: unknown[] = [];
  dataRef(value: unknown): string {
    this.data.push(value);
    return `D[${this.data.length - 1}]`;
  }
  /** `a[k=v].b` → `T.pick(r?.["a"], D[0], D[1])?.["b"]`; `a[].b` (single-valued) → `T.first(r?.["a"])?.["b"]` */
  path(path: string, root = 'r'): string {
    let expr = root;
    for (const step of parsePath(path) ?? []) {
      expr += `?.[${JSON.stringify(step.name)}]`;
      if (step.kind === 'each') expr = `T.first(${expr})`;
      else if (step.kind === 'pick') expr = `T.pick(${expr}, ${this.dataRef(step.key)}, ${this.dataRef(step.value.toLowerCase())})`;
    }
    return expr;
  }
  /** inside a line-item loop paths are read from the element `e`, after the list part `Lines[]` */
  source(src: Source, inLine = false): string {
    if ('path' in src) return inLine ? this.path(splitEach(src.path)!.inner, 'e') : this.path(src.path);
    if ('const' in src) return this.dataRef(src.const);
    if ('join' in src) return `T.join([${src.join.map((p) => this.source(p, inLine)).join(', ')}], ${this.dataRef(src.sep)})`;
    return `T.coalesce([${src.coalesce.map((p) => this.source(p, inLine)).join(', ')}])`;
  }
  value(rule: MappingRule, inLine = false): string {
    let expr = this.source(rule.source, inLine);
    for (const t of rule.transforms) expr = this.transform(expr, t);
    return expr;
  }
  transform(v: string, t: Transform): string {
    switch (t.op) {
      case 'trim':
        return `T.trim(${v})`;
      case 'lower':
        return `T.lower(${v})`;
      case 'upper':
        return `T.upper(${v})`;
      case 'to_string':
        return `T.str(${v})`;
      case 'to_number':
        return `T.num(${v})`;
      case 'unix_to_iso':
        return `T.unixIso(${v})`;
      case 'unix_ms_to_iso':
        return `T.unixMsIso(${v})`;
      case 'to_iso':
        return `T.toIso(${v})`;
      case 'unix_to_date':
        return `T.unixDate(${v})`;
      case 'to_date':
        return `T.toDate(${v})`;
      case 'unix_ms_to_date':
        return `T.unixMsDate(${v})`;
      case 'to_decimal':
        return `T.decimal(${v})`;
      case 'minor_to_decimal':
        return `T.minor(${v}, ${t.currency_path ? this.path(t.currency_path) : this.dataRef(t.currency)})`;
      case 'split':
        return `T.split(${v}, ${this.dataRef(t.sep)}, ${this.dataRef(t.index)})`;
      case 'lookup':
        return `T.lookup(${v}, ${this.dataRef(new Map(Object.entries(t.table)))}, ${this.dataRef(t.fallback)})`;
      case 'default':
        return `T.dflt(${v}, ${this.dataRef(t.value)})`;
    }
  }
}

/** One pass over the source list; each element becomes a line with the fields its rules fill. */
function lineItemLoop(e: Emitter, rules: MappingRule[], targets: string[]): string[] {
  const list = splitEach(sourcePathOf(rules[0]!.source))!.list;
  const out = [`  v = ${e.path(list.slice(0, -2))};`, '  if (Array.isArray(v)) {', '    const L = new Array(v.length);'];
  out.push('    for (let i = 0; i < v.length; i++) {', '      const e = v[i];', '      L[i] = {');
  // one object literal per line keeps every line the same shape (fast); a missing value is left undefined
  for (const rule of rules) {
    targets.push(rule.target);
    const leaf = JSON.stringify(rule.target.slice('line_items[].'.length));
    out.push(`        ${leaf}: (f = ${targets.length - 1}, T.nn(${e.value(rule, true)})),`);
  }
  out.push('      };', '    }', '    out.line_items = L;', '  }');
  return out;
}

const sourcePathOf = (s: Source): string =>
  'path' in s ? s.path : 'const' in s ? '' : (('join' in s ? s.join : s.coalesce).map(sourcePathOf).find(Boolean) ?? '');

export interface CompileOptions {
  /** keep the source record as raw_data (the contract keeps it; serialize() leaves it out) */
  keepRaw?: boolean;
}

export function compileMapping(input: Mapping | MappingInput, options: CompileOptions = {}): CompiledMapping {
  const mapping = Mapping.parse(input);
  const e = new Emitter();
  const lines: string[] = [`const out = { source_system: ${e.dataRef(mapping.source_system)} };`, 'let v;', 'let f = -1;', 'try {'];
  const targets: string[] = [];
  const lineRules = mapping.rules.filter((r) => r.target.startsWith('line_items[].'));
  for (const rule of mapping.rules) {
    if (lineRules.includes(rule)) continue;
    targets.push(rule.target);
    let expr = e.value(rule);
    if (rule.target === 'source_id') expr = `T.str(${expr})`;
    const [head, leaf] = rule.target.split('.') as [string, string | undefined];
    const assign = leaf === undefined ? `out[${JSON.stringify(head)}] = v;` : `(out[${JSON.stringify(head)}] ??= {})[${JSON.stringify(leaf)}] = v;`;
    lines.push(`  f = ${targets.length - 1}; v = ${expr};`, `  if (v !== undefined && v !== null) ${assign}`);
  }
  if (lineRules.length) lines.push(...lineItemLoop(e, lineRules, targets));
  lines.push('} catch (err) { throw fail(F[f] ?? "(mapping)", err); }');
  if (options.keepRaw) lines.push('out.raw_data = r;');
  lines.push('return out;');
  const code = lines.join('\n');
  const fail = (field: string, err: unknown) => new MappingError(field, err instanceof Error ? err.message : String(err));
  // See the Emitter comment: `code` is built only from validated structure, never from user strings.
  const factory = new Function('T', 'D', 'F', 'fail', `return function mapRecord(r) {\n${code}\n};`) as (
    ...args: unknown[]
  ) => (raw: unknown) => Record<string, unknown>;
  const fn = factory(helpers, e.data, targets, fail);
  return Object.assign(fn, { mapping, code });
}
