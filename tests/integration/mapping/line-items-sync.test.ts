import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { buildActivityDeps } from '../../../app/activity-deps';
import { startSync } from '../../../client/sync';
import { loadEnv } from '../../../config/env';
import { parseStored } from '../../../schema';
import { getMapping } from '../../../store/mapping-store';
import { decideMappingUpdate, mappingStateQuery, mappingWorkflow, type MappingState } from '../../../workflows/mapping';
import type { SyncSummary } from '../../../contracts/sync';
import { testDb } from '../../helpers/db';
import { createTestConfig, testCredentials } from '../../helpers/fixtures';
import { testClient, withWorker } from '../../helpers/temporal';

const SPEC = join(__dirname, '../../fixtures/specs/ledger-invoices.yaml');
const INVOICES = 5;
const STATUSES = ['AUTHORISED', 'PAID', 'DRAFT', 'VOIDED', 'SUBMITTED'];

/** One invoice as the Ledger API of the spec serves it: PascalCase, MS-JSON dates, two lines. */
function invoice(i: number) {
  const lines = [
    { LineItemID: `l${i}a`, Description: `Consulting ${i}`, Quantity: 2, UnitAmount: 10.5, TaxAmount: 2.1, LineAmount: 21 },
    { LineItemID: `l${i}b`, Description: 'Licence', Quantity: 1, UnitAmount: 99.99, TaxAmount: 10, LineAmount: 99.99 },
  ];
  return {
    InvoiceID: `inv-${i}`,
    InvoiceNumber: `INV-${1000 + i}`,
    Contact: { ContactID: `c-${i % 2}`, Name: 'Ada' },
    Status: STATUSES[i % STATUSES.length],
    SubTotal: 120.99,
    TotalTax: 12.1,
    Total: 133.09,
    CurrencyCode: 'usd',
    Date: `/Date(${Date.UTC(2024, 0, 2 + i)}+0000)/`,
    DueDate: '2024-02-01',
    FullyPaidOnDate: i % STATUSES.length === 1 ? `/Date(${Date.UTC(2024, 1, 3)}+0000)/` : null,
    UpdatedDateUTC: `/Date(${Date.UTC(2024, 0, 5)}+0000)/`,
    LineItems: lines,
  };
}

/** GET /companies/acme/invoices?page=N&pageSize=M → { Invoices, errors: [], PageNumber } */
function startLedgerApi(): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname + url.search);
    if (url.pathname !== '/companies/acme/invoices') {
      res.writeHead(404).end();
      return;
    }
    const page = Number(url.searchParams.get('page') ?? 1);
    const size = Number(url.searchParams.get('pageSize') ?? 100);
    const all = Array.from({ length: INVOICES }, (_, i) => invoice(i));
    const body = { Invoices: all.slice((page - 1) * size, page * size), errors: [], PageNumber: page };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server });
    }),
  );
}

async function awaitDraft(client: Client, taskQueue: string, sourceSystem: string) {
  const handle = await client.workflow.start(mappingWorkflow, {
    workflowId: `mapping:${randomUUID()}`,
    taskQueue,
    args: [{ specPath: SPEC, model: 'invoice', resource: 'invoices', sourceSystem }],
  });
  let state: MappingState | undefined;
  for (let i = 0; i < 300 && state?.phase !== 'awaiting-approval'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    state = await handle.query(mappingStateQuery);
  }
  expect(state?.phase).toBe('awaiting-approval');
  return { handle, state: state! };
}

test('a mapping generated from a templated-path spec with line items is approved and syncs invoices with their lines', async () => {
  const db = testDb(4);
  const api = await startLedgerApi();
  const credentials = testCredentials();
  const { client, connection } = await testClient();
  try {
    await withWorker(buildActivityDeps(db, loadEnv(), credentials), async ({ taskQueue }) => {
      const { handle, state } = await awaitDraft(client, taskQueue, `ledger-${randomUUID().slice(0, 8)}`);
      const rules = Object.fromEntries(state.mapping!.rules.map((r) => [r.target, r]));
      expect(rules['line_items[].quantity']?.source).toEqual({ path: 'LineItems[].Quantity' });
      expect(rules['line_items[].unit_price']?.source).toEqual({ path: 'LineItems[].UnitAmount' });
      expect(rules.source_id?.source).toEqual({ path: 'InvoiceID' }); // the id in its GET path, not Contact.ContactID
      // synthesized samples exercise every rule; only the invoice's cross-field sums can fail on made-up amounts
      expect(state.report!.samples).toBeGreaterThan(0);
      expect(state.report!.fieldFailures.map((f) => f.field).filter((f) => !/^(subtotal|total|line_items\[\d+\]\.total)$/.test(f))).toEqual([]);

      const decided = await handle.executeUpdate(decideMappingUpdate, { args: [{ decision: 'approve', by: 'ada' }] });
      expect(decided.phase).toBe('approved');
      expect(await getMapping(db, state.mappingId!)).toMatchObject({ status: 'approved', isActive: true });

      const resource = {
        list_path: '/companies/acme/invoices',
        items_path: 'Invoices',
        pagination: { style: 'page' },
        page_size_param: 'pageSize',
        mapping_id: state.mappingId,
      };
      const { configId } = await createTestConfig(db, { connector: 'mapped', credentials, config: { base_url: api.url, resources: { invoice: resource } } });
      const started = await startSync(client, taskQueue, configId, { mode: 'full', models: ['invoice'], pageSize: 2 });
      const summary = (await client.workflow.getHandle(started.workflowId).result()) as SyncSummary;
      expect(summary.status).toBe('completed');
      expect(summary.counts.invoice).toMatchObject({ records: INVOICES, quarantined: 0 });
      expect(api.requests.filter((r) => r.startsWith('/companies/acme/invoices'))).toHaveLength(3);

      const rows = await db.query<{ source_id: string; data: Record<string, unknown> }>(
        `select source_id, data from public.unified_records where config_id = $1 and model = 'invoice' order by source_id`,
        [configId],
      );
      expect(rows.rows.map((r) => r.source_id)).toEqual(['inv-0', 'inv-1', 'inv-2', 'inv-3', 'inv-4']);
      for (const row of rows.rows) expect(parseStored('invoice', row as never)).toMatchObject({ ok: true });
      expect(rows.rows.map((r) => r.data.status)).toEqual(['pending', 'paid', 'draft', 'void', 'pending']);
      expect(rows.rows[1]!.data).toMatchObject({
        source_id: 'inv-1',
        customer_id: 'c-1',
        invoice_number: 'INV-1001',
        currency: 'USD',
        subtotal: '120.99',
        tax: '12.1',
        total: '133.09',
        issue_date: '2024-01-03',
        due_date: '2024-02-01',
        paid_date: '2024-02-03',
        line_items: [
          { description: 'Consulting 1', quantity: 2, unit_price: '10.5', total: '21' },
          { description: 'Licence', quantity: 1, unit_price: '99.99', total: '99.99' },
        ],
      });
    });
  } finally {
    await connection.close();
    api.server.closeAllConnections();
    api.server.close();
    await db.close();
  }
}, 90_000);
