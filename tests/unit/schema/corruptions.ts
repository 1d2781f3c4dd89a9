/** One way to break a valid record per entry: a name, the field path the rejection must name, and the change. */
export type Corruption = [name: string, path: string, apply: (r: Record<string, unknown>) => void];

export const CORRUPTIONS: Record<string, Corruption[]> = {
  customer: [
    [
      'bad email',
      'email',
      (r) => {
        r.email = 'ada.example.com';
      },
    ],
    [
      'empty full_name',
      'full_name',
      (r) => {
        r.full_name = '   ';
      },
    ],
    [
      'old name field only',
      'full_name',
      (r) => {
        r.name = r.full_name;
        delete r.full_name;
      },
    ],
    [
      'missing source_id',
      'source_id',
      (r) => {
        delete r.source_id;
      },
    ],
    [
      'country name instead of code',
      'billing_address.country',
      (r) => {
        r.billing_address = { country: 'United States' };
      },
    ],
    [
      'non-string tag',
      'tags[1]',
      (r) => {
        r.tags = ['ok', 7];
      },
    ],
    [
      'impossible date',
      'created_at',
      (r) => {
        r.created_at = '2026-13-01T00:00:00Z';
      },
    ],
  ],
  invoice: [
    [
      'total off by one minor unit',
      'total',
      (r) => {
        r.total = `${r.total as string}1`;
      },
    ],
    [
      'float amount',
      'tax',
      (r) => {
        r.tax = 0.1;
      },
    ],
    [
      'unknown currency',
      'currency',
      (r) => {
        r.currency = 'XYZ';
      },
    ],
    [
      'unknown status',
      'status',
      (r) => {
        r.status = 'open';
      },
    ],
    [
      'line total not quantity × unit_price',
      'line_items[0].total',
      (r) => {
        r.line_items = [{ quantity: 2, unit_price: '5', total: '11' }];
        r.subtotal = '11';
        r.discount = '0';
        r.tax = '0';
        r.total = '11';
      },
    ],
    [
      'lines do not sum to subtotal',
      'subtotal',
      (r) => {
        r.line_items = [{ quantity: 1, unit_price: '5', total: '5' }];
        r.subtotal = '6';
        r.discount = '0';
        r.tax = '0';
        r.total = '6';
      },
    ],
  ],
  event: [
    [
      'missing occurred_at',
      'occurred_at',
      (r) => {
        delete r.occurred_at;
      },
    ],
    [
      'payload not an object',
      'payload',
      (r) => {
        r.payload = 'x';
      },
    ],
  ],
  message: [
    [
      'numeric channel',
      'channel_id',
      (r) => {
        r.channel_id = 42;
      },
    ],
    [
      'date without zone',
      'sent_at',
      (r) => {
        r.sent_at = '2026-01-31T12:00:00';
      },
    ],
  ],
  ticket: [
    [
      'bad status_category',
      'status_category',
      (r) => {
        r.status_category = 'blocked';
      },
    ],
    [
      'empty title',
      'title',
      (r) => {
        r.title = '';
      },
    ],
  ],
  company: [
    [
      'empty name',
      'name',
      (r) => {
        r.name = ' ';
      },
    ],
    [
      'fractional headcount',
      'employee_count',
      (r) => {
        r.employee_count = 2.5;
      },
    ],
    [
      'revenue as a float',
      'annual_revenue',
      (r) => {
        r.annual_revenue = 1.5;
      },
    ],
  ],
};
