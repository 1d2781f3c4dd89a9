import { locate } from './spec-envelope';
import { flattenSchema, type JsonSchema } from './spec-fields';
import { isObj, resolvePointer, SpecError, type LoadedSpec } from './spec-load';
import type { CandidateResource, ParsedSpec } from './spec-parser';
import { compact } from './targets';

/** Suffixes that name a schema's role, not its resource: CustomerDto, ClientDetailsApiModel, InvoiceResponse. */
const ROLE_SUFFIX = /(apimodel|viewmodel|model|dto|querydto|details|detail|response|resource|schema|entity|object|record|full|item|data|read|get|output|v\d+)$/;

const singular = (s: string) =>
  s
    .replace(/ies$/, 'y')
    .replace(/(ss|us|x|ch|sh)es$/, '$1')
    .replace(/([^s])s$/, '$1');
function stripRoles(s: string): string {
  let cur = s;
  for (let i = 0; i < 4; i++) {
    const next = cur.replace(ROLE_SUFFIX, '');
    if (next === cur || next.length < 3) break;
    cur = next;
  }
  return cur;
}

/** The names a resource answers to, compact and singular: its path segment, its schema name and that name's stem. */
function namesOf(r: CandidateResource): string[] {
  const names = [
    r.name,
    ...(r.schemaName ? [r.schemaName] : []),
    ...r.endpoints.map(
      (e) =>
        e.path
          .split('/')
          .filter((s) => s && !s.includes('{'))
          .pop() ?? '',
    ),
  ];
  const out = new Set<string>();
  for (const n of names) {
    const c = singular(compact(n.replace(/\.(json|xml)$/i, '')));
    if (!c) continue;
    out.add(c);
    out.add(singular(stripRoles(c)));
  }
  return [...out];
}

/**
 * Finds a resource by a name a person would use: a schema name ("Customer", "CustomerDto"), a path segment
 * ("customers", "sales-invoices"), singular or plural, in any case and separator style. Exact names win, then a
 * schema or segment that ends with the name ("EcommerceCustomer" for "customer"), then one containing it. Ties go
 * to a resource with a list endpoint, then to the best `rank` (the mapper's fit for the model).
 */
export function findResource(spec: ParsedSpec, name: string, rank?: (r: CandidateResource) => number): CandidateResource {
  const want = singular(compact(name));
  const stem = singular(stripRoles(want));
  const tiers: Array<(n: string) => boolean> = [(n) => n === want, (n) => n === stem, (n) => n.endsWith(stem) || n.startsWith(stem), (n) => n.includes(stem)];
  for (const test of want ? tiers : []) {
    const hits = spec.resources.filter((r) => namesOf(r).some(test));
    if (hits.length === 0) continue;
    const score = (r: CandidateResource) => (r.listEndpoint ? 1 : 0) * 10 + (rank ? rank(r) : 0) - (r.endpoint?.path.split('{').length ?? 9) * 0.01;
    return hits.sort((a, b) => score(b) - score(a))[0]!;
  }
  const known = spec.resources
    .map((r) => r.schemaName ?? r.name)
    .slice(0, 40)
    .join(', ');
  throw new SpecError(`--resource ${name}: no GET endpoint returns a resource by that name; resources in this spec: ${known || '(none)'}`);
}

/** The resource whose schema a JSON pointer names; one that no endpoint returns is still mapped from its schema. */
export function resourceAtPointer(loaded: LoadedSpec, resources: CandidateResource[], pointer: string): CandidateResource {
  const node = resolvePointer(loaded.api, pointer);
  if (!isObj(node) || !(node.properties || node.allOf || node.oneOf || node.anyOf || node.items || node.type === 'object')) {
    throw new SpecError(`--schema ${pointer}: that is not an object schema; point at the resource's schema, e.g. "/components/schemas/Customer"`);
  }
  const segs = pointer.replace(/^#?\//, '').split('/');
  const hint = compact(segs[segs.length - 1] ?? '');
  const [found] = locate(node as JsonSchema, hint);
  const item = found && (found.kind === 'list' || found.pointer !== '') ? found.item : (node as JsonSchema);
  const same = resources.find((r) => {
    try {
      return resolvePointer(loaded.api, r.schemaPointer) === item;
    } catch {
      return false;
    }
  });
  if (same) return same;
  const named = loaded.named.get(item);
  const name = named?.name ?? segs.filter((s) => !/^(items|properties|schema|content|allOf|oneOf|anyOf|\d+)$/.test(s)).pop() ?? 'resource';
  const fields = flattenSchema(item);
  if (fields.length === 0) throw new SpecError(`--schema ${pointer}: the schema has no properties to map; point at the resource object itself`);
  const example = isObj(item.example) ? [item.example] : [];
  return {
    name: name.replace(/~1/g, '/'),
    schemaName: named?.name,
    schemaPointer: named?.pointer ?? (pointer.startsWith('#') ? pointer.slice(1) : pointer),
    endpoints: [],
    fields,
    examples: example,
  };
}
