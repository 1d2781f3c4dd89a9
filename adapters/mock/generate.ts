/** Deterministic fake records, generated on the fly from (seed, index): a million records cost no memory. */
export type MockModel = 'customers' | 'invoices';

export interface MockRecord {
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  [key: string]: unknown;
}

/** Base records' updated_at: BASE_TIME + index seconds, so an updated-since filter maps to an index directly. */
export const BASE_TIME = Date.parse('2025-01-01T00:00:00.000Z');
export const STEP_MS = 1000;

/** A 32-bit hash of the seed and a few integers (mulberry32 finaliser): the same inputs, the same record. */
export function hash(seed: number, ...parts: number[]): number {
  let h = seed >>> 0;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x9e3779b1) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seeded PRNG in [0, 1) for error injection and mutations. */
export function prng(seed: number): () => number {
  let n = 0;
  return () => hash(seed, 0x5eed, n++) / 2 ** 32;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Lee'];
const CITIES: Array<[string, string]> = [
  ['London', 'GB'],
  ['Paris', 'FR'],
  ['Tokyo', 'JP'],
  ['Austin', 'US'],
  ['Kuwait City', 'KW'],
];
const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD'];
const STATUSES = ['draft', 'open', 'paid', 'void'];

export const idFor = (model: MockModel, index: number): string => `${model === 'customers' ? 'cus' : 'inv'}_${index.toString().padStart(9, '0')}`;

export function indexOf(model: MockModel, id: string): number | undefined {
  const m = /^(cus|inv)_(\d{9})$/.exec(id);
  if (!m || (m[1] === 'cus') !== (model === 'customers')) return undefined;
  return Number(m[2]);
}

export function generate(model: MockModel, seed: number, index: number): MockRecord {
  const h = (k: number) => hash(seed, model === 'customers' ? 1 : 2, index, k);
  const at = new Date(BASE_TIME + index * STEP_MS).toISOString();
  const base = { id: idFor(model, index), version: 1, created_at: at, updated_at: at };
  if (model === 'customers') {
    const first = FIRST[h(1) % FIRST.length]!;
    const last = LAST[h(2) % LAST.length]!;
    const [city, country] = CITIES[h(3) % CITIES.length]!;
    return {
      ...base,
      name: `${first} ${last}`,
      email: `${first}.${last}.${index}@example.com`.toLowerCase(),
      phone: `+1 555 ${(h(4) % 10_000_000).toString().padStart(7, '0')}`,
      company: `${last} Ltd`,
      address: { line1: `${(h(5) % 999) + 1} Main Street`, city, postal_code: String(10_000 + (h(6) % 89_999)), country },
    };
  }
  const currency = CURRENCIES[h(1) % CURRENCIES.length]!;
  const lines = Array.from({ length: (h(2) % 3) + 1 }, (_, j) => {
    const quantity = (hash(seed, 3, index, j) % 5) + 1;
    const unit = ((hash(seed, 4, index, j) % 500) + 1) * (currency === 'KWD' ? 10 : currency === 'JPY' ? 100 : 1) * 10;
    return { id: `${idFor(model, index)}_l${j}`, description: `Item ${j + 1}`, quantity, unit_amount: unit, amount: unit * quantity };
  });
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const tax = currency === 'JPY' ? Math.round(subtotal / 10) : Math.round(subtotal / 100) * 10;
  return {
    ...base,
    customer_id: idFor('customers', h(3) % Math.max(1, index + 1)),
    number: `INV-${index + 1}`,
    status: STATUSES[h(4) % STATUSES.length],
    currency,
    lines,
    subtotal,
    tax,
    total: subtotal + tax,
    issued_on: at.slice(0, 10),
    due_on: new Date(BASE_TIME + index * STEP_MS + 30 * 86_400_000).toISOString().slice(0, 10),
  };
}
