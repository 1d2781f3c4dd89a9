/**
 * The routes of the HubSpot CRM v3 fake (hubspot-fake.ts): list, search, batch read/create/update/upsert, create, read
 * and update of contacts and companies over an in-memory store. Each answer names the OpenAPI path template it is
 * checked against (undefined: not checked).
 */
export type Kind = 'contacts' | 'companies';
/** Contacts and companies name their last-modified property differently. */
export const MODIFIED: Record<Kind, string> = { contacts: 'lastmodifieddate', companies: 'hs_lastmodifieddate' };
export interface Contact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export const iso = (ms: number) => new Date(ms).toISOString();
const view = (c: Contact, props?: string[]) => ({
  ...c,
  properties: props ? Object.fromEntries(props.map((p) => [p, c.properties[p] ?? null])) : c.properties,
});
export const hubspotError = (category: string, message: string) => ({
  status: 'error',
  message,
  correlationId: '8b1e0b4f-2f7f-4a2e-9a7c-5d1a3f0e6c11',
  category,
});

export function routeHubspot(
  store: Record<Kind, Contact[]>,
  method: string,
  path: string,
  url: URL,
  body: Record<string, unknown> | undefined,
): [number, unknown, string | undefined] {
  const props = url.searchParams.get('properties')?.split(',');
  const m = /^\/crm\/v3\/objects\/(contacts|companies)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(path);
  if (!m) return [404, hubspotError('OBJECT_NOT_FOUND', 'no such route'), undefined];
  const [, kind, a, b] = m as unknown as [string, Kind, string | undefined, string | undefined];
  const contacts = store[kind];
  const mod = MODIFIED[kind];
  const template =
    a === undefined
      ? `/crm/v3/objects/${kind}`
      : a === 'search' || a === 'batch'
        ? path
        : `/crm/v3/objects/${kind}/{${kind === 'contacts' ? 'contactId' : 'companyId'}}`;
  const newId = () => String((kind === 'companies' ? 900_001 : 1) + contacts.length);
  if (method === 'GET' && !a) {
    const limit = Number(url.searchParams.get('limit') ?? 10);
    if (limit > 100) return [400, hubspotError('VALIDATION_ERROR', 'limit must be at most 100'), template];
    const archived = url.searchParams.get('archived') === 'true';
    const pool = contacts.filter((c) => c.archived === archived);
    const start = Number(url.searchParams.get('after') ?? 0);
    const page = pool.slice(start, start + limit).map((c) => view(c, props));
    return [200, { results: page, ...(start + limit < pool.length ? { paging: { next: { after: String(start + limit), link: '?after' } } } : {}) }, template];
  }
  if (a === 'search' && method === 'POST') {
    const req = body as {
      filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; value: string }> }>;
      limit: number;
      after: string;
      properties: string[];
    };
    const offset = Number(req.after || 0);
    if (req.limit > 200) return [400, hubspotError('VALIDATION_ERROR', 'limit must be at most 200'), template];
    if (offset >= 10_000) return [400, hubspotError('VALIDATION_ERROR', 'paging beyond 10,000 results is not allowed; narrow the search'), template];
    const filters = req.filterGroups[0]?.filters ?? [];
    const time = (c: Contact, p: string) => Date.parse(p === 'createdate' ? c.createdAt : c.properties[p]!);
    const hits = contacts.filter(
      (c) =>
        !c.archived &&
        filters.every((f) =>
          f.operator === 'GTE' ? time(c, f.propertyName) >= Number(f.value) : f.operator === 'EQ' && c.properties[f.propertyName] === f.value,
        ),
    );
    const [sort] = (body as { sorts?: Array<{ propertyName: string; direction?: string }> }).sorts ?? [{ propertyName: mod, direction: 'ASCENDING' }];
    const sign = sort?.direction === 'DESCENDING' ? -1 : 1;
    hits.sort((x, y) => sign * (time(x, sort!.propertyName) - time(y, sort!.propertyName) || Number(x.id) - Number(y.id)));
    const page = hits.slice(offset, offset + req.limit).map((c) => view(c, req.properties));
    const more = offset + req.limit < hits.length; // like HubSpot: a next page is offered even past the cap, which then fails
    return [200, { total: hits.length, results: page, ...(more ? { paging: { next: { after: String(offset + req.limit) } } } : {}) }, template];
  }
  if (a === 'batch' && b === 'read' && method === 'POST') {
    const req = body as { inputs: Array<{ id: string }>; properties: string[] };
    if (req.inputs.length > 100) return [400, hubspotError('VALIDATION_ERROR', 'at most 100 inputs per batch'), template];
    const now = iso(Date.now());
    const found = req.inputs.map((i) => contacts.find((c) => c.id === i.id && !c.archived));
    const results = found.filter((c): c is Contact => c !== undefined).map((c) => view(c, req.properties));
    const missing = req.inputs.filter((_, i) => !found[i]).map((i) => i.id);
    if (missing.length === 0) return [200, { status: 'COMPLETE', results, startedAt: now, completedAt: now }, template];
    const errors = [
      {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
        context: { ids: missing },
        errors: [],
        links: {},
      },
    ];
    return [207, { status: 'COMPLETE', results, errors, numErrors: 1, startedAt: now, completedAt: now }, template];
  }
  if (a === 'batch' && method === 'POST') {
    const inputs = (body as { inputs: Array<{ id?: string; idProperty?: string; properties: Record<string, string> }> }).inputs;
    if (inputs.length > 100) return [400, hubspotError('VALIDATION_ERROR', 'at most 100 inputs per batch'), template];
    const now = iso(Date.now());
    const results = inputs.map((input) => {
      let c = b === 'create' ? undefined : b === 'upsert' ? contacts.find((x) => x.properties.email === input.id) : contacts.find((x) => x.id === input.id);
      if (!c) {
        c = { id: newId(), createdAt: now, updatedAt: now, archived: false, properties: { createdate: now } };
        c.properties.hs_object_id = c.id;
        contacts.push(c);
      }
      Object.assign(c.properties, input.properties, { [mod]: now });
      c.updatedAt = now;
      return view(c);
    });
    return [b === 'create' ? 201 : 200, { status: 'COMPLETE', results, startedAt: now, completedAt: now }, b === 'upsert' ? undefined : template];
  }
  if (!a && method === 'POST') {
    const input = body as { properties: Record<string, string> };
    const dup = kind === 'contacts' && contacts.find((c) => c.properties.email === input.properties.email); // companies are unique by nothing
    if (dup) return [409, hubspotError('CONFLICT', `Contact already exists. Existing ID: ${dup.id}`), template];
    const now = iso(Date.now());
    const c: Contact = {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      archived: false,
      properties: { ...input.properties, createdate: now, [mod]: now, hs_object_id: newId() },
    };
    contacts.push(c);
    return [201, view(c), template];
  }
  const c = contacts.find((x) => x.id === a);
  if (!c) return [404, hubspotError('OBJECT_NOT_FOUND', `${kind} ${a} not found`), template];
  if (method === 'GET') return [200, view(c, props), template];
  if (method === 'PATCH') {
    Object.assign(c.properties, (body as { properties: Record<string, string> }).properties, { [mod]: iso(Date.now()) });
    c.updatedAt = c.properties[mod]!;
    return [200, view(c), template];
  }
  return [405, hubspotError('VALIDATION_ERROR', 'method not allowed'), template];
}
