/**
 * `npm run bench -- schema [count]`: records/s for parseRecord on UnifiedCustomer records (default 100k),
 * plus invoices with line items for comparison. Inputs are built before timing; one warm-up pass runs first.
 */
import { performance } from 'node:perf_hooks';
import { fromMinorUnits, parseRecord, type ModelName } from '../schema';
import { plainCustomer } from './_schema-plain';

function customers(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    source_system: 'stripe',
    source_id: `cus_${i.toString(36).padStart(8, '0')}`,
    created_at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    email: `user${i}@example${i % 97}.com`,
    full_name: `Customer ${i}`,
    phone: i % 3 === 0 ? `+1 555 ${String(i).padStart(7, '0')}` : null,
    company: i % 5 === 0 ? `Company ${i % 1000}` : null,
    billing_address: { street: `${i} Main St`, city: 'Springfield', postal_code: '12345', country: 'US' },
    tags: i % 2 === 0 ? ['vip'] : [],
    custom_fields: { plan: i % 4 === 0 ? 'pro' : 'free' },
    raw_data: { id: `cus_${i}`, object: 'customer' },
  }));
}

function invoices(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const lines = [1, 2, 3].map((q) => ({ quantity: q, unit_price: fromMinorUnits(1999 + i, 'USD'), total: fromMinorUnits((1999 + i) * q, 'USD') }));
    const subtotal = (1999 + i) * 6;
    return {
      source_system: 'stripe',
      source_id: `in_${i}`,
      customer_id: `cus_${i}`,
      status: 'paid',
      currency: 'usd',
      subtotal: fromMinorUnits(subtotal, 'USD'),
      tax: fromMinorUnits(100, 'USD'),
      total: fromMinorUnits(subtotal + 100, 'USD'),
      issue_date: '2026-01-31',
      line_items: lines,
    };
  });
}

function measure(model: ModelName, inputs: Record<string, unknown>[], parse = (i: unknown) => parseRecord(model, i).ok): { perSecond: number; ms: number } {
  let failures = 0;
  const start = performance.now();
  for (const input of inputs) if (!parse(input)) failures++;
  const ms = performance.now() - start;
  if (failures > 0) throw new Error(`${failures} ${model} records failed to parse; the benchmark input is wrong`);
  return { perSecond: Math.round((inputs.length / ms) * 1000), ms };
}

export async function run(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 100_000);
  if (!Number.isInteger(count) || count <= 0) throw new Error('count: must be a positive integer, e.g. npm run bench -- schema 100000');
  const cust = customers(count);
  measure('customer', cust.slice(0, Math.min(count, 10_000))); // warm-up
  const heapBefore = process.memoryUsage().heapUsed;
  const c = measure('customer', cust);
  const inv = invoices(Math.max(1, Math.round(count / 10)));
  measure('invoice', inv.slice(0, 1000));
  const i = measure('invoice', inv);
  console.log(`node ${process.version}, zod 4`);
  console.log(`parseRecord customer: ${count} records in ${c.ms.toFixed(0)} ms = ${c.perSecond.toLocaleString('en-US')} records/s`);
  console.log(
    `parseRecord invoice (3 lines, decimal checks): ${inv.length} records in ${i.ms.toFixed(0)} ms = ${i.perSecond.toLocaleString('en-US')} records/s`,
  );
  console.log(`heap growth during customer parse: ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB`);
  sideBySide(cust);
}

/** parseRecord against plain zod on the same inputs, interleaved over five rounds so drift hits all alike; medians. */
function sideBySide(cust: Record<string, unknown>[]): void {
  const contenders = {
    parseRecord: (i: unknown) => parseRecord('customer', i).ok,
    'plain zod, passthrough (equivalent)': (i: unknown) => plainCustomer.passthrough.safeParse(i).success,
    'plain zod, strip (drops extras)': (i: unknown) => plainCustomer.strip.safeParse(i).success,
  };
  const rates = new Map<string, number[]>(Object.keys(contenders).map((k) => [k, []]));
  for (const [, parse] of Object.entries(contenders)) measure('customer', cust.slice(0, 10_000), parse); // warm-up
  for (let round = 0; round < 5; round++) {
    for (const [name, parse] of Object.entries(contenders)) rates.get(name)!.push(measure('customer', cust, parse).perSecond);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ours = median(rates.get('parseRecord')!);
  console.log(`\nside by side, ${cust.length} customers, median of 5 interleaved rounds:`);
  for (const [name, xs] of rates) {
    const m = median(xs);
    console.log(`  ${name.padEnd(36)} ${m.toLocaleString('en-US').padStart(9)} records/s   parseRecord/this ${(ours / m).toFixed(2)}x`);
  }
}
