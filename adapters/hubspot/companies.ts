import type { HubspotObject } from './api';
import { countryCode } from './mapping';

/**
 * HubSpot companies → the `company` model (UnifiedCompany). Companies are not customers: they have no email, which
 * the customer model requires, and contacts belong to them; so they get an organisation model of their own rather
 * than being squeezed into the customer's `company` string (docs/CONNECTORS.md).
 */
export const COMPANY_PROPERTIES = [
  'name',
  'domain',
  'website',
  'phone',
  'industry',
  'description',
  'numberofemployees',
  'annualrevenue',
  'address',
  'address2',
  'city',
  'state',
  'zip',
  'country',
  'hs_lastmodifieddate',
  'createdate',
];
const MAPPED = new Set([...COMPANY_PROPERTIES, 'hs_object_id']);

const integer = (v: string | null | undefined): number | null => (v && /^\d+$/.test(v.trim()) ? Number(v.trim()) : null);
const decimal = (v: string | null | undefined): string | null => (v && /^-?\d+(\.\d+)?$/.test(v.trim()) ? v.trim() : null);

export function companyToUnified(c: HubspotObject): Record<string, unknown> {
  const p = c.properties;
  const hasAddress = [p.address, p.city, p.state, p.zip, p.country].some(Boolean);
  const country = countryCode(p.country);
  const extra = Object.fromEntries(Object.entries(p).filter(([k, v]) => !MAPPED.has(k) && v != null));
  if (p.country && !country) extra.country_name = p.country;
  if (p.numberofemployees && integer(p.numberofemployees) === null) extra.numberofemployees = p.numberofemployees;
  if (p.annualrevenue && decimal(p.annualrevenue) === null) extra.annualrevenue = p.annualrevenue;
  return {
    source_system: 'hubspot',
    source_id: c.id,
    name: p.name || p.domain || '',
    domain: p.domain || null,
    website: p.website || null,
    phone: p.phone || null,
    industry: p.industry || null,
    description: p.description || null,
    employee_count: integer(p.numberofemployees),
    annual_revenue: decimal(p.annualrevenue),
    address: hasAddress
      ? { street: p.address ?? null, street2: p.address2 ?? null, city: p.city ?? null, state: p.state ?? null, postal_code: p.zip ?? null, country }
      : null,
    tags: [],
    custom_fields: extra,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    raw_data: c,
  };
}

export function companyFromUnified(r: Record<string, unknown>): Record<string, unknown> {
  const a = (r.address ?? {}) as Record<string, string | null | undefined>;
  const props: Record<string, unknown> = {
    name: r.name,
    domain: r.domain,
    website: r.website,
    phone: r.phone,
    industry: r.industry,
    description: r.description,
    numberofemployees: r.employee_count,
    annualrevenue: r.annual_revenue,
    address: a.street,
    address2: a.street2,
    city: a.city,
    state: a.state,
    zip: a.postal_code,
    country: a.country,
  };
  const properties = Object.fromEntries(
    Object.entries(props)
      .filter(([, v]) => v != null && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  return { properties };
}

/**
 * The search that finds a company an earlier attempt of this push created: same name (and domain when it has one),
 * created within the look-back window. HubSpot takes no idempotency key and companies are not unique by anything.
 */
export function recentCompanySearch(properties: Record<string, string>, sinceMs: number): Record<string, unknown> {
  const filters = [
    { propertyName: 'createdate', operator: 'GTE', value: String(sinceMs) },
    { propertyName: 'name', operator: 'EQ', value: properties.name ?? '' },
    ...(properties.domain ? [{ propertyName: 'domain', operator: 'EQ', value: properties.domain }] : []),
  ];
  return {
    filterGroups: [{ filters }],
    sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
    properties: COMPANY_PROPERTIES,
    limit: 10,
    after: '0',
  };
}
