import { collapse, type JsonSchema } from './spec-fields';
import { compact } from './targets';

/**
 * Where the resource sits in a GET response: the response itself (an object or an array of them), or inside a
 * list envelope ({ data: [...], page }, HAL's { _embedded: { customers: [...] } }, { result: {...} }).
 */
export interface Located {
  item: JsonSchema;
  /** JSON pointer suffix from the response schema to the item ("/properties/data/items") */
  pointer: string;
  /** dotted path from the response body to the list or object ("data", "_embedded.customers"), null at the root */
  itemsPath: string | null;
  kind: 'list' | 'item';
}

/** Array names that hold a list's records, best first. */
const ITEM_NAMES = [
  'data',
  'items',
  'results',
  'records',
  'elements',
  'values',
  'entries',
  'rows',
  'list',
  'content',
  'collection',
  'value',
  'objects',
  'nodes',
  'edges',
  'embedded',
];
/** Arrays that never hold the resource. */
const NOT_ITEMS = /^(errors?|warnings?|messages?|links|_links|notices|problems|faults|failures|included|facets|aggregations|sort|filters?|columns)$/i;
/** Properties of an envelope around the records. */
const META =
  /^(page|pages|page_?(size|number|count|info)|per_?page|total.*|count|limit|offset|next.*|prev.*|has_?more|cursor|cursors|links|_links|meta.*|pagination|paging|success|status(_?code)?|message|errors?|warnings?|object|url|href|self|first|last|request_?id|type|kind|api_?version|version|resource|service|operation|took|timed_?out|skip|top|start|end|size|more|query)$/i;

const isObjectSchema = (s: JsonSchema) => Boolean(s.properties && Object.keys(s.properties).length);
const arrayItem = (s: JsonSchema): JsonSchema | undefined => {
  if (s.type !== 'array' && !s.items) return undefined;
  const items = s.items ? collapse(s.items) : undefined;
  return items && isObjectSchema(items) ? items : undefined;
};
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Rank of an array property as the record list: the resource's own name first, then the usual names. */
function rank(name: string, hint: string): number {
  const c = compact(name);
  if (hint && (c === hint || c === `${hint}s` || c === hint.replace(/s$/, '') || c === hint.replace(/ies$/, 'y'))) return 0;
  const i = ITEM_NAMES.indexOf(c);
  return i >= 0 ? 1 + i : 50;
}

const hasOwnId = (s: JsonSchema) =>
  Object.keys(s.properties ?? {}).some((k) => /^(id|uuid|guid|key|code|number|_id)$/i.test(k) || /(^|[a-z_])(id|Id|ID)$/.test(k));

/** Finds the resources in a response schema; `hint` is the endpoint's resource name in compact form. */
export function locate(raw: JsonSchema, hint: string, depth = 0): Located[] {
  const s = collapse(raw);
  const listItem = arrayItem(s);
  if (listItem) return [{ item: s.items!, pointer: '/items', itemsPath: null, kind: 'list' }];
  if (!isObjectSchema(s) || depth > 2) return [];
  const props = Object.entries(s.properties ?? {});
  const arrays = props.filter(([k, p]) => !NOT_ITEMS.test(k) && arrayItem(collapse(p))).sort(([a], [b]) => rank(a, hint) - rank(b, hint));
  const others = props.filter(([k]) => !arrays.some(([a]) => a === k));
  const allMeta = others.every(([k]) => META.test(k) || NOT_ITEMS.test(k));
  const best = arrays[0];
  // an invoice with an id and its own `items` is a resource; { data: [...], page } or { items: [...] } is a list
  if (best && (allMeta || (!hasOwnId(s) && (rank(best[0], hint) < 50 || others.length <= 3)))) {
    const [key, p] = best;
    return [{ item: collapse(p).items!, pointer: `${propPointer(raw, key)}/items`, itemsPath: key, kind: 'list' }];
  }
  // { result: {...} }, { data: {...} }, HAL's { _embedded: { customers: [...] } }
  const wrapper = props.find(([k, p]) => (rank(k, hint) < 50 || /^_?embedded$|^result$|^response$|^item$/i.test(k)) && isObjectSchema(collapse(p)));
  if (wrapper && !hasOwnId(s) && others.every(([k]) => k === wrapper[0] || META.test(k))) {
    const inner = locate(wrapper[1], hint, depth + 1);
    const prefix = propPointer(raw, wrapper[0]);
    if (inner.length) {
      return inner.map((l) => ({ ...l, pointer: prefix + l.pointer, itemsPath: l.itemsPath ? `${wrapper[0]}.${l.itemsPath}` : wrapper[0] }));
    }
    return [{ item: wrapper[1], pointer: prefix, itemsPath: wrapper[0], kind: 'item' }];
  }
  return [{ item: raw, pointer: '', itemsPath: null, kind: 'item' }];
}

/** The pointer to a property, through the allOf part that declares it when the schema is composed. */
function propPointer(raw: JsonSchema, key: string): string {
  if (raw.properties?.[key]) return `/properties/${esc(key)}`;
  const parts = raw.allOf ?? [];
  const i = parts.findIndex((p) => collapse(p).properties?.[key]);
  return i >= 0 ? `/allOf/${i}${propPointer(parts[i]!, key)}` : `/properties/${esc(key)}`;
}
