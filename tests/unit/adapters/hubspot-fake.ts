/**
 * A local HubSpot CRM v3 contacts and companies fake whose every request and response is validated against
 * hubspot_crm_contacts.oas.json and hubspot_crm_companies.oas.json from @opensdks/sdk-hubspot (Ajv on the
 * dereferenced documents).
 * Known spec gaps, patched or skipped on purpose:
 * - `sorts` is typed as string[] but the API takes [{ propertyName, direction }] (HubSpot/hubspot-api-nodejs#559,
 *   hubspot-api-python#236), so the fake checks the object form;
 * - batch/upsert postdates the document, so it is served but not checked;
 * - a 429 body ({ status, message, errorType, policyName, ... }) has no `category`, so it is not checked against Error.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const SPEC = (type: string) => join(__dirname, '..', '..', '..', 'node_modules', '@opensdks', 'sdk-hubspot', `hubspot_crm_${type}.oas.json`);
type Kind = 'contacts' | 'companies';
/** Contacts and companies name their last-modified property differently. */
const MODIFIED: Record<Kind, string> = { contacts: 'lastmodifieddate', companies: 'hs_lastmodifieddate' };
type Op = { requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> };
interface Contact { id: string; properties: Record<string, string | null>; createdAt: string; updatedAt: string; archived: boolean; archivedAt?: string }

export interface HubspotFakeOptions { contacts: number; companies?: number; baseTime?: number; sameTimestampRun?: number }
export interface HubspotFake {
  url: string;
  violations: string[];
  calls: Array<{ method: string; path: string; body?: unknown; status: number }>;
  contacts: Contact[];
  companies: Contact[];
  /** The next create is applied and its response lost (the connection is reset). */
  loseNextCreate(): void;
  /** The next n requests get a 429 with HubSpot's body for this policy. */
  rateLimitNext(n: number, policyName: string, intervalMs?: number): void;
  touch(index: number, at: number): void;
  stop(): Promise<void>;
}

export async function startHubspotFake(o: HubspotFakeOptions): Promise<HubspotFake> {
  const specs = {} as Record<Kind, { paths: Record<string, Record<string, Op>> }>;
  for (const kind of ['contacts', 'companies'] as const) {
    specs[kind] = (await SwaggerParser.dereference(SPEC(kind))) as unknown as { paths: Record<string, Record<string, Op>> };
    const search = specs[kind].paths[`/crm/v3/objects/${kind}/search`]!.post!.requestBody!.content['application/json']!.schema as { properties: Record<string, unknown> };
    search.properties.sorts = { type: 'array', items: { type: 'object', required: ['propertyName'], properties: { propertyName: { type: 'string' }, direction: { enum: ['ASCENDING', 'DESCENDING'] } }, additionalProperties: false } };
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int32', true).addFormat('int64', true);
  const cache = new Map<object, ValidateFunction>();
  const check = (schema: object | undefined, value: unknown, where: string) => {
    if (!schema) return;
    if (!cache.has(schema)) cache.set(schema, ajv.compile(schema));
    const validate = cache.get(schema)!;
    if (!validate(value)) violations.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  };
  const base = o.baseTime ?? Date.parse('2026-01-01T00:00:00Z');
  const run = o.sameTimestampRun ?? 1;
  const iso = (ms: number) => new Date(ms).toISOString();
  const contacts: Contact[] = Array.from({ length: o.contacts }, (_, i) => {
    const at = iso(base + Math.floor(i / run) * 1000);
    return { id: String(i + 1), createdAt: at, updatedAt: at, archived: false, properties: { email: `c${i + 1}@example.com`, firstname: 'Contact', lastname: String(i + 1), country: i % 2 ? 'United Kingdom' : 'US', lastmodifieddate: at, createdate: at, hs_object_id: String(i + 1) } };
  });
  const companies: Contact[] = Array.from({ length: o.companies ?? 0 }, (_, i) => {
    const at = iso(base + Math.floor(i / run) * 1000);
    return { id: String(900_001 + i), createdAt: at, updatedAt: at, archived: false, properties: { name: `Company ${i + 1}`, domain: `company${i + 1}.example`, numberofemployees: String(10 * (i + 1)), annualrevenue: i % 2 ? '1250000.50' : null, industry: 'COMPUTER_SOFTWARE', city: 'Berlin', country: i % 2 ? 'Germany' : 'US', hs_lastmodifieddate: at, createdate: at, hs_object_id: String(900_001 + i) } };
  });
  const store: Record<Kind, Contact[]> = { contacts, companies };
  let loseCreate = 0;
  const violations: string[] = [];
  const calls: HubspotFake['calls'] = [];
  let limited = { n: 0, policy: 'SECONDLY', interval: 1000 };
  const view = (c: Contact, props?: string[]) => ({ ...c, properties: props ? Object.fromEntries(props.map((p) => [p, c.properties[p] ?? null])) : c.properties });
  const error = (category: string, message: string) => ({ status: 'error', message, correlationId: '8b1e0b4f-2f7f-4a2e-9a7c-5d1a3f0e6c11', category });

  function route(method: string, path: string, url: URL, body: Record<string, unknown> | undefined): [number, unknown, string | undefined] {
    const props = url.searchParams.get('properties')?.split(',');
    const m = /^\/crm\/v3\/objects\/(contacts|companies)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(path);
    if (!m) return [404, error('OBJECT_NOT_FOUND', 'no such route'), undefined];
    const [, kind, a, b] = m as unknown as [string, Kind, string | undefined, string | undefined];
    const contacts = store[kind];
    const mod = MODIFIED[kind];
    const template = a === undefined ? `/crm/v3/objects/${kind}` : a === 'search' || a === 'batch' ? path : `/crm/v3/objects/${kind}/{${kind === 'contacts' ? 'contactId' : 'companyId'}}`;
    const newId = () => String((kind === 'companies' ? 900_001 : 1) + contacts.length);
    if (method === 'GET' && !a) {
      const limit = Number(url.searchParams.get('limit') ?? 10);
      if (limit > 100) return [400, error('VALIDATION_ERROR', 'limit must be at most 100'), template];
      const archived = url.searchParams.get('archived') === 'true';
      const pool = contacts.filter((c) => c.archived === archived);
      const start = Number(url.searchParams.get('after') ?? 0);
      const page = pool.slice(start, start + limit).map((c) => view(c, props));
      return [200, { results: page, ...(start + limit < pool.length ? { paging: { next: { after: String(start + limit), link: '?after' } } } : {}) }, template];
    }
    if (a === 'search' && method === 'POST') {
      const req = body as { filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; value: string }> }>; limit: number; after: string; properties: string[] };
      const offset = Number(req.after || 0);
      if (req.limit > 200) return [400, error('VALIDATION_ERROR', 'limit must be at most 200'), template];
      if (offset >= 10_000) return [400, error('VALIDATION_ERROR', 'paging beyond 10,000 results is not allowed; narrow the search'), template];
      const filters = req.filterGroups[0]?.filters ?? [];
      const time = (c: Contact, p: string) => Date.parse(p === 'createdate' ? c.createdAt : c.properties[p]!);
      const hits = contacts.filter((c) => !c.archived && filters.every((f) => (f.operator === 'GTE' ? time(c, f.propertyName) >= Number(f.value) : f.operator === 'EQ' && c.properties[f.propertyName] === f.value)));
      const [sort] = (body as { sorts?: Array<{ propertyName: string; direction?: string }> }).sorts ?? [{ propertyName: mod, direction: 'ASCENDING' }];
      const sign = sort?.direction === 'DESCENDING' ? -1 : 1;
      hits.sort((x, y) => sign * (time(x, sort!.propertyName) - time(y, sort!.propertyName) || Number(x.id) - Number(y.id)));
      const page = hits.slice(offset, offset + req.limit).map((c) => view(c, req.properties));
      const more = offset + req.limit < hits.length; // like HubSpot: a next page is offered even past the cap, which then fails
      return [200, { total: hits.length, results: page, ...(more ? { paging: { next: { after: String(offset + req.limit) } } } : {}) }, template];
    }
    if (a === 'batch' && b === 'read' && method === 'POST') {
      const req = body as { inputs: Array<{ id: string }>; properties: string[] };
      if (req.inputs.length > 100) return [400, error('VALIDATION_ERROR', 'at most 100 inputs per batch'), template];
      const now = iso(Date.now());
      const found = req.inputs.map((i) => contacts.find((c) => c.id === i.id && !c.archived));
      const results = found.filter((c): c is Contact => c !== undefined).map((c) => view(c, req.properties));
      const missing = req.inputs.filter((_, i) => !found[i]).map((i) => i.id);
      if (missing.length === 0) return [200, { status: 'COMPLETE', results, startedAt: now, completedAt: now }, template];
      const errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist.', context: { ids: missing }, errors: [], links: {} }];
      return [207, { status: 'COMPLETE', results, errors, numErrors: 1, startedAt: now, completedAt: now }, template];
    }
    if (a === 'batch' && method === 'POST') {
      const inputs = (body as { inputs: Array<{ id?: string; idProperty?: string; properties: Record<string, string> }> }).inputs;
      if (inputs.length > 100) return [400, error('VALIDATION_ERROR', 'at most 100 inputs per batch'), template];
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
      if (dup) return [409, error('CONFLICT', `Contact already exists. Existing ID: ${dup.id}`), template];
      const now = iso(Date.now());
      const c: Contact = { id: newId(), createdAt: now, updatedAt: now, archived: false, properties: { ...input.properties, createdate: now, [mod]: now, hs_object_id: newId() } };
      contacts.push(c);
      return [201, view(c), template];
    }
    const c = contacts.find((x) => x.id === a);
    if (!c) return [404, error('OBJECT_NOT_FOUND', `${kind} ${a} not found`), template];
    if (method === 'GET') return [200, view(c, props), template];
    if (method === 'PATCH') {
      Object.assign(c.properties, (body as { properties: Record<string, string> }).properties, { [mod]: iso(Date.now()) });
      c.updatedAt = c.properties[mod]!;
      return [200, view(c), template];
    }
    return [405, error('VALIDATION_ERROR', 'method not allowed'), template];
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : undefined;
    const reply = (status: number, out: unknown, headers: Record<string, string> = {}) => {
      calls.push({ method, path: url.pathname, body, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(out));
    };
    if (req.headers.authorization !== 'Bearer pat-na1-test-token') return reply(401, error('INVALID_AUTHENTICATION', 'Authentication credentials not found.'));
    if (limited.n > 0) {
      limited.n--;
      return reply(429, { status: 'error', message: `You have reached your ${limited.policy.toLowerCase()} limit.`, errorType: 'RATE_LIMIT', correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24', policyName: limited.policy, groupName: 'hubspot-app' },
        { 'x-hubspot-ratelimit-interval-milliseconds': String(limited.interval), 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-remaining': '0' });
    }
    const [status, out, template] = route(method, url.pathname, url, body);
    const kind: Kind = url.pathname.startsWith('/crm/v3/objects/companies') ? 'companies' : 'contacts';
    const op = template ? specs[kind].paths[template]?.[method.toLowerCase()] : undefined;
    if (template && !op) violations.push(`${method} ${template} is not in the ${kind} OpenAPI document`);
    if (op) {
      check(op.requestBody?.content['application/json']?.schema, body, `${method} ${template} request`);
      check((op.responses[String(status)] ?? op.responses.default)?.content?.['application/json']?.schema, out, `${method} ${template} ${status} response`);
    }
    if (status === 201 && method === 'POST' && template === `/crm/v3/objects/${kind}` && loseCreate > 0) {
      loseCreate--; // created, but the answer never arrives
      calls.push({ method, path: url.pathname, body, status: 0 });
      return void req.socket.destroy();
    }
    reply(status, out);
  }

  const server = createServer((req, res) => void handle(req, res).catch((err: Error) => { violations.push(`fake crashed: ${err.message}`); res.writeHead(500).end(); }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, violations, calls, contacts, companies,
    loseNextCreate: () => void loseCreate++,
    rateLimitNext: (n, policyName, intervalMs = 1000) => (limited = { n, policy: policyName, interval: intervalMs }),
    touch: (i, at) => void (contacts[i]!.properties.lastmodifieddate = contacts[i]!.updatedAt = iso(at)),
    stop: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
