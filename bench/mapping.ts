import jsonata from 'jsonata';
import { compileMapping } from '../mapping/compile';
import type { MappingInput } from '../mapping/format';
import { helpers } from '../mapping/transforms';
import { compiledInvoice, handWrittenInvoice, invoices } from './_mapping-invoice';

/** A Stripe customer → UnifiedCustomer mapping, three ways: compiled rules, hand-written JS, JSONata. */
const mapping: MappingInput = {
  model: 'customer',
  source_system: 'stripe',
  resource: 'customer',
  rules: [
    { target: 'source_id', source: { path: 'id' } },
    { target: 'email', source: { path: 'email' }, transforms: [{ op: 'trim' }, { op: 'lower' }] },
    { target: 'full_name', source: { path: 'name' }, transforms: [{ op: 'trim' }] },
    { target: 'phone', source: { path: 'phone' }, transforms: [{ op: 'trim' }] },
    { target: 'billing_address.street', source: { path: 'address.line1' }, transforms: [{ op: 'trim' }] },
    { target: 'billing_address.city', source: { path: 'address.city' }, transforms: [{ op: 'trim' }] },
    { target: 'billing_address.postal_code', source: { path: 'address.postal_code' }, transforms: [{ op: 'trim' }] },
    { target: 'billing_address.country', source: { path: 'address.country' }, transforms: [{ op: 'trim' }, { op: 'upper' }] },
    { target: 'created_at', source: { path: 'created' }, transforms: [{ op: 'unix_to_iso' }] },
  ],
};

type Raw = {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  created: number;
  address: { line1: string; city: string; postal_code: string; country: string } | null;
};

function handWritten(r: Raw): Record<string, unknown> {
  const out: Record<string, unknown> = { source_system: 'stripe', source_id: String(r.id) };
  if (r.email != null) out.email = r.email.trim().toLowerCase();
  if (r.name != null) out.full_name = r.name.trim();
  if (r.phone != null) out.phone = r.phone.trim();
  if (r.address) {
    out.billing_address = {
      street: r.address.line1?.trim(),
      city: r.address.city?.trim(),
      postal_code: r.address.postal_code?.trim(),
      country: r.address.country?.trim().toUpperCase(),
    };
  }
  if (r.created != null) out.created_at = helpers.unixIso(r.created);
  return out;
}

const JSONATA = `{
  "source_system": "stripe", "source_id": $string(id), "email": $lowercase($trim(email)), "full_name": $trim(name),
  "phone": phone ? $trim(phone),
  "billing_address": address ? { "street": $trim(address.line1), "city": $trim(address.city),
    "postal_code": $trim(address.postal_code), "country": $uppercase($trim(address.country)) },
  "created_at": $fromMillis(created * 1000)
}`;

function records(n: number): Raw[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `cus_${i}`,
    email: ` User${i}@Example.com `,
    name: `Customer ${i} `,
    phone: i % 3 ? `+1555000${i}` : null,
    created: 1_700_000_000 + i,
    address: i % 5 ? { line1: `${i} Main St`, city: 'Springfield', postal_code: '12345', country: 'us' } : null,
  }));
}

function time(label: string, n: number, fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  const rate = n / secs;
  console.log(`${label.padEnd(28)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} records/s  (${(secs * 1000).toFixed(0)} ms)`);
  return rate;
}

export async function run(args: string[]): Promise<void> {
  const n = Number(args[0] ?? 100_000);
  const data = records(n);
  const compiled = compileMapping(mapping);
  // same output, checked before timing
  const a = JSON.stringify(compiled(data[1])),
    b = JSON.stringify(handWritten(data[1]!));
  if (a !== b) throw new Error(`compiled and hand-written disagree:\n${a}\n${b}`);
  const expr = jsonata(JSONATA);
  let sink = 0;
  for (let warm = 0; warm < 2; warm++) for (const r of data) sink += Object.keys(compiled(r)).length + Object.keys(handWritten(r)).length;
  console.log(`mapping benchmark: Stripe customer → UnifiedCustomer, ${n.toLocaleString('en-US')} records, node ${process.version}`);
  const hand = time('hand-written JS', n, () => {
    for (const r of data) sink += Object.keys(handWritten(r)).length;
  });
  const comp = time('compiled mapping', n, () => {
    for (const r of data) sink += Object.keys(compiled(r)).length;
  });
  const jn = Math.min(n, 20_000);
  const t = process.hrtime.bigint();
  for (let i = 0; i < jn; i++) sink += Object.keys((await expr.evaluate(data[i])) as object).length;
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(
    `${'JSONata (first ' + jn.toLocaleString('en-US') + ')'.padEnd(8)}`.padEnd(28) +
      ` ${Math.round(jn / secs)
        .toLocaleString('en-US')
        .padStart(12)} records/s  (${(secs * 1000).toFixed(0)} ms)`,
  );
  console.log(`compiled / hand-written = ${(comp / hand).toFixed(2)}× (target ≥ 0.5×)${sink < 0 ? '' : ''}`);

  // invoices with an element predicate, MS-JSON dates, a status lookup and three line items each
  const m = Math.max(1, Math.floor(n / 4));
  const inv = invoices(m);
  const ci = compiledInvoice();
  const x = JSON.stringify(ci(inv[1])),
    y = JSON.stringify(handWrittenInvoice(inv[1]!));
  if (x !== y) throw new Error(`compiled and hand-written invoices disagree:\n${x}\n${y}`);
  for (let warm = 0; warm < 2; warm++) for (const r of inv) sink += Object.keys(ci(r)).length + Object.keys(handWrittenInvoice(r)).length;
  console.log(`\ninvoices with a [PhoneType=DEFAULT] predicate and 3 line items each, ${m.toLocaleString('en-US')} records`);
  const ih = time('hand-written JS', m, () => {
    for (const r of inv) sink += Object.keys(handWrittenInvoice(r)).length;
  });
  const ic = time('compiled mapping', m, () => {
    for (const r of inv) sink += Object.keys(ci(r)).length;
  });
  console.log(`compiled / hand-written = ${(ic / ih).toFixed(2)}× (target ≥ 0.5×)`);
}
