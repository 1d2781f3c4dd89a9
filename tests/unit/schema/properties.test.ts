import fc from 'fast-check';
import {
  CURRENT_VERSION, MODEL_NAMES, SCHEMA_VERSIONS, downgradeRecord, formatIssues, migrateRecord, parseRecord, schemaFor, serialize, upgradeRecord,
} from '../../../schema';
import { ARBITRARIES, customerV1_0_0, customerV1_1_0 } from './arbitraries';

const roundTripJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const RUNS = { numRuns: 150 };

describe('every valid record', () => {
  it.each(MODEL_NAMES)('%s: parses, and its serialised form round-trips through JSON unchanged', (model) => {
    fc.assert(
      fc.property(ARBITRARIES[model], (input) => {
        const first = parseRecord(model, input);
        if (!first.ok) throw new Error(formatIssues(first.issues));
        const stored = serialize(first.value as Record<string, unknown>);
        expect(stored).not.toHaveProperty('raw_data');
        const again = parseRecord(model, roundTripJson(stored));
        expect(again.ok && serialize(again.value as Record<string, unknown>)).toEqual(roundTripJson(stored));
        // Unknown extras survive.
        for (const key of Object.keys(input).filter((k) => k.startsWith('x_'))) expect(stored).toHaveProperty([key], input[key]);
      }),
      RUNS,
    );
  });

  it.each(MODEL_NAMES)('%s: goes down to every older version and back up unchanged (where nothing was added since)', (model) => {
    fc.assert(
      fc.property(ARBITRARIES[model], (input) => {
        const parsed = parseRecord(model, input);
        if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
        const current = roundTripJson(serialize(parsed.value as Record<string, unknown>));
        for (const { version } of SCHEMA_VERSIONS[model]) {
          const old = downgradeRecord(model, version, current);
          expect(schemaFor(model, version).safeParse(old).success).toBe(true);
          const back = parseRecord(model, roundTripJson(old), { version });
          if (!back.ok) throw new Error(formatIssues(back.issues));
          const expected = { ...current };
          // phone was added in customer 1.1.0, so a trip through 1.0.0 loses it, as it must.
          if (model === 'customer' && version === '1.0.0') delete expected.phone;
          expect(serialize(back.value as Record<string, unknown>)).toEqual(expected);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('stored customers of older versions', () => {
  it.each([
    ['1.0.0', customerV1_0_0],
    ['1.1.0', customerV1_1_0],
  ] as const)('%s records are valid at their version and upgrade to valid current records', (version, arb) => {
    fc.assert(
      fc.property(arb, (input) => {
        expect(schemaFor('customer', version).safeParse(input).success).toBe(true);
        const upgraded = upgradeRecord('customer', version, roundTripJson(input));
        expect(upgraded).not.toHaveProperty('name');
        const parsed = parseRecord('customer', upgraded);
        if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
        expect(parsed.value.full_name).toBe((input.name as string).trim());
        expect(parsed.value.phone ?? null).toBe((input.phone as string | null | undefined)?.trim() ?? null);
        const json = roundTripJson(input); // JSON turns -0 into 0, as any store would
        for (const key of Object.keys(json).filter((k) => k.startsWith('x_'))) expect(parsed.value).toHaveProperty([key], json[key]);
        // Stepwise equals direct: 1.0.0 → 1.1.0 → 2.0.0 is the same as 1.0.0 → 2.0.0.
        if (version === '1.0.0') {
          const stepped = migrateRecord('customer', '1.1.0', '2.0.0', migrateRecord('customer', '1.0.0', '1.1.0', json));
          expect(stepped).toEqual(upgradeRecord('customer', '1.0.0', json));
          expect(stepped).not.toHaveProperty('name');
        }
        expect(CURRENT_VERSION.customer).toBe('2.0.0');
      }),
      RUNS,
    );
  });
});

type Corruption = [name: string, path: string, apply: (r: Record<string, unknown>) => void];

const CORRUPTIONS: Record<string, Corruption[]> = {
  customer: [
    ['bad email', 'email', (r) => { r.email = 'ada.example.com'; }],
    ['empty full_name', 'full_name', (r) => { r.full_name = '   '; }],
    ['old name field only', 'full_name', (r) => { r.name = r.full_name; delete r.full_name; }],
    ['missing source_id', 'source_id', (r) => { delete r.source_id; }],
    ['country name instead of code', 'billing_address.country', (r) => { r.billing_address = { country: 'United States' }; }],
    ['non-string tag', 'tags[1]', (r) => { r.tags = ['ok', 7]; }],
    ['impossible date', 'created_at', (r) => { r.created_at = '2026-13-01T00:00:00Z'; }],
  ],
  invoice: [
    ['total off by one minor unit', 'total', (r) => { r.total = `${r.total as string}1`; }],
    ['float amount', 'tax', (r) => { r.tax = 0.1; }],
    ['unknown currency', 'currency', (r) => { r.currency = 'XYZ'; }],
    ['unknown status', 'status', (r) => { r.status = 'open'; }],
    ['line total not quantity × unit_price', 'line_items[0].total', (r) => {
      r.line_items = [{ quantity: 2, unit_price: '5', total: '11' }];
      r.subtotal = '11'; r.discount = '0'; r.tax = '0'; r.total = '11';
    }],
    ['lines do not sum to subtotal', 'subtotal', (r) => {
      r.line_items = [{ quantity: 1, unit_price: '5', total: '5' }];
      r.subtotal = '6'; r.discount = '0'; r.tax = '0'; r.total = '6';
    }],
  ],
  event: [['missing occurred_at', 'occurred_at', (r) => { delete r.occurred_at; }], ['payload not an object', 'payload', (r) => { r.payload = 'x'; }]],
  message: [['numeric channel', 'channel_id', (r) => { r.channel_id = 42; }], ['date without zone', 'sent_at', (r) => { r.sent_at = '2026-01-31T12:00:00'; }]],
  ticket: [['bad status_category', 'status_category', (r) => { r.status_category = 'blocked'; }], ['empty title', 'title', (r) => { r.title = ''; }]],
  company: [['empty name', 'name', (r) => { r.name = ' '; }], ['fractional headcount', 'employee_count', (r) => { r.employee_count = 2.5; }], ['revenue as a float', 'annual_revenue', (r) => { r.annual_revenue = 1.5; }]],
};

describe('invalid inputs are rejected with field paths', () => {
  it.each(MODEL_NAMES)('%s', (model) => {
    const corruptions = CORRUPTIONS[model]!;
    fc.assert(
      fc.property(ARBITRARIES[model], fc.nat(corruptions.length - 1), (input, pick) => {
        const [name, path, apply] = corruptions[pick]!;
        const record = structuredClone(input);
        apply(record);
        const result = parseRecord(model, record);
        if (result.ok) throw new Error(`${name}: accepted`);
        expect(result.issues.map((i) => i.path)).toContain(path);
        const reason = formatIssues(result.issues);
        expect(reason).not.toMatch(/\n/);
        expect(reason).toContain(`${path}: `);
      }),
      RUNS,
    );
  });

  it('parseRecord never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODEL_NAMES), fc.anything(), (model, input) => {
        const result = parseRecord(model, input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
