import type { ModelName } from '../schema';
import { INVOICE_TARGETS } from './targets-invoice';
import { ID_WORDS } from './targets-words';

/**
 * What the heuristic mapper looks for, per canonical field: generic English names, word rules and the words a
 * field's description uses, never one vendor's field names. Names are compared in compact form (lower case, no
 * separators), so "createdAt", "created_at" and "CreatedAt" are one name. The first name is the strongest.
 */
export type TargetKind = 'id' | 'text' | 'email' | 'phone' | 'datetime' | 'date' | 'country' | 'currency' | 'money' | 'enum' | 'ref' | 'quantity';

export interface TargetSpec {
  target: string;
  kind: TargetKind;
  names: string[];
  /** word rules: a field whose name has one word of each group ("paid" and "date"/"on"/"at") */
  words?: string[][];
  /** words whose presence in the name rules a field out ("fax" for phone, "rate" for tax) */
  never?: string[];
  /** words in a field's description that say it is this target ("state" for administrative_district_level_1) */
  described?: string[];
  required?: boolean;
  /** a parent segment or name token that makes a match likelier ("address" for city) */
  context?: string[];
  /** parent tokens that make it unlikelier ("shipping" for the billing address) */
  avoid?: string[];
  /** a composite fallback: join one field from each group (full_name ← first name + last name) */
  parts?: string[][];
  /** canonical enum value ← source values that mean it */
  values?: Record<string, string[]>;
  /** element predicates for typed lists, best first: `addresses[type=billing]`, `phones[PhoneType=DEFAULT]` */
  prefer?: string[];
}

// The tables here keep one dense line per entry (the formatter would put one word per line).
// prettier-ignore
export const WHEN = ['date', 'time', 'at', 'on', 'utc', 'timestamp', 'datetime', 'dt', 'ts', 'when', 'day'];
// prettier-ignore
const ADDRESS = {
  context: ['address', 'addresses', 'billing', 'bill', 'addr', 'location', 'postal', 'mailing', 'contact', 'invoice'],
  avoid: ['shipping', 'delivery', 'ship', 'deliver', 'tax', 'origin', 'warehouse', 'store', 'bank', 'company', 'from'],
  prefer: ['billing', 'bill', 'invoice', 'invoicing', 'main', 'primary', 'default', 'pobox', 'postal', 'street', 'office', 'work', 'business', 'home'],
};

// prettier-ignore
export const TIMESTAMPS: TargetSpec[] = [
  {
    target: 'created_at',
    kind: 'datetime',
    names: ['created_at', 'created', 'createdate', 'create_date', 'creation_date', 'date_created', 'created_time', 'created_on', 'inserted_at', 'creation_time', 'created_date', 'date_added', 'added_at'],
    words: [['created', 'creation', 'inserted', 'added', 'create'], WHEN],
    never: ['by', 'user', 'ip', 'from', 'source'],
  },
  {
    target: 'updated_at',
    kind: 'datetime',
    names: ['updated_at', 'updated', 'lastmodifieddate', 'last_modified_date', 'modified_at', 'modified', 'last_modified', 'date_modified', 'updated_time', 'updated_on', 'last_updated', 'modified_time', 'modified_date', 'updated_date', 'update_time', 'changed_at', 'last_changed'],
    words: [['updated', 'modified', 'changed', 'update', 'modification', 'edited'], WHEN],
    never: ['by', 'user', 'ip', 'source', 'status'],
  },
];

// prettier-ignore
const CUSTOMER_TARGETS: TargetSpec[] = [
  { target: 'source_id', kind: 'id', names: ['id', 'uuid', 'guid', 'identifier', 'entity_id', 'key', 'record_id', 'object_id', '_id'], described: ID_WORDS, required: true },
  {
    target: 'email',
    kind: 'email',
    names: ['email', 'email_address', 'primary_email', 'mail', 'e_mail', 'work_email', 'emailaddress', 'contact_email'],
    words: [['email', 'mail']],
    never: ['verified', 'status', 'opt', 'optin', 'consent', 'marketing', 'subscription', 'subscribed', 'confirmed', 'type', 'cc', 'bcc', 'count', 'enabled', 'notification', 'notifications', 'bounce', 'sent', 'template', 'domain', 'id', 'invoice', 'reply'],
    described: ['email'],
    context: ['email', 'emails', 'mail', 'contact'],
    prefer: ['primary', 'default', 'main', 'work', 'business', 'billing', 'personal', 'home'],
    required: true,
  },
  {
    target: 'full_name',
    kind: 'text',
    names: ['full_name', 'name', 'display_name', 'customer_name', 'contact_name', 'person_name', 'client_name', 'fullname', 'partner_name'],
    never: ['first', 'last', 'given', 'family', 'middle', 'company', 'organization', 'organisation', 'business', 'file', 'user', 'username', 'nick', 'nickname', 'domain', 'bank', 'account', 'legal', 'trade', 'tax', 'sur', 'pre', 'type', 'group', 'category'],
    parts: [['first_name', 'firstname', 'given_name', 'fname', 'forename', 'first'], ['last_name', 'lastname', 'family_name', 'surname', 'lname', 'last']],
    required: true,
  },
  {
    target: 'phone',
    kind: 'phone',
    names: ['phone', 'phone_number', 'telephone', 'tel', 'mobile', 'mobile_phone', 'mobilephone', 'cell_phone', 'work_phone', 'phonenumber', 'primary_phone', 'contact_phone', 'telephone_number', 'cell'],
    words: [['phone', 'telephone', 'mobile', 'tel', 'cell']],
    never: ['fax', 'type', 'code', 'area', 'extension', 'ext', 'verified', 'country', 'prefix', 'id', 'opt', 'consent', 'count'],
    described: ['phone', 'telephone'],
    context: ['phone', 'phones', 'telephone', 'phonenumbers', 'numbers', 'contact'],
    prefer: ['default', 'primary', 'main', 'work', 'business', 'office', 'billing', 'mobile', 'cell', 'home', 'personal'],
  },
  {
    target: 'company',
    kind: 'text',
    names: ['company', 'company_name', 'organization', 'organisation', 'organization_name', 'organisation_name', 'business_name', 'employer', 'companyname', 'legal_name', 'firm', 'account_name'],
    words: [['company', 'organization', 'organisation', 'business', 'employer', 'firm'], ['name']],
    never: ['id', 'size', 'url', 'type', 'number', 'domain', 'industry', 'website', 'registration', 'vat', 'tax'],
  },
  { target: 'billing_address.street', kind: 'text', names: ['line1', 'address_line1', 'street', 'street1', 'address1', 'street_address', 'address_line_1', 'address', 'addressline1', 'street_line1', 'line_1', 'street_name'], never: ['2', '3', '4', 'line2', 'number', 'type', 'id', 'email', 'ip', 'mail', 'web', 'url'], described: ['street'], ...ADDRESS },
  { target: 'billing_address.street2', kind: 'text', names: ['line2', 'address_line2', 'street2', 'address2', 'address_line_2', 'suite', 'addressline2', 'line_2'], ...ADDRESS },
  { target: 'billing_address.city', kind: 'text', names: ['city', 'town', 'locality', 'municipality', 'city_name', 'place'], never: ['id', 'code'], described: ['city', 'town'], ...ADDRESS },
  { target: 'billing_address.state', kind: 'text', names: ['state', 'region', 'province', 'state_code', 'administrative_area', 'state_province', 'state_or_province', 'region_code', 'state_name', 'county'], never: ['id', 'status', 'tax'], described: ['state', 'province', 'region'], ...ADDRESS },
  { target: 'billing_address.postal_code', kind: 'text', names: ['postal_code', 'postcode', 'zip', 'zip_code', 'zipcode', 'postalcode', 'post_code', 'postal', 'zip_postal_code'], described: ['zip', 'postal', 'postcode'], ...ADDRESS },
  { target: 'billing_address.country', kind: 'country', names: ['country', 'country_code', 'countrycode', 'country_iso', 'country_id', 'country_iso_code', 'iso_country', 'country_name'], never: ['subdivision', 'state', 'phone', 'calling', 'dial'], described: ['country'], ...ADDRESS },
  ...TIMESTAMPS,
];

/**
 * The target fields of each model a mapping can produce. A model is mappable once it has an entry here; the
 * mapping format, the mapped connector's config and the mapping workflow's input all take their list from it.
 */
// prettier-ignore
export const TARGETS = { customer: CUSTOMER_TARGETS, invoice: INVOICE_TARGETS } satisfies Partial<Record<ModelName, TargetSpec[]>>;
export type MappableModel = keyof typeof TARGETS;
export const MAPPABLE_MODELS = Object.keys(TARGETS) as MappableModel[];
/** `"customer" or "invoice"`, for error messages. */
export const MAPPABLE_MODELS_TEXT = MAPPABLE_MODELS.map((m) => `"${m}"`).join(' or ');

/** The canonical fields `fabric mapping propose` reports, in order (the list; street2 and discount are extra). */
// prettier-ignore
export const REPORTED_FIELDS: Record<MappableModel, string[]> = {
  customer: ['source_id', 'email', 'full_name', 'phone', 'company', 'billing_address.street', 'billing_address.city',
    'billing_address.state', 'billing_address.postal_code', 'billing_address.country', 'created_at', 'updated_at'],
  invoice: ['source_id', 'customer_id', 'invoice_number', 'status', 'subtotal', 'tax', 'total', 'currency', 'issue_date',
    'due_date', 'paid_date', 'line_items[].description', 'line_items[].quantity', 'line_items[].unit_price', 'line_items[].total'],
};

/** lower case, separators removed: "createdAt" → "createdat" */
export const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** word tokens: "billingAddress_line1" → ["billing", "address", "line1"]; "UpdatedDateUTC" → ["updated", "date", "utc"] */
export const tokens = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
