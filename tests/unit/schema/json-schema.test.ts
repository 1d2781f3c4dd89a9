import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { MODEL_NAMES, parseRecord, serialize } from '../../../schema';
import { buildJsonSchemaFiles, modelJsonSchema } from '../../../schema/json-schema';
import { exportJsonSchemas, staleFiles } from '../../../scripts/export-json-schema';
import { ARBITRARIES } from './arbitraries';

describe('JSON Schema export', () => {
  it('the committed schema/json matches the models (else run npm run schema:export)', () => {
    expect(staleFiles()).toEqual([]);
  });

  it('writes every file and reports missing, changed and leftover files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-json-'));
    try {
      expect(staleFiles(dir).every(([, problem]) => problem === 'missing')).toBe(true);
      const written = exportJsonSchemas(dir);
      expect(written).toEqual(expect.arrayContaining(['customer.json', 'customer-1.0.0.json', 'customer-2.0.0.json', 'invoice.json', 'index.json']));
      expect(staleFiles(dir)).toEqual([]);
      writeFileSync(join(dir, 'invoice.json'), '{}\n');
      writeFileSync(join(dir, 'order.json'), '{}\n');
      expect(staleFiles(dir)).toEqual([
        ['invoice.json', 'out of date'],
        ['order.json', 'no longer generated'],
      ]);
      exportJsonSchemas(dir);
      expect(staleFiles(dir)).toEqual([]);
      const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
      expect(index.models.customer.current).toBe('2.0.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes each version: customer 2.0.0 requires full_name, 1.x requires name; extras allowed', () => {
    const v2 = modelJsonSchema('customer');
    const v1 = modelJsonSchema('customer', '1.0.0');
    expect(v2).toMatchObject({ 'x-model': 'customer', 'x-schema-version': '2.0.0', additionalProperties: {} });
    expect(v2.required).toEqual(expect.arrayContaining(['source_system', 'source_id', 'email', 'full_name']));
    expect(v1.required).toContain('name');
    expect((v1.properties as Record<string, unknown>).phone).toBeUndefined();
    expect(modelJsonSchema('invoice')['x-checks']).toHaveLength(4);
    expect(() => modelJsonSchema('customer', '0.1.0')).toThrow(/no version "0.1.0"/);
    expect(buildJsonSchemaFiles().size).toBe(MODEL_NAMES.length * 2 + 2 + 1); // current + each version + 2 older customer versions + index
  });

  it.each(MODEL_NAMES)('%s: every record parseRecord accepts also validates against the exported JSON Schema', (model) => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, '../../../schema/json', `${model}.json`), 'utf8')));
    fc.assert(
      fc.property(ARBITRARIES[model], (input) => {
        const parsed = parseRecord(model, input);
        if (!parsed.ok) throw new Error('generator made an invalid record');
        const record = JSON.parse(JSON.stringify(serialize(parsed.value as Record<string, unknown>)));
        if (!validate(record)) throw new Error(ajv.errorsText(validate.errors));
      }),
      { numRuns: 60 },
    );
  });

  it('the CLI exits 1 naming stale files, and 0 once exported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-cli-'));
    const root = join(__dirname, '../../..');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export-json-schema.ts', ...args, '--dir', dir], { cwd: root, encoding: 'utf8' });
    try {
      const stale = cli('--check');
      expect(stale.status).toBe(1);
      expect(stale.stderr).toMatch(/customer\.json: missing/);
      expect(stale.stderr).toMatch(/run `npm run schema:export`/);
      expect(cli().stdout).toMatch(/wrote 15 files/);
      const fresh = cli('--check');
      expect([fresh.status, fresh.stdout]).toEqual([0, expect.stringMatching(/is up to date/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
