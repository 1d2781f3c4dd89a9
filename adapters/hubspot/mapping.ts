import type { HubspotObject } from './api';

/** Contact properties the mapping reads; everything else requested lands in custom_fields. */
export const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'phone',
  'company',
  'address',
  'city',
  'state',
  'zip',
  'country',
  'lastmodifieddate',
  'createdate',
];
const MAPPED = new Set([...CONTACT_PROPERTIES, 'hs_object_id']);

/** HubSpot's country property is free text; the canonical address wants ISO 3166-1 alpha-2. */
const COUNTRY_NAMES: Record<string, string> = {
  'united states': 'US',
  usa: 'US',
  'united states of america': 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  germany: 'DE',
  deutschland: 'DE',
  france: 'FR',
  spain: 'ES',
  italy: 'IT',
  netherlands: 'NL',
  ireland: 'IE',
  canada: 'CA',
  australia: 'AU',
  japan: 'JP',
  india: 'IN',
  brazil: 'BR',
  mexico: 'MX',
  sweden: 'SE',
  switzerland: 'CH',
};

export function countryCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v)) return v.toUpperCase();
  return COUNTRY_NAMES[v.toLowerCase()] ?? null;
}

export function contactToUnified(c: HubspotObject): Record<string, unknown> {
  const p = c.properties;
  const name = [p.firstname, p.lastname].filter((s) => s && s.trim()).join(' ');
  const hasAddress = [p.address, p.city, p.state, p.zip, p.country].some(Boolean);
  const country = countryCode(p.country);
  const extra = Object.fromEntries(Object.entries(p).filter(([k, v]) => !MAPPED.has(k) && v != null));
  if (p.country && !country) extra.country_name = p.country; // kept rather than dropped when it cannot be mapped
  return {
    source_system: 'hubspot',
    source_id: c.id,
    email: p.email ?? null,
    full_name: name || p.email || null,
    phone: p.phone || null,
    company: p.company || null,
    billing_address: hasAddress ? { street: p.address ?? null, city: p.city ?? null, state: p.state ?? null, postal_code: p.zip ?? null, country } : null,
    tags: [],
    custom_fields: extra,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    raw_data: c,
  };
}

/** Contact properties for create/update; every value is a string, nulls are left out. */
export function contactFromUnified(r: Record<string, unknown>): Record<string, unknown> {
  const full = typeof r.full_name === 'string' ? r.full_name.trim() : '';
  const space = full.indexOf(' ');
  const a = (r.billing_address ?? {}) as Record<string, string | null | undefined>;
  const props: Record<string, unknown> = {
    email: r.email,
    firstname: space > 0 ? full.slice(0, space) : full || undefined,
    lastname: space > 0 ? full.slice(space + 1) : undefined,
    phone: r.phone,
    company: r.company,
    address: a.street,
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
