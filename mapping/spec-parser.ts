import { locate, type Located } from './spec-envelope';
import { flattenSchema, type CandidateField, type JsonSchema } from './spec-fields';
import { escapePointer, isObj, loadSpec, type LoadedSpec, type Obj } from './spec-load';
import { compact } from './targets';

export type { CandidateField } from './spec-fields';
export { SpecError } from './spec-load';

export interface ResourceEndpoint {
  /** the GET path, templated as the spec writes it ("/companies/{companyId}/invoices") */
  path: string;
  /** where the records are in the response body ("data", "_embedded.items"), null for the body itself */
  itemsPath: string | null;
  kind: 'list' | 'item';
}

export interface CandidateResource {
  /** the endpoint's last literal path segment ("customers", "invoices") */
  name: string;
  /** the component/definition name of the item schema, when it has one ("Customer") */
  schemaName?: string;
  /** RFC 6901 pointer to the resource object's schema in the document */
  schemaPointer: string;
  /** the endpoint that returns it: its list endpoint when it has one (none for a schema no GET returns) */
  endpoint?: ResourceEndpoint;
  /** every GET endpoint that returns this resource */
  endpoints: ResourceEndpoint[];
  /** the path parameter naming one record ("invoiceId" in /invoices/{invoiceId}) */
  idParam?: string;
  /** the list endpoint, when one returns an array of these */
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

/** Media types that carry JSON: application/json; charset=utf-8, application/hal+json, text/json, *\/*. */
const JSON_MEDIA = /(^|[/+])json(\s*;.*)?$|^\*\/\*$|^application\/\*$/i;
const METHODS_OTHER = new Set(['parameters', 'summary', 'description', 'servers']);

function successResponse(op: Obj): { key: string; res: Obj } | undefined {
  const responses = isObj(op.responses) ? op.responses : {};
  const keys = Object.keys(responses)
    .filter((k) => /^2(\d\d|XX)$/i.test(k))
    .sort();
  const key = keys.find((k) => isObj(responses[k]) && hasBody(responses[k] as Obj)) ?? keys[0] ?? ('default' in responses ? 'default' : undefined);
  return key && isObj(responses[key]) ? { key, res: responses[key] as Obj } : undefined;
}
const hasBody = (res: Obj) => isObj(res.schema) || (isObj(res.content) && Object.keys(res.content).some((t) => JSON_MEDIA.test(t)));

/** The JSON schema of a GET's success response, its pointer and the examples given with it. */
function responseSchema(path: string, op: Obj, swagger2: boolean): { schema: JsonSchema; pointer: string; examples: unknown[] } | undefined {
  const found = successResponse(op);
  if (!found) return undefined;
  const base = `/paths/${escapePointer(path)}/get/responses/${found.key}`;
  const { res } = found;
  if (swagger2) {
    if (!isObj(res.schema)) return undefined;
    const ex = isObj(res.examples) ? Object.entries(res.examples).find(([t]) => JSON_MEDIA.test(t))?.[1] : undefined;
    return { schema: res.schema as JsonSchema, pointer: `${base}/schema`, examples: ex === undefined ? [] : [ex] };
  }
  const content = isObj(res.content) ? res.content : {};
  const types = Object.keys(content).filter((t) => JSON_MEDIA.test(t));
  const type = types.find((t) => /application\/json/i.test(t)) ?? types[0];
  const media = type ? content[type] : undefined;
  if (!isObj(media) || !isObj(media.schema)) return undefined;
  const examples: unknown[] = media.example !== undefined ? [media.example] : [];
  if (isObj(media.examples)) for (const e of Object.values(media.examples)) if (isObj(e) && e.value !== undefined) examples.push(e.value);
  return { schema: media.schema as JsonSchema, pointer: `${base}/content/${escapePointer(type!)}/schema`, examples };
}

const literalSegments = (path: string) =>
  path
    .split('/')
    .filter((s) => s && !s.includes('{'))
    .map((s) => s.replace(/\.(json|xml)$/i, ''));
/** The last path parameter, when the path ends with it: /invoices/{invoiceId} → invoiceId. */
const trailingParam = (path: string) => /\{([^}]+)\}(\.json)?\/?$/.exec(path)?.[1];

function itemsOf(example: unknown, itemsPath: string | null, kind: Located['kind']): unknown[] {
  let cur = example;
  for (const seg of itemsPath ? itemsPath.split('.') : []) cur = isObj(cur) ? cur[seg] : undefined;
  if (kind === 'item') return isObj(cur) ? [cur] : [];
  return Array.isArray(cur) ? cur.filter(isObj) : [];
}

/** Every resource a GET returns: list and single-record endpoints, templated and nested paths, any JSON type. */
export function discoverResources(loaded: LoadedSpec): CandidateResource[] {
  const { api, swagger2, named } = loaded;
  const byItem = new Map<unknown, CandidateResource>();
  const paths = isObj(api.paths) ? api.paths : {};
  for (const path of Object.keys(paths).sort((a, b) => a.length - b.length || a.localeCompare(b))) {
    const get = isObj(paths[path]) ? (paths[path] as Obj).get : undefined;
    if (!isObj(get) || METHODS_OTHER.has(path)) continue;
    const response = responseSchema(path, get, swagger2);
    if (!response) continue;
    const name = literalSegments(path).pop() ?? path;
    for (const found of locate(response.schema, compact(name))) {
      const endpoint: ResourceEndpoint = { path, itemsPath: found.itemsPath, kind: found.kind };
      const examples = response.examples.flatMap((e) => itemsOf(e, found.itemsPath, found.kind));
      const known = byItem.get(found.item) ?? [...byItem.values()].find((r) => r.schemaName && r.schemaName === named.get(found.item)?.name);
      if (known) {
        known.endpoints.push(endpoint);
        known.examples.push(...examples);
        if (found.kind === 'list' && known.endpoint?.kind === 'item') Object.assign(known, { endpoint, name });
        if (found.kind === 'list') known.listEndpoint ??= { path, itemsPath: found.itemsPath };
        if (found.kind === 'item') known.idParam ??= trailingParam(path);
        continue;
      }
      const schemaName = named.get(found.item)?.name;
      if (found.item.example !== undefined && isObj(found.item.example)) examples.push(found.item.example);
      byItem.set(found.item, {
        name,
        schemaName,
        schemaPointer: named.get(found.item)?.pointer ?? response.pointer + found.pointer,
        endpoint,
        endpoints: [endpoint],
        idParam: found.kind === 'item' ? trailingParam(path) : undefined,
        listEndpoint: found.kind === 'list' ? { path, itemsPath: found.itemsPath } : undefined,
        fields: flattenSchema(found.item, examples[0]),
        examples,
      });
    }
  }
  return [...byItem.values()].filter((r) => r.fields.length > 0);
}

/** Parses an OpenAPI 3.x or Swagger 2 document (JSON or YAML), resolves $refs and lists every resource a GET returns. */
export async function parseSpec(source: string | Obj): Promise<ParsedSpec> {
  const loaded = await loadSpec(source);
  return describe(loaded, discoverResources(loaded));
}

export function describe(loaded: LoadedSpec, resources: CandidateResource[]): ParsedSpec {
  const { api, swagger2 } = loaded;
  const servers = swagger2
    ? [`${Array.isArray(api.schemes) ? api.schemes[0] : 'https'}://${String(api.host ?? 'localhost')}${String(api.basePath ?? '')}`]
    : (Array.isArray(api.servers) ? api.servers : []).filter(isObj).map((s) => String(s.url));
  const info = isObj(api.info) ? api.info : {};
  return { title: String(info.title ?? 'untitled'), specVersion: swagger2 ? 'swagger-2' : 'openapi-3', servers, resources };
}

export { findResource, resourceAtPointer } from './spec-lookup';
