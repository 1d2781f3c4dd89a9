import fc from 'fast-check';
import { MODEL_NAMES, formatIssues, parseRecord } from '../../../schema';
import { ARBITRARIES } from './arbitraries';
import { CORRUPTIONS } from './corruptions';

const RUNS = { numRuns: 150 };

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
