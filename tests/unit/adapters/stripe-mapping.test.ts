import { parseRecord } from '../../../schema';
import { fromStripeAmount, fromStripeDecimal, toStripeAmount } from '../../../adapters/stripe/money';
import {
  customerFromUnified,
  customerToUnified,
  invoiceFromUnified,
  invoiceItemsFromUnified,
  invoiceToUnified,
  type StripeInvoice,
} from '../../../adapters/stripe/mapping';

test("zero-, two- and three-decimal currencies, and Stripe's two-decimal ISK", () => {
  expect(fromStripeAmount(1500, 'jpy')).toBe('1500');
  expect(fromStripeAmount(1234, 'usd')).toBe('12.34');
  expect(fromStripeAmount(1230, 'kwd')).toBe('1.230');
  expect(fromStripeAmount(50000, 'isk')).toBe('500');
  expect(toStripeAmount('1500', 'JPY')).toBe(1500);
  expect(toStripeAmount('12.34', 'USD')).toBe(1234);
  expect(toStripeAmount('500', 'ISK')).toBe(50000);
  expect(() => toStripeAmount('12.345', 'USD')).toThrow();
  expect(fromStripeDecimal('1234.5', 'usd')).toBe('12.345');
  expect(fromStripeDecimal('150', 'jpy')).toBe('150');
  expect(fromStripeDecimal('0.5', 'usd')).toBe('0.005');
});

const invoice: StripeInvoice = {
  id: 'in_1',
  object: 'invoice',
  customer: 'cus_1',
  number: 'A-1',
  status: 'open',
  currency: 'usd',
  created: 1767225600,
  due_date: 1769904000,
  subtotal: 3000,
  total: 2970,
  total_discount_amounts: [{ amount: 300 }],
  status_transitions: { finalized_at: 1767225600, paid_at: null },
  lines: {
    has_more: false,
    data: [
      {
        id: 'il_1',
        amount: 2000,
        currency: 'usd',
        quantity: 2,
        description: 'Seat',
        price: { unit_amount: 1000, unit_amount_decimal: '1000', product: 'prod_1' },
      },
      { id: 'il_2', amount: 1000, currency: 'usd', quantity: 3, description: 'Tiered', price: { unit_amount: null, unit_amount_decimal: null } },
    ],
  },
};

test('a Stripe invoice with a discount, tax and odd line pricing maps to a valid UnifiedInvoice', () => {
  const unified = invoiceToUnified(invoice, Date.parse('2026-01-15T00:00:00Z'));
  expect(unified).toMatchObject({
    status: 'pending',
    currency: 'USD',
    subtotal: '30.00',
    discount: '3.00',
    tax: '2.70',
    total: '29.70',
    issue_date: '2026-01-01',
    due_date: '2026-02-01',
    paid_date: null,
    line_items: [
      { quantity: 2, unit_price: '10', total: '20.00', product_id: 'prod_1' },
      { quantity: 3, total: '10.00' },
    ],
  });
  const parsed = parseRecord('invoice', unified);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  expect(invoiceToUnified(invoice, Date.parse('2026-03-01T00:00:00Z')).status).toBe('overdue');
  expect(invoiceToUnified({ ...invoice, status: 'uncollectible' }).status).toBe('overdue');
  expect(invoiceToUnified({ ...invoice, status: 'paid', status_transitions: { paid_at: 1767312000 } })).toMatchObject({
    status: 'paid',
    paid_date: '2026-01-02',
  });
  expect(
    invoiceToUnified({
      ...invoice,
      currency: 'jpy',
      subtotal: 3000,
      total: 2700,
      total_discount_amounts: [{ amount: 300 }],
      lines: { data: [{ id: 'l', amount: 3000, currency: 'jpy' }] },
    }),
  ).toMatchObject({ subtotal: '3000', total: '2700', tax: '0', discount: '300' });
});

test('invoices and their lines go out as form fields Stripe understands', () => {
  const unified = invoiceToUnified(invoice);
  expect(invoiceFromUnified(unified)).toMatchObject({
    customer: 'cus_1',
    currency: 'usd',
    collection_method: 'send_invoice',
    due_date: 1769904000,
    metadata: { invoice_number: 'A-1' },
  });
  expect(invoiceItemsFromUnified(unified, 'in_9', 'cus_1')).toEqual([
    { customer: 'cus_1', invoice: 'in_9', currency: 'usd', description: 'Seat', amount: 2000 },
    { customer: 'cus_1', invoice: 'in_9', currency: 'usd', description: 'Tiered', amount: 1000 },
  ]);
});

test('customers round-trip through the canonical model', () => {
  const raw = {
    id: 'cus_1',
    object: 'customer' as const,
    created: 1767225600,
    email: 'ada@example.com',
    name: 'Ada',
    phone: '+1',
    address: { line1: '1 St', city: 'X', country: 'US' },
    shipping: { name: 'Ada', address: { line1: '2 St', country: 'US' } },
    metadata: { company: 'Analytical' },
  };
  const unified = customerToUnified(raw);
  expect(parseRecord('customer', unified)).toMatchObject({ ok: true });
  expect(unified).toMatchObject({ full_name: 'Ada', company: 'Analytical', shipping_address: { street: '2 St' } });
  expect(customerFromUnified(unified)).toMatchObject({
    email: 'ada@example.com',
    name: 'Ada',
    address: { line1: '1 St', city: 'X', country: 'US' },
    shipping: { address: { line1: '2 St' } },
    metadata: { company: 'Analytical' },
  });
  expect(customerToUnified({ id: 'cus_2', object: 'customer', email: null, name: null }).full_name).toBeNull();
});
