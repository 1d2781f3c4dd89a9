import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAnswer } from '../../../mapping/claude';
import { proposeHeuristic } from '../../../mapping/heuristic';
import { fieldMap } from '../../../mapping/proposal-fields';
import { findResource, parseSpec, resourceAtPointer, discoverResources } from '../../../mapping/spec-parser';
import { loadSpec } from '../../../mapping/spec-load';

const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties });
const customer = obj({
  id: { type: 'string' },
  email: { type: 'string', format: 'email' },
  addr: obj({ region_1: { type: 'string', description: 'In the US, this is the state.' }, locality: { type: 'string' } }),
  extension_attributes: obj({ telephone: { type: 'string' } }),
  telephone: { type: 'string' },
});
const problem = obj({ code: { type: 'string' }, message: { type: 'string' } });

/** An OpenAPI 3 document exercising what real specs do: templated nesting, odd media types, compositions, envelopes. */
const doc = {
  openapi: '3.0.1',
  info: { title: 'T', version: '1' },
  paths: {
    '/companies/{companyId}/customers': {
      get: {
        responses: {
          200: {
            content: {
              'application/json; charset=utf-8': {
                schema: obj({
                  errors: { type: 'array', items: problem },
                  customers: { type: 'array', items: { $ref: '#/components/schemas/Customer' } },
                  next: { type: 'string' },
                }),
              },
            },
          },
        },
      },
    },
    '/companies/{companyId}/customers/{customerId}': {
      get: { responses: { 200: { content: { '*/*': { schema: { $ref: '#/components/schemas/Customer' } } } } } },
    },
    '/orders': {
      get: {
        responses: {
          '2XX': {
            content: {
              'application/hal+json': {
                schema: obj({
                  _embedded: obj({ orders: { type: 'array', items: { $ref: '#/components/schemas/Order' } } }),
                  page: { type: 'integer' },
                }),
              },
            },
          },
        },
      },
    },
    '/notes': { get: { responses: { 200: { content: { 'text/plain': { schema: { type: 'string' } } } } } } },
  },
  components: {
    schemas: {
      Customer: customer,
      Order: {
        allOf: [
          obj({ id: { type: 'integer' } }),
          { oneOf: [obj({ total: { type: 'number' } }), { type: 'null' }] },
          obj({ status: { anyOf: [{ type: 'string', enum: ['open', 'PaidOut'] }, { type: 'null' }] } }),
        ],
      },
    },
  },
};

describe('the spec parser finds every resource a GET returns', () => {
  it('templated and nested paths, charset, any-type and hal+json media types, envelopes (never errors), compositions', async () => {
    const spec = await parseSpec(doc);
    expect(spec.resources.map((r) => [r.schemaName, r.schemaPointer, r.endpoint?.path, r.endpoint?.itemsPath, r.idParam])).toEqual([
      ['Order', '/components/schemas/Order', '/orders', '_embedded.orders', undefined],
      ['Customer', '/components/schemas/Customer', '/companies/{companyId}/customers', 'customers', 'customerId'],
    ]);
    const order = spec.resources[0]!;
    expect(order.fields.map((f) => f.path)).toEqual(['id', 'total', 'status']);
    expect(order.fields.find((f) => f.path === 'status')?.enum).toEqual(['open', 'PaidOut']);
  });

  it('ranks by structure: the top-level field over an extension one, description as evidence for vocabulary it lacks', async () => {
    const spec = await parseSpec(doc);
    const fields = fieldMap(proposeHeuristic(findResource(spec, 'customer'), 'customer', 't').mapping, 'customer');
    expect(fields).toMatchObject({
      source_id: 'id',
      email: 'email',
      phone: 'telephone',
      'billing_address.state': 'addr.region_1',
      'billing_address.city': 'addr.locality',
    });
  });

  it('finds a resource by schema name or path segment, any case, singular or plural; names the known ones otherwise', async () => {
    const spec = await parseSpec(doc);
    for (const name of ['Customer', 'customers', 'CUSTOMER', 'customerDto']) expect(findResource(spec, name).schemaName).toBe('Customer');
    expect(findResource(spec, 'order').schemaName).toBe('Order');
    expect(() => findResource(spec, 'widgets')).toThrow(/--resource widgets: no GET endpoint .* resources in this spec: Order, Customer/);
  });

  it('resolves a JSON pointer with or without "#", to a schema, an array or an envelope; refuses a bad one', async () => {
    const loaded = await loadSpec(doc);
    const resources = discoverResources(loaded);
    expect(resourceAtPointer(loaded, resources, '#/components/schemas/Customer').idParam).toBe('customerId');
    const viaPath = '/paths/~1companies~1{companyId}~1customers/get/responses/200/content/application~1json; charset=utf-8/schema';
    expect(resourceAtPointer(loaded, resources, viaPath).schemaName).toBe('Customer');
    expect(resourceAtPointer(loaded, resources, '/components/schemas/Customer/properties/addr').fields.map((f) => f.path)).toEqual(['region_1', 'locality']);
    expect(() => resourceAtPointer(loaded, resources, '/components/schemas/Nope')).toThrow(/nothing at "Nope"/);
    expect(() => resourceAtPointer(loaded, resources, 'components')).toThrow(/starts with "\/"/);
    expect(() => resourceAtPointer(loaded, resources, '/info')).toThrow(/not an object schema/);
  });

  it('reads Swagger 2 YAML with $refs, and a status enum maps to canonical values with review when unsure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    writeFileSync(
      join(dir, 's.yaml'),
      `swagger: "2.0"
info: { title: S, version: "1" }
paths:
  /v1/invoices/{id}:
    get:
      produces: [application/json]
      responses: { "200": { description: ok, schema: { $ref: "#/definitions/Invoice" } } }
definitions:
  Invoice:
    type: object
    properties:
      id: { type: string }
      state: { type: integer, description: "1 = Open, 2 = Paid, 3 = Canceled" }
      kind: { type: string, enum: [AUTHORISED, PAID, VOIDED, DELETED, DRAFT, WEIRD] }
`,
    );
    const spec = await parseSpec(join(dir, 's.yaml'));
    expect(spec.specVersion).toBe('swagger-2');
    const inv = findResource(spec, 'invoices');
    expect(inv).toMatchObject({ schemaPointer: '/definitions/Invoice', idParam: 'id' });
    const status = proposeHeuristic(inv, 'invoice', 't').mapping.rules.find((r) => r.target === 'status')!;
    expect(status.source).toEqual({ path: 'state' });
    expect(status.transforms).toEqual([{ op: 'to_string' }, { op: 'lookup', table: { 1: 'pending', 2: 'paid', 3: 'void' }, fallback: 'pending' }]);
    const kind = proposeHeuristic(
      { ...inv, fields: inv.fields.filter((f) => f.path !== 'state').map((f) => (f.path === 'kind' ? { ...f, path: 'status' } : f)) },
      'invoice',
      't',
    ).mapping.rules.find((r) => r.target === 'status')!;
    expect(kind.transforms[0]).toEqual({
      op: 'lookup',
      table: { AUTHORISED: 'pending', PAID: 'paid', VOIDED: 'void', DELETED: 'void', DRAFT: 'draft' },
      fallback: 'pending',
    });
    expect(kind.review).toBe(true); // WEIRD is unplaced
  });

  it('validates a Claude answer against the same rules format, predicates on listed arrays included', () => {
    const resource = {
      name: 'contacts',
      schemaPointer: '/x',
      endpoints: [],
      examples: [],
      fields: [
        { path: 'id', type: 'string' as const, origin: 'schema' as const },
        { path: 'Phones[].PhoneNumber', type: 'string' as const, origin: 'schema' as const },
        { path: 'Phones[].PhoneType', type: 'string' as const, origin: 'schema' as const, enum: ['DEFAULT', 'FAX'] },
      ],
    };
    const ok = checkAnswer(
      {
        confidence: 0.9,
        rules: [
          { target: 'source_id', source: { path: 'id' } },
          { target: 'phone', source: { path: 'Phones[PhoneType=DEFAULT].PhoneNumber' } },
        ],
      },
      resource,
      'customer',
      's',
    );
    expect(ok.ok).toBe(true);
    const bad = checkAnswer(
      {
        confidence: 0.9,
        rules: [
          { target: 'source_id', source: { path: 'id' } },
          { target: 'phone', source: { path: 'Mobiles[Type=X].Number' } },
        ],
      },
      resource,
      'customer',
      's',
    );
    expect(!bad.ok && bad.errors.join()).toMatch(/path "Mobiles\[Type=X\]\.Number" is not a field of contacts/);
  });
});
