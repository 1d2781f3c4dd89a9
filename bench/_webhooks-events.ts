import { createHmac } from 'node:crypto';

/** Unique, officially shaped Stripe customer.updated events (full object in data.object, as Stripe sends them). */
export class StripeEventFactory {
  private n = 0;
  constructor(
    private readonly secret: string,
    private readonly tag: string,
    private readonly customers = 1000,
  ) {}

  next(): { body: string; signature: string } {
    const n = ++this.n;
    const created = Math.floor(Date.now() / 1000);
    const cus = `cus_${this.tag}_${n % this.customers}`;
    const event = {
      id: `evt_${this.tag}_${n}`,
      object: 'event',
      api_version: '2024-04-10',
      created,
      sequence: n,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'customer.updated',
      data: {
        object: {
          id: cus,
          object: 'customer',
          created: created - 3600,
          email: `${cus}@example.com`,
          name: `Customer ${n}`,
          phone: null,
          description: null,
          currency: 'usd',
          balance: 0,
          delinquent: false,
          livemode: false,
          metadata: {},
          address: null,
          shipping: null,
          invoice_prefix: 'ABC123',
          preferred_locales: [],
          tax_exempt: 'none',
          invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
        },
        previous_attributes: { name: `Customer ${n - 1}` },
      },
    };
    const body = JSON.stringify(event);
    // exactly what stripe.webhooks.generateTestHeaderString produces (the unit tests prove the equivalence)
    const v1 = createHmac('sha256', this.secret).update(`${created}.${body}`).digest('hex');
    return { body, signature: `t=${created},v1=${v1}` };
  }
}
