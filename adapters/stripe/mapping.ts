import { Dec } from '../../schema/money';
import { fromStripeAmount, fromStripeDecimal, toStripeAmount } from './money';

/** The parts of Stripe's objects the mapping reads (see stripe.oas.json: customer, invoice, line_item). */
interface StripeAddress {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}
export interface StripeCustomer {
  id: string;
  object: 'customer';
  created?: number;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  address?: StripeAddress | null;
  shipping?: { name?: string | null; address?: StripeAddress | null } | null;
  metadata?: Record<string, string>;
  deleted?: boolean;
  description?: string | null;
}
interface StripeLine {
  id: string;
  amount: number;
  currency: string;
  description?: string | null;
  quantity?: number | null;
  price?: { unit_amount?: number | null; unit_amount_decimal?: string | null; product?: string | { id: string } | null } | null;
  pricing?: { unit_amount_decimal?: string | null; price_details?: { product?: string | null } | null } | null;
}
export interface StripeInvoice {
  id: string;
  object: 'invoice';
  customer: string | { id: string } | null;
  number?: string | null;
  status?: string | null;
  currency: string;
  subtotal: number;
  total: number;
  created: number;
  due_date?: number | null;
  total_discount_amounts?: Array<{ amount: number }> | null;
  status_transitions?: { finalized_at?: number | null; paid_at?: number | null } | null;
  lines?: { data: StripeLine[]; has_more?: boolean; url?: string };
  metadata?: Record<string, string>;
  description?: string | null;
}

const iso = (unix: number | null | undefined): string | null => (unix ? new Date(unix * 1000).toISOString() : null);
const isoDate = (unix: number | null | undefined): string | null => iso(unix)?.slice(0, 10) ?? null;
const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.id);

function address(a: StripeAddress | null | undefined): Record<string, unknown> | null {
  if (!a || Object.values(a).every((v) => v == null || v === '')) return null;
  return {
    street: a.line1 ?? null,
    street2: a.line2 ?? null,
    city: a.city ?? null,
    state: a.state ?? null,
    postal_code: a.postal_code ?? null,
    country: a.country ?? null,
  };
}

function stripeAddress(a: unknown): StripeAddress | undefined {
  if (!a || typeof a !== 'object') return undefined;
  const u = a as Record<string, string | null | undefined>;
  const out = { line1: u.street, line2: u.street2, city: u.city, state: u.state, postal_code: u.postal_code, country: u.country };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v != null)) as StripeAddress;
}

/** Stripe metadata values are strings of at most 500 characters; other values are JSON-encoded. */
function metadata(fields: unknown): Record<string, string> | undefined {
  if (!fields || typeof fields !== 'object' || Object.keys(fields).length === 0) return undefined;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

export function customerToUnified(c: StripeCustomer): Record<string, unknown> {
  return {
    source_system: 'stripe',
    source_id: c.id,
    email: c.email ?? null,
    full_name: c.name || c.email || null,
    phone: c.phone || null,
    company: c.metadata?.company ?? null,
    billing_address: address(c.address),
    shipping_address: address(c.shipping?.address),
    tags: [],
    custom_fields: { ...(c.metadata ?? {}) },
    created_at: iso(c.created),
    raw_data: c,
  };
}

export function customerFromUnified(r: Record<string, unknown>): Record<string, unknown> {
  const shipping = stripeAddress(r.shipping_address);
  return {
    email: r.email ?? undefined,
    name: r.full_name ?? r.name ?? undefined,
    phone: r.phone ?? undefined,
    address: stripeAddress(r.billing_address),
    shipping: shipping && Object.keys(shipping).length > 0 ? { name: String(r.full_name ?? r.email ?? ''), address: shipping } : undefined,
    metadata: metadata(r.custom_fields),
  };
}

/** Stripe statuses → canonical: open is pending until its due date passes; uncollectible counts as overdue. */
function invoiceStatus(inv: StripeInvoice, now: number): string {
  switch (inv.status) {
    case 'paid':
      return 'paid';
    case 'void':
      return 'void';
    case 'uncollectible':
      return 'overdue';
    case 'open':
      return inv.due_date && inv.due_date * 1000 < now ? 'overdue' : 'pending';
    default:
      return 'draft';
  }
}

function lineToUnified(line: StripeLine, currency: string): Record<string, unknown> {
  const quantity = line.quantity ?? 1;
  const total = fromStripeAmount(line.amount, currency);
  const unitDecimal =
    line.pricing?.unit_amount_decimal ?? line.price?.unit_amount_decimal ?? (line.price?.unit_amount != null ? String(line.price.unit_amount) : null);
  let unit = unitDecimal != null ? fromStripeDecimal(unitDecimal, currency) : null;
  // Tiers, discounts or prorations make amount differ from unit × quantity; the line total is what was charged.
  if (unit === null || !new Dec(unit).mul(quantity).eq(total)) {
    unit = quantity > 0 ? new Dec(total).div(quantity).toDecimalPlaces(12).toFixed() : total;
  }
  return {
    source_id: line.id,
    description: line.description ?? null,
    quantity,
    unit_price: unit,
    total,
    product_id: idOf(line.price?.product ?? null) ?? line.pricing?.price_details?.product ?? null,
  };
}

export function invoiceToUnified(inv: StripeInvoice, now: number = Date.now()): Record<string, unknown> {
  const cur = inv.currency.toUpperCase();
  const subtotal = fromStripeAmount(inv.subtotal, cur);
  const total = fromStripeAmount(inv.total, cur);
  const discountMinor = (inv.total_discount_amounts ?? []).reduce((s, d) => s + d.amount, 0);
  const discount = fromStripeAmount(discountMinor, cur);
  // Exclusive tax is what total adds on top of the discounted subtotal; inclusive tax is already inside the lines.
  const tax = fromStripeAmount(inv.total - inv.subtotal + discountMinor, cur);
  return {
    source_system: 'stripe',
    source_id: inv.id,
    customer_id: idOf(inv.customer),
    invoice_number: inv.number ?? null,
    status: invoiceStatus(inv, now),
    currency: cur,
    subtotal,
    discount,
    tax,
    total,
    issue_date: isoDate(inv.status_transitions?.finalized_at ?? inv.created),
    due_date: isoDate(inv.due_date),
    paid_date: isoDate(inv.status_transitions?.paid_at),
    line_items: (inv.lines?.data ?? []).map((l) => lineToUnified(l, cur)),
    custom_fields: { ...(inv.metadata ?? {}) },
    created_at: iso(inv.created),
    raw_data: inv,
  };
}

/** The invoice body (POST /v1/invoices); lines go out as invoice items (see invoiceItemsFromUnified). */
export function invoiceFromUnified(r: Record<string, unknown>): Record<string, unknown> {
  const due = typeof r.due_date === 'string' ? Math.floor(Date.parse(`${r.due_date}T00:00:00Z`) / 1000) : undefined;
  return {
    customer: r.customer_id,
    currency: typeof r.currency === 'string' ? r.currency.toLowerCase() : undefined,
    collection_method: due ? 'send_invoice' : undefined,
    due_date: due,
    description: typeof r.description === 'string' ? r.description : undefined,
    metadata: metadata({ ...(r.custom_fields as object | undefined), ...(r.invoice_number ? { invoice_number: r.invoice_number } : {}) }),
  };
}

/** One POST /v1/invoiceitems body per canonical line, attached to the created invoice. */
export function invoiceItemsFromUnified(r: Record<string, unknown>, invoiceId: string, customerId: string): Array<Record<string, unknown>> {
  const currency = String(r.currency ?? 'usd');
  const lines = Array.isArray(r.line_items) ? (r.line_items as Array<Record<string, unknown>>) : [];
  return lines.map((line) => ({
    customer: customerId,
    invoice: invoiceId,
    currency: currency.toLowerCase(),
    description: line.description ?? undefined,
    amount: toStripeAmount(String(line.total), currency),
  }));
}
