import { compileMapping } from '../mapping/compile';
import type { MappingInput } from '../mapping/format';
import { helpers } from '../mapping/transforms';

/**
 * A Xero-shaped invoice → UnifiedInvoice: an element predicate (the contact's DEFAULT phone, as a typed list
 * picks one element), MS-JSON dates, a status lookup and three line items per invoice.
 */
export const invoiceMapping: MappingInput = {
  model: 'invoice',
  source_system: 'ledger',
  resource: 'Invoice',
  rules: [
    { target: 'source_id', source: { path: 'InvoiceID' } },
    { target: 'customer_id', source: { path: 'Contact.ContactID' } },
    { target: 'invoice_number', source: { path: 'InvoiceNumber' }, transforms: [{ op: 'trim' }] },
    {
      target: 'status',
      source: { path: 'Status' },
      transforms: [{ op: 'lookup', table: { AUTHORISED: 'pending', PAID: 'paid', DRAFT: 'draft' }, fallback: 'pending' }],
    },
    { target: 'currency', source: { path: 'CurrencyCode' }, transforms: [{ op: 'upper' }] },
    { target: 'subtotal', source: { path: 'SubTotal' }, transforms: [{ op: 'to_decimal' }] },
    { target: 'tax', source: { path: 'TotalTax' }, transforms: [{ op: 'to_decimal' }] },
    { target: 'total', source: { path: 'Total' }, transforms: [{ op: 'to_decimal' }] },
    { target: 'issue_date', source: { path: 'Date' }, transforms: [{ op: 'to_date' }] },
    { target: 'company', source: { path: 'Contact.Phones[PhoneType=DEFAULT].PhoneNumber' } },
    { target: 'line_items[].description', source: { path: 'LineItems[].Description' } },
    { target: 'line_items[].quantity', source: { path: 'LineItems[].Quantity' } },
    { target: 'line_items[].unit_price', source: { path: 'LineItems[].UnitAmount' }, transforms: [{ op: 'to_decimal' }] },
    { target: 'line_items[].total', source: { path: 'LineItems[].LineAmount' }, transforms: [{ op: 'to_decimal' }] },
  ],
};

type Line = { Description: string; Quantity: number; UnitAmount: number; LineAmount: number };
type Phone = { PhoneType: string; PhoneNumber: string };
export type RawInvoice = {
  InvoiceID: string;
  InvoiceNumber: string;
  Status: string;
  CurrencyCode: string;
  SubTotal: number;
  TotalTax: number;
  Total: number;
  Date: string;
  Contact: { ContactID: string; Phones: Phone[] };
  LineItems: Line[];
};

const STATUS: Record<string, string> = { AUTHORISED: 'pending', PAID: 'paid', DRAFT: 'draft' };

export function handWrittenInvoice(r: RawInvoice): Record<string, unknown> {
  const out: Record<string, unknown> = { source_system: 'ledger', source_id: String(r.InvoiceID) };
  if (r.Contact?.ContactID != null) out.customer_id = r.Contact.ContactID;
  if (r.InvoiceNumber != null) out.invoice_number = r.InvoiceNumber.trim();
  if (r.Status != null) out.status = STATUS[r.Status] ?? 'pending';
  if (r.CurrencyCode != null) out.currency = r.CurrencyCode.toUpperCase();
  if (r.SubTotal != null) out.subtotal = helpers.decimal(r.SubTotal);
  if (r.TotalTax != null) out.tax = helpers.decimal(r.TotalTax);
  if (r.Total != null) out.total = helpers.decimal(r.Total);
  if (r.Date != null) out.issue_date = helpers.toDate(r.Date);
  const phone = r.Contact?.Phones?.find((p) => String(p.PhoneType).toLowerCase() === 'default')?.PhoneNumber;
  if (phone != null) out.company = phone;
  if (Array.isArray(r.LineItems)) {
    out.line_items = r.LineItems.map((l) => ({
      description: l.Description,
      quantity: l.Quantity,
      unit_price: helpers.decimal(l.UnitAmount),
      total: helpers.decimal(l.LineAmount),
    }));
  }
  return out;
}

export function invoices(n: number): RawInvoice[] {
  return Array.from({ length: n }, (_, i) => ({
    InvoiceID: `inv_${i}`,
    InvoiceNumber: ` INV-${i} `,
    Status: ['AUTHORISED', 'PAID', 'DRAFT', 'VOIDED'][i % 4]!,
    CurrencyCode: 'usd',
    SubTotal: 30 + i,
    TotalTax: 3,
    Total: 33 + i,
    Date: `/Date(${1_704_153_600_000 + i * 1000}+0000)/`,
    Contact: {
      ContactID: `c_${i % 50}`,
      Phones: [
        { PhoneType: 'FAX', PhoneNumber: '1' },
        { PhoneType: 'DEFAULT', PhoneNumber: `+1555${i}` },
      ],
    },
    LineItems: [1, 2, 3].map((k) => ({ Description: `Item ${k}`, Quantity: k, UnitAmount: 5 + k, LineAmount: k * (5 + k) })),
  }));
}

export const compiledInvoice = () => compileMapping(invoiceMapping);
