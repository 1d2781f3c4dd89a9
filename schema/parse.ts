/** parseRecord: never throws; a failure lists each bad field's path and reason, ready to store as a quarantine reason. */
import type { z } from 'zod';
import { CURRENT_VERSION, SchemaVersionError, isModelName, MODEL_NAMES, schemaFor, upgradeRecord, type ModelName, type VersionTable } from './versions';

export interface FieldIssue {
  /** Dotted path with [i] for array items, e.g. "billing_address.country" or "line_items[0].total"; "(root)" for the record. */
  path: string;
  message: string;
}

type Last<T> = T extends readonly [...unknown[], infer L] ? L : never;

/** The parsed type of each model's current version, read off SCHEMA_VERSIONS (no second list to keep in step). */
export type ModelTypes = { [M in ModelName]: z.output<Last<VersionTable[M]> extends { schema: infer S extends z.ZodType } ? S : never> };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export interface ParseOptions {
  /** The schema version the input is in (e.g. read from a stored record); it is upgraded first. Default: current. */
  version?: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** zod issues → FieldIssue[]: one per failing field, whitespace collapsed so the reason stays on one line. */
export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message.replace(/\s+/g, ' ') }));
}

/** One line, e.g. `email: must be a valid email address…; line_items[0].total: must equal …`. */
export function formatIssues(issues: readonly FieldIssue[]): string {
  return issues
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ')
    .replace(/[\r\n]+/g, ' ');
}

/** Validates (and, with options.version, first upgrades) a record against the current version of a model. */
export function parseRecord<M extends ModelName>(model: M, input: unknown, options: ParseOptions = {}): ParseResult<ModelTypes[M]> {
  if (!isModelName(model)) {
    return { ok: false, issues: [{ path: '(model)', message: `unknown model ${JSON.stringify(model)} — use one of ${MODEL_NAMES.join(', ')}` }] };
  }
  let data = input;
  const version = options.version ?? CURRENT_VERSION[model];
  if (version !== CURRENT_VERSION[model]) {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return { ok: false, issues: [{ path: '(root)', message: `must be a JSON object holding a ${model} record` }] };
    }
    try {
      data = upgradeRecord(model, version, input as Record<string, unknown>);
    } catch (err) {
      if (!(err instanceof SchemaVersionError)) throw err;
      return { ok: false, issues: [{ path: 'schema_version', message: err.message }] };
    }
  }
  const result = schemaFor(model).safeParse(data);
  if (result.success) return { ok: true, value: result.data as ModelTypes[M] };
  return { ok: false, issues: toFieldIssues(result.error) };
}

/** A record as stored: the data (serialised, without raw_data) and the schema version it is in. */
export interface StoredRecord {
  schema_version: string;
  data: Record<string, unknown>;
}

/** Reads a stored record of any version: upgrades it to the current version, then validates it. */
export function parseStored<M extends ModelName>(model: M, stored: StoredRecord): ParseResult<ModelTypes[M]> {
  return parseRecord(model, stored.data, { version: stored.schema_version });
}
