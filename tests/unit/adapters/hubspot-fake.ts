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
import { hubspotError, iso, routeHubspot, type Contact, type Kind } from './hubspot-fake-routes';

const SPEC = (type: string) => join(__dirname, '..', '..', '..', 'node_modules', '@opensdks', 'sdk-hubspot', `hubspot_crm_${type}.oas.json`);
type Op = { requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> };

export interface HubspotFakeOptions {
  contacts: number;
  companies?: number;
  baseTime?: number;
  sameTimestampRun?: number;
}
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
    const search = specs[kind].paths[`/crm/v3/objects/${kind}/search`]!.post!.requestBody!.content['application/json']!.schema as {
      properties: Record<string, unknown>;
    };
    search.properties.sorts = {
      type: 'array',
      items: {
        type: 'object',
        required: ['propertyName'],
        properties: { propertyName: { type: 'string' }, direction: { enum: ['ASCENDING', 'DESCENDING'] } },
        additionalProperties: false,
      },
    };
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
  const contacts: Contact[] = Array.from({ length: o.contacts }, (_, i) => {
    const at = iso(base + Math.floor(i / run) * 1000);
    return {
      id: String(i + 1),
      createdAt: at,
      updatedAt: at,
      archived: false,
      properties: {
        email: `c${i + 1}@example.com`,
        firstname: 'Contact',
        lastname: String(i + 1),
        country: i % 2 ? 'United Kingdom' : 'US',
        lastmodifieddate: at,
        createdate: at,
        hs_object_id: String(i + 1),
      },
    };
  });
  const companies: Contact[] = Array.from({ length: o.companies ?? 0 }, (_, i) => {
    const at = iso(base + Math.floor(i / run) * 1000);
    return {
      id: String(900_001 + i),
      createdAt: at,
      updatedAt: at,
      archived: false,
      properties: {
        name: `Company ${i + 1}`,
        domain: `company${i + 1}.example`,
        numberofemployees: String(10 * (i + 1)),
        annualrevenue: i % 2 ? '1250000.50' : null,
        industry: 'COMPUTER_SOFTWARE',
        city: 'Berlin',
        country: i % 2 ? 'Germany' : 'US',
        hs_lastmodifieddate: at,
        createdate: at,
        hs_object_id: String(900_001 + i),
      },
    };
  });
  const store: Record<Kind, Contact[]> = { contacts, companies };
  let loseCreate = 0;
  const violations: string[] = [];
  const calls: HubspotFake['calls'] = [];
  let limited = { n: 0, policy: 'SECONDLY', interval: 1000 };

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
    if (req.headers.authorization !== 'Bearer pat-na1-test-token')
      return reply(401, hubspotError('INVALID_AUTHENTICATION', 'Authentication credentials not found.'));
    if (limited.n > 0) {
      limited.n--;
      return reply(
        429,
        {
          status: 'error',
          message: `You have reached your ${limited.policy.toLowerCase()} limit.`,
          errorType: 'RATE_LIMIT',
          correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
          policyName: limited.policy,
          groupName: 'hubspot-app',
        },
        { 'x-hubspot-ratelimit-interval-milliseconds': String(limited.interval), 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-remaining': '0' },
      );
    }
    const [status, out, template] = routeHubspot(store, method, url.pathname, url, body);
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

  const server = createServer(
    (req, res) =>
      void handle(req, res).catch((err: Error) => {
        violations.push(`fake crashed: ${err.message}`);
        res.writeHead(500).end();
      }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    violations,
    calls,
    contacts,
    companies,
    loseNextCreate: () => void loseCreate++,
    rateLimitNext: (n, policyName, intervalMs = 1000) => (limited = { n, policy: policyName, interval: intervalMs }),
    touch: (i, at) => void (contacts[i]!.properties.lastmodifieddate = contacts[i]!.updatedAt = iso(at)),
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
