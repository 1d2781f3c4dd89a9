import type { MappableModel } from './format';

/**
 * What the heuristic mapper looks for, per canonical field: generic English names and synonyms, never a vendor's
 * field names. Names are compared in compact form (lower case, no separators), so "createdAt", "created_at" and
 * "CreatedAt" are one name. The first name is the strongest.
 */
export type TargetKind = 'id' | 'text' | 'email' | 'phone' | 'datetime' | 'date' | 'country' | 'currency' | 'money' | 'enum' | 'ref';

export interface TargetSpec {
  target: string;
  kind: TargetKind;
  names: string[];
  required?: boolean;
  /** a parent segment or name token that makes a match likelier ("address" for city) */
  context?: string[];
  /** parent tokens that make it unlikelier ("shipping" for the billing address) */
  avoid?: string[];
  /** a composite fallback: join one field from each group (full_name ← first name + last name) */
  parts?: string[][];
  /** canonical enum value ← source values that mean it */
  values?: Record<string, string[]>;
}

const ADDRESS = { context: ['address', 'billing', 'addr', 'location', 'postal', 'mailing'], avoid: ['shipping', 'delivery', 'tax', 'ship'] };
const timestamps: TargetSpec[] = [
  {
    target: 'created_at',
    kind: 'datetime',
    names: ['created_at', 'created', 'createdate', 'create_date', 'creation_date', 'date_created', 'created_time', 'created_on', 'inserted_at', 'creation_time'],
  },
  {
    target: 'updated_at',
    kind: 'datetime',
    names: ['updated_at', 'updated', 'lastmodifieddate', 'last_modified_date', 'modified_at', 'modified', 'last_modified', 'date_modified', 'updated_time', 'updated_on', 'last_updated', 'modified_time'],
  },
];

export const TARGETS: Record<MappableModel, TargetSpec[]> = {
  customer: [
    { target: 'source_id', kind: 'id', names: ['id', 'uuid', 'identifier', 'key', 'record_id', 'object_id'], required: true },
    { target: 'email', kind: 'email', names: ['email', 'email_address', 'primary_email', 'mail', 'e_mail', 'work_email'], required: true },
    {
      target: 'full_name',
      kind: 'text',
      names: ['full_name', 'name', 'display_name', 'contact_name', 'customer_name', 'person_name'],
      parts: [['first_name', 'firstname', 'given_name', 'fname', 'forename'], ['last_name', 'lastname', 'family_name', 'surname', 'lname']],
      required: true,
    },
    { target: 'phone', kind: 'phone', names: ['phone', 'phone_number', 'telephone', 'tel', 'mobile', 'mobile_phone', 'mobilephone', 'cell_phone', 'work_phone'] },
    { target: 'company', kind: 'text', names: ['company', 'company_name', 'organization', 'organisation', 'organization_name', 'business_name', 'employer'] },
    { target: 'billing_address.street', kind: 'text', names: ['line1', 'address_line1', 'street', 'street1', 'address1', 'street_address', 'address_line_1', 'address'], ...ADDRESS },
    { target: 'billing_address.street2', kind: 'text', names: ['line2', 'address_line2', 'street2', 'address2', 'address_line_2', 'suite'], ...ADDRESS },
    { target: 'billing_address.city', kind: 'text', names: ['city', 'town', 'locality', 'municipality'], ...ADDRESS },
    { target: 'billing_address.state', kind: 'text', names: ['state', 'region', 'province', 'state_code', 'county', 'administrative_area'], ...ADDRESS },
    { target: 'billing_address.postal_code', kind: 'text', names: ['postal_code', 'postcode', 'zip', 'zip_code', 'zipcode', 'postalcode'], ...ADDRESS },
    { target: 'billing_address.country', kind: 'country', names: ['country', 'country_code', 'countrycode', 'country_iso'], ...ADDRESS },
    ...timestamps,
  ],
  invoice: [
    { target: 'source_id', kind: 'id', names: ['id', 'uuid', 'identifier', 'key', 'record_id'], required: true },
    { target: 'customer_id', kind: 'ref', names: ['customer', 'customer_id', 'client_id', 'contact_id', 'account_id', 'customer_ref', 'buyer_id'], required: true },
    { target: 'invoice_number', kind: 'text', names: ['number', 'invoice_number', 'invoice_no', 'doc_number', 'document_number', 'reference'] },
    {
      target: 'status',
      kind: 'enum',
      names: ['status', 'state', 'invoice_status', 'payment_status'],
      required: true,
      values: {
        draft: ['draft', 'new'],
        pending: ['open', 'pending', 'sent', 'unpaid', 'outstanding', 'submitted', 'authorised', 'authorized', 'awaiting_payment'],
        paid: ['paid', 'settled', 'complete', 'completed', 'closed'],
        void: ['void', 'voided', 'uncollectible', 'cancelled', 'canceled', 'deleted', 'written_off'],
        overdue: ['overdue', 'past_due', 'late'],
      },
    },
    { target: 'currency', kind: 'currency', names: ['currency', 'currency_code', 'currencycode', 'currency_iso'], required: true },
    { target: 'subtotal', kind: 'money', names: ['subtotal', 'sub_total', 'net_amount', 'amount_before_tax', 'subtotal_amount'], required: true },
    { target: 'discount', kind: 'money', names: ['total_discount', 'discount', 'discount_amount', 'discount_total'] },
    { target: 'tax', kind: 'money', names: ['tax', 'total_tax', 'tax_amount', 'tax_total'] },
    { target: 'total', kind: 'money', names: ['total', 'total_amount', 'grand_total', 'amount', 'amount_total'], required: true },
    { target: 'issue_date', kind: 'date', names: ['issue_date', 'issued_at', 'invoice_date', 'date', 'issued', 'created', 'created_at'], required: true },
    { target: 'due_date', kind: 'date', names: ['due_date', 'due', 'due_at', 'payment_due', 'date_due'] },
    { target: 'paid_date', kind: 'date', names: ['paid_date', 'paid_at', 'payment_date', 'date_paid'] },
    ...timestamps,
  ],
};

/** lower case, separators removed: "createdAt" → "createdat" */
export const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** word tokens: "billingAddress_line1" → ["billing", "address", "line1"] */
export const tokens = (s: string) =>
  s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
