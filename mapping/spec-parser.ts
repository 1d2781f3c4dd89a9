import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { flattenSchema, type CandidateField, type JsonSchema } from './spec-fields';

export type { CandidateField } from './spec-fields';

export interface CandidateResource {
  /** the list endpoint's last path segment ("customers", "contacts") */
  name: string;
  /** the component/definition name of the item schema, when it has one ("customer") */
  schemaName?: string;
  listEndpoint?: { path: string; itemsPath: string | null };
  fields: CandidateField[];
  /** items found in the spec's own examples */
  examples: unknown[];
}

export interface ParsedSpec {
  title: string;
  specVersion: 'openapi-3' | 'swagger-2';
  servers: string[];
  resources: CandidateResource[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ITEM_ARRAY_NAMES = ['data', 'results', 'items', 'records', 'elements', 'values', 'entries'];

/** Reads a spec from a file path (JSON or YAML) or takes an already-parsed document. */
async function load(source: string | Obj): Promise<Obj> {
  if (typeof source !== 'string') return structuredClone(source);
  const text = await readFile(source, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`--spec ${source}: cannot read the file (${err.code ?? err.message}); give the path of an OpenAPI JSON or YAML file`);
  });
  try {
    const doc: unknown = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
    if (!isObj(doc)) throw new Error('the document is not an object');
    return doc;
  } catch (err) {
    throw new Error(`--spec ${source}: not valid JSON or YAML (${(err as Error).message}); fix the file`, { cause: err });
  }
}

function successSchema(op: Obj, swagger2: boolean): { schema?: Obj; examples: unknown[] } {
  const responses = isObj(op.responses) ? op.responses : {};
  const key = Object.keys(responses).find((k) => /^2\d\d$/.test(k));
  const res = key ? responses[key] : undefined;
  if (!isObj(res)) return { examples: [] };
  if (swagger2) {
    const ex = isObj(res.examples) ? res.examples['application/json'] : undefined;
    return { schema: isObj(res.schema) ? res.schema : undefined, examples: ex === undefined ? [] : [ex] };
  }
  const content = isObj(res.content) ? res.content : {};
  const media = Object.entries(content).find(([type]) => /json/.test(type))?.[1];
  if (!isObj(media)) return { examples: [] };
  const examples: unknown[] = media.example !== undefined ? [media.example] : [];
  if (isObj(media.examples)) for (const e of Object.values(media.examples)) if (isObj(e) && e.value !== undefined) examples.push(e.value);
  return { schema: isObj(media.schema) ? media.schema : undefined, examples };
}

/** An array of objects in a list response: the response itself, or its data/results/items property. */
function findItems(schema: Obj): { item: Obj; itemsPath: string | null } | undefined {
  if (schema.type === 'array' && isObj(schema.items)) return { item: schema.items, itemsPath: null };
  const props = isObj(schema.properties) ? schema.properties : {};
  const arrays = Object.entries(props).filter(([, p]) => isObj(p) && p.type === 'array' && isObj(p.items) && (p.items.properties || p.items.allOf));
  arrays.sort(([a], [b]) => rank(a) - rank(b));
  const first = arrays[0];
  return first ? { item: (first[1] as Obj).items as Obj, itemsPath: first[0] } : undefined;
}
const rank = (name: string) => (ITEM_ARRAY_NAMES.includes(name) ? ITEM_ARRAY_NAMES.indexOf(name) : 99);

function itemsOf(example: unknown, itemsPath: string | null): unknown[] {
  const list = itemsPath === null ? example : isObj(example) ? example[itemsPath] : undefined;
  return Array.isArray(list) ? list.filter(isObj) : [];
}

/** Parses an OpenAPI 3.x or Swagger 2 document, resolves $refs and lists the resources its list endpoints return. */
export async function parseSpec(source: string | Obj): Promise<ParsedSpec> {
  const doc = await load(source);
  const swagger2 = typeof doc.swagger === 'string';
  if (!swagger2 && !(typeof doc.openapi === 'string' && doc.openapi.startsWith('3'))) {
    throw new Error('spec: neither "openapi: 3.x" nor "swagger: 2.0" found at the top; give an OpenAPI 3 or Swagger 2 document');
  }
  const api = (await SwaggerParser.dereference(doc as never, { dereference: { circular: true } })) as unknown as Obj;
  const named = new Map<unknown, string>();
  const defs = swagger2 ? api.definitions : isObj(api.components) ? api.components.schemas : undefined;
  if (isObj(defs)) for (const [name, s] of Object.entries(defs)) named.set(s, name);

  const resources: CandidateResource[] = [];
  const seen = new Set<unknown>();
  const paths = isObj(api.paths) ? api.paths : {};
  for (const path of Object.keys(paths).sort((a, b) => a.length - b.length)) {
    const get = isObj(paths[path]) ? (paths[path] as Obj).get : undefined;
    if (!isObj(get) || path.includes('{')) continue;
    const { schema, examples } = successSchema(get, swagger2);
    const found = schema ? findItems(schema) : undefined;
    if (!found || seen.has(found.item)) continue;
    seen.add(found.item);
    const name = path.split('/').filter((s) => s && !s.includes('{')).pop() ?? path;
    const exampleItems = [...examples.flatMap((e) => itemsOf(e, found.itemsPath))];
    if (found.item.example !== undefined) exampleItems.push(found.item.example);
    resources.push({
      name,
      schemaName: named.get(found.item),
      listEndpoint: { path, itemsPath: found.itemsPath },
      fields: flattenSchema(found.item as JsonSchema, exampleItems[0]),
      examples: exampleItems,
    });
  }
  const servers = swagger2
    ? [`${Array.isArray(api.schemes) ? api.schemes[0] : 'https'}://${String(api.host ?? 'localhost')}${String(api.basePath ?? '')}`]
    : (Array.isArray(api.servers) ? api.servers : []).filter(isObj).map((s) => String(s.url));
  const info = isObj(api.info) ? api.info : {};
  return { title: String(info.title ?? 'untitled'), specVersion: swagger2 ? 'swagger-2' : 'openapi-3', servers, resources };
}

const singular = (s: string) => s.toLowerCase().replace(/ies$/, 'y').replace(/s$/, '');

/** Finds a resource by list name or schema name, singular or plural, case-insensitively. */
export function findResource(spec: ParsedSpec, name: string): CandidateResource {
  const want = singular(name);
  const hit = spec.resources.find((r) => singular(r.name) === want) ?? spec.resources.find((r) => r.schemaName && singular(r.schemaName) === want);
  if (!hit) {
    const known = spec.resources.map((r) => r.schemaName ?? r.name).slice(0, 30).join(', ');
    throw new Error(`--resource ${name}: no list endpoint returns it; resources in this spec: ${known}`);
  }
  return hit;
}
