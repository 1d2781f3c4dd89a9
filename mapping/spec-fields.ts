/** Flattens a dereferenced JSON Schema (OpenAPI flavour) into dotted field paths with their types and examples. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  title?: string;
  example?: unknown;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'unknown';

export interface CandidateField {
  path: string;
  type: FieldType;
  format?: string;
  description?: string;
  example?: unknown;
  enum?: unknown[];
  nullable?: boolean;
  /** "example" when the field is known only from an example of an open map (e.g. HubSpot's properties) */
  origin: 'schema' | 'example';
  readOnly?: boolean;
}

const MAX_DEPTH = 4;
const MAX_FIELDS = 600;
const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(s: JsonSchema): FieldType {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t && ['string', 'integer', 'number', 'boolean', 'object', 'array'].includes(t)) return t as FieldType;
  if (s.properties) return 'object';
  return 'unknown';
}

/**
 * Collapses allOf/anyOf/oneOf: allOf merges properties; an anyOf of one object (often "object or null") is that
 * object; an anyOf of an id string and expandable objects is treated as the id string, its unexpanded form.
 */
export function collapse(s: JsonSchema): JsonSchema {
  if (s.allOf?.length) {
    const parts = s.allOf.map(collapse);
    const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, JsonSchema>;
    const base = parts.find((p) => !p.properties) ?? {};
    return {
      ...base,
      ...s,
      allOf: undefined,
      properties: Object.keys(properties).length ? properties : undefined,
      type: s.type ?? (Object.keys(properties).length ? 'object' : base.type),
    };
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) {
    const real = alts.map(collapse).filter((a) => a.type !== 'null' && !(a.enum?.length === 1 && a.enum[0] === ''));
    const objects = real.filter((a) => typeOf(a) === 'object');
    const scalar = real.find((a) => SCALARS.has(typeOf(a)));
    const pick = scalar ?? (objects.length === 1 ? objects[0] : real[0]) ?? {};
    return { ...pick, description: s.description ?? pick.description, nullable: s.nullable ?? pick.nullable, anyOf: undefined, oneOf: undefined };
  }
  return s;
}

export function flattenSchema(schema: JsonSchema, example?: unknown): CandidateField[] {
  const out: CandidateField[] = [];
  walk(schema, '', example, 0, new Set(), out);
  return out;
}

function walk(raw: JsonSchema, prefix: string, example: unknown, depth: number, stack: Set<JsonSchema>, out: CandidateField[]): void {
  if (stack.has(raw) || depth > MAX_DEPTH || out.length >= MAX_FIELDS) return;
  stack.add(raw);
  const s = collapse(raw);
  const ex = isObj(s.example) ? { ...s.example, ...(isObj(example) ? example : {}) } : example;
  const props = s.properties ?? {};
  for (const [key, child] of Object.entries(props)) {
    if (!isObj(child) || !/^[A-Za-z0-9_$@-]+$/.test(key)) continue;
    const c = collapse(child);
    const path = prefix ? `${prefix}.${key}` : key;
    const childEx = isObj(ex) ? ex[key] : undefined;
    const type = typeOf(c);
    out.push(field(path, c, type, c.example ?? (isObj(childEx) ? undefined : childEx), 'schema'));
    if (type === 'object') walk(child, path, childEx, depth + 1, stack, out);
    if (type === 'array' && isObj(c.items)) {
      // step into lists: `Lines[].Amount` for objects, `emails[]` for a list of strings
      const item = collapse(c.items);
      const itemEx = Array.isArray(childEx) ? childEx[0] : undefined;
      const itemType = typeOf(item);
      if (itemType === 'object') walk(c.items, `${path}[]`, itemEx, depth + 1, stack, out);
      else if (itemType !== 'array' && itemType !== 'unknown') out.push(field(`${path}[]`, item, itemType, item.example ?? itemEx, 'schema'));
    }
  }
  // open maps (additionalProperties) whose keys only examples reveal, e.g. { properties: { email, firstname } }
  if (s.additionalProperties && isObj(ex)) {
    const valueSchema = isObj(s.additionalProperties) ? collapse(s.additionalProperties as JsonSchema) : {};
    for (const [key, value] of Object.entries(ex)) {
      if (props[key] || !/^[A-Za-z0-9_$@-]+$/.test(key)) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      const inferred = typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value === 'boolean' ? 'boolean' : 'string';
      out.push(field(path, valueSchema, typeOf(valueSchema) === 'unknown' ? inferred : typeOf(valueSchema), value, 'example'));
    }
  }
  stack.delete(raw);
}

function field(path: string, s: JsonSchema, type: FieldType, example: unknown, origin: CandidateField['origin']): CandidateField {
  const f: CandidateField = { path, type, origin };
  if (s.format) f.format = s.format;
  if (s.description) f.description = s.description.slice(0, 300);
  if (example !== undefined && !isObj(example) && !Array.isArray(example)) f.example = example;
  if (s.enum?.length) f.enum = s.enum.slice(0, 20);
  if (s.nullable) f.nullable = true;
  if ((s as { readOnly?: boolean }).readOnly) f.readOnly = true;
  return f;
}
