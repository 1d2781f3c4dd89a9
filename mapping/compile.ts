import { Mapping, type MappingInput, type Source, type Transform } from './format';
import { helpers } from './transforms';

/** A mapping compiled once into one straight-line function; run it over many records. */
export type CompiledMapping = ((raw: unknown) => Record<string, unknown>) & { readonly mapping: Mapping; readonly code: string };

export class MappingError extends Error {
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
  path(path: string, root = 'r'): string {
    return root + path.split('.').map((seg) => `?.[${JSON.stringify(seg)}]`).join('');
  }
  source(src: Source): string {
    if ('path' in src) return this.path(src.path);
    if ('const' in src) return this.dataRef(src.const);
    if ('join' in src) return `T.join([${src.join.map((p) => this.source(p)).join(', ')}], ${this.dataRef(src.sep)})`;
    return `T.coalesce([${src.coalesce.map((p) => this.source(p)).join(', ')}])`;
  }
  transform(v: string, t: Transform): string {
    switch (t.op) {
      case 'trim': return `T.trim(${v})`;
      case 'lower': return `T.lower(${v})`;
      case 'upper': return `T.upper(${v})`;
      case 'to_string': return `T.str(${v})`;
      case 'to_number': return `T.num(${v})`;
      case 'unix_to_iso': return `T.unixIso(${v})`;
      case 'unix_ms_to_iso': return `T.unixMsIso(${v})`;
      case 'to_iso': return `T.toIso(${v})`;
      case 'unix_to_date': return `T.unixDate(${v})`;
      case 'to_date': return `T.toDate(${v})`;
      case 'minor_to_decimal':
        return `T.minor(${v}, ${t.currency_path ? this.path(t.currency_path) : this.dataRef(t.currency)})`;
      case 'split': return `T.split(${v}, ${this.dataRef(t.sep)}, ${this.dataRef(t.index)})`;
      case 'lookup':
        return `T.lookup(${v}, ${this.dataRef(new Map(Object.entries(t.table)))}, ${this.dataRef(t.fallback)})`;
      case 'default': return `T.dflt(${v}, ${this.dataRef(t.value)})`;
    }
  }
}

export interface CompileOptions {
  /** keep the source record as raw_data (the contract keeps it; serialize() leaves it out) */
  keepRaw?: boolean;
}

export function compileMapping(input: Mapping | MappingInput, options: CompileOptions = {}): CompiledMapping {
  const mapping = Mapping.parse(input);
  const e = new Emitter();
  const lines: string[] = [`const out = { source_system: ${e.dataRef(mapping.source_system)} };`, 'let v;', 'let f = -1;', 'try {'];
  const targets: string[] = [];
  for (const rule of mapping.rules) {
    targets.push(rule.target);
    let expr = e.source(rule.source);
    for (const t of rule.transforms) expr = e.transform(expr, t);
    if (rule.target === 'source_id') expr = `T.str(${expr})`;
    const [head, leaf] = rule.target.split('.') as [string, string | undefined];
    const assign = leaf === undefined
      ? `out[${JSON.stringify(head)}] = v;`
      : `(out[${JSON.stringify(head)}] ??= {})[${JSON.stringify(leaf)}] = v;`;
    lines.push(`  f = ${targets.length - 1}; v = ${expr};`, `  if (v !== undefined && v !== null) ${assign}`);
  }
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
