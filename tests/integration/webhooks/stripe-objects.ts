/** Stripe customers and invoices built from stripe.oas.json (specObject), for the Stripe webhook tests. */
import { specObject, stripeAddress } from '../../helpers/stripe-spec';

export function customer(id: string, name: string, created = 1_700_000_000) {
  return specObject<{ id: string; created: number }>('customer', {
    id,
    object: 'customer',
    created,
    email: `${id}@example.com`,
    name,
    phone: '+49 30 1234567',
    description: null,
    address: stripeAddress('Unter den Linden 1', 'Berlin', 'DE'),
    shipping: specObject('shipping', { name, address: stripeAddress('Hafenstrasse 9', 'Hamburg', 'DE'), phone: null }),
    metadata: { company: 'Acme GmbH', tier: 'gold' },
    currency: 'eur',
    balance: 0,
    delinquent: false,
    invoice_prefix: 'ACME1',
  });
}

export function invoice(id: string, customerId: string, status: 'draft' | 'open' | 'paid' | 'void', paidAt: number | null = null) {
  return specObject<{ id: string; created: number }>('invoice', {
    id,
    object: 'invoice',
    customer: customerId,
    currency: 'eur',
    status,
    number: `INV-${id}`,
    created: 1_700_000_100,
    due_date: 4_100_000_000,
    subtotal: 12_000,
    total: 12_000,
    amount_due: 12_000,
    amount_paid: status === 'paid' ? 12_000 : 0,
    amount_remaining: status === 'paid' ? 0 : 12_000,
    paid: status === 'paid',
    metadata: { po: 'PO-7' },
    status_transitions: { finalized_at: 1_700_000_200, paid_at: paidAt, voided_at: null, marked_uncollectible_at: null },
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
  });
}
