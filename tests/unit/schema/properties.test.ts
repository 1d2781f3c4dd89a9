import fc from 'fast-check';
import {
  CURRENT_VERSION,
  MODEL_NAMES,
  SCHEMA_VERSIONS,
  downgradeRecord,
  formatIssues,
  migrateRecord,
  parseRecord,
  schemaFor,
  serialize,
  upgradeRecord,
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
