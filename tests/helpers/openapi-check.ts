/**
 * Checks requests and responses against a vendor's OpenAPI 3 document with Ajv, for the fakes that stand in for the
 * vendor (tests/helpers/slack-fake.ts, jira-fake.ts). The whole document is one Ajv schema, so `#/components/...`
 * references resolve (recursive ones too) without dereferencing; OpenAPI's `nullable` becomes JSON Schema's null type.
 * A fake names an operation by its path template and method; each mismatch is kept in `violations`, which tests
 * expect to stay empty. Patches to the document (where it is known to differ from the live API) are applied by the
 * fake before loading, each with its reason, so every deviation is written down in one place.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Node = Record<string, unknown>;
interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema?: Node;
}
interface Op {
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: Node }> };
  responses: Record<string, { content?: Record<string, { schema: Node }> }>;
}
export type OpenApiDoc = { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Node> } };

/** OpenAPI 3.0 `nullable` → JSON Schema (`type: [t, 'null']`, or a null branch); extensions and examples dropped. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable' && k !== 'example' && k !== 'examples' && !k.startsWith('x-')) out[k] = toJsonSchema(v);
  if ((node as Node).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.type === undefined && !out.anyOf && !out.oneOf && !out.$ref && !out.allOf) out.type = 'null';
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    if (Array.isArray(out.anyOf)) out.anyOf = [...(out.anyOf as unknown[]), { type: 'null' }];
  }
  return out;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export interface SpecChecker {
  doc: OpenApiDoc;
  violations: string[];
  /** Query parameters (as sent, strings) and the body (JSON, or a form's fields) of one request. */
  request(method: string, template: string, o: { query?: URLSearchParams; body?: unknown; contentType?: string; allowQuery?: string[] }): void;
  response(method: string, template: string, status: number, body: unknown): void;
  /** Checks a value against a named component schema (`IssueBean`), for operations the document lacks. */
  component(name: string, value: unknown, where: string): void;
}

/** Loads a document, lets `patch` correct it (the fake's written-down deviations), and returns the checker. */
export function loadSpec(file: string, name: string, patch: (doc: OpenApiDoc) => void = () => undefined): SpecChecker {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDoc;
  patch(doc);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: name, paths: toJsonSchema(doc.paths), components: toJsonSchema(doc.components) });
  const cache = new Map<string, ValidateFunction>();
  const violations: string[] = [];
  const check = (ref: string, value: unknown, where: string) => {
    if (!cache.has(ref)) {
      const v = ajv.getSchema(`${name}#/${ref}`);
      if (!v) throw new Error(`${name}: no schema at #/${ref}`);
      cache.set(ref, v);
    }
    const validate = cache.get(ref)!;
    if (!validate(value)) violations.push(`${where}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
  };
  const op = (method: string, template: string): Op | undefined => {
    const found = doc.paths[template]?.[method.toLowerCase()];
    if (!found) violations.push(`${method} ${template} is not in the ${name} OpenAPI document`);
    return found;
  };
  const coerce = (raw: string, schema: Node | undefined): unknown => {
    const t = schema?.type;
    if (t === 'integer' || t === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (t === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
    if (t === 'array') return raw.split(',');
    return raw;
  };
  return {
    doc,
    violations,
    request(method, template, o) {
      const found = op(method, template);
      if (!found) return;
      const params = found.parameters ?? [];
      const where = `${method} ${template} request`;
      for (const [key, value] of o.query ?? []) {
        const i = params.findIndex((p) => p.in === 'query' && p.name === key);
        if (i < 0) {
          if (!o.allowQuery?.includes(key)) violations.push(`${where}: query parameter "${key}" is not in the document`);
          continue;
        }
        check(pointer('paths', template, method.toLowerCase(), 'parameters', String(i), 'schema'), coerce(value, params[i]!.schema), `${where} ${key}`);
      }
      for (const p of params)
        if (p.in === 'query' && p.required && !o.query?.has(p.name)) violations.push(`${where}: required query parameter "${p.name}" is missing`);
      const content = found.requestBody?.content;
      if (!content) return;
      const type = Object.keys(content).find((t) => (o.contentType ?? 'application/json').startsWith(t));
      if (!type) return void violations.push(`${where}: content type ${o.contentType} is not one the document accepts (${Object.keys(content).join(', ')})`);
      check(pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', type, 'schema'), o.body, `${where} body`);
    },
    response(method, template, status, body) {
      const found = op(method, template);
      if (!found) return;
      const code = found.responses[String(status)] ? String(status) : 'default';
      const media = found.responses[code]?.content;
      if (!found.responses[code]) return void violations.push(`${method} ${template}: status ${status} is not documented`);
      if (!media?.['application/json']) return; // documented without a body (204)
      check(
        pointer('paths', template, method.toLowerCase(), 'responses', code, 'content', 'application/json', 'schema'),
        body,
        `${method} ${template} ${status} response`,
      );
    },
    component(component, value, where) {
      check(pointer('components', 'schemas', component), value, where);
    },
  };
}
