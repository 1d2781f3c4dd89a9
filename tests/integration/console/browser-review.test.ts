import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { genericScheme } from '../../../adapters/core/webhook';
import { WebhookEndpointStore } from '../../../store/webhook-endpoint-store';
import { mappingStateQuery, mappingWorkflow, type MappingState } from '../../../workflows/mapping';
import { launchBrowser, type TestBrowser } from '../../helpers/browser';
import { startConsoleStack, type ConsoleStack } from '../../helpers/console-stack';
import { createTestConfig } from '../../helpers/fixtures';

const HUBSPOT = join(__dirname, '../../../node_modules/@opensdks/sdk-hubspot/hubspot_crm_contacts.oas.json');
const SCRIPT = '<script>window.__pwned = 1</script>';

describe('admin console in real Chromium on the real stack: webhooks and mapping review', () => {
  let stack: ConsoleStack;
  let browser: TestBrowser;
  let api: MockApi;
  let configId: string;

  beforeAll(async () => {
    [stack, browser, api] = await Promise.all([startConsoleStack(), launchBrowser(), startMockApi({ records: 5 })]);
    const demo = await stack.user(`demo+${randomUUID().slice(0, 8)}@example.com`);
    ({ configId } = await createTestConfig(stack.db, { connector: 'mock', config: { baseUrl: api.url }, userId: demo.id, credentials: stack.credentials }));
    await browser.page.goto(`${stack.url}/console/login?token=${demo.token}`);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await stack?.close();
  });

  it('creates a webhook endpoint and rotates its secret, showing the new one once', async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/console/webhooks`);
    await page.selectOption('select[name="configId"]', configId);
    await page.click('button:has-text("Create endpoint")');
    const first = await page.locator('[data-new-secret]').textContent();
    const hookId = await page.locator('tr[data-webhook-id]').first().getAttribute('data-webhook-id');
    await page.click(`tr[data-webhook-id="${hookId}"] button:has-text("Rotate secret")`);
    const rotated = await page.locator('[data-new-secret]').textContent();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(first);
    const stored = await new WebhookEndpointStore(stack.db, stack.credentials).getSecrets(hookId!, 'test');
    expect(stored).toEqual({ current: rotated, previous: first });
    await page.goto(`${stack.url}/console/webhooks`);
    expect(await page.content()).not.toContain(rotated!); // shown once: never again

    // a delivery signed with the new secret is accepted, stored, processed, listed with its status, and replayed
    const path = (await page.locator(`tr[data-webhook-id="${hookId}"] code`).textContent())!.split('/webhooks/')[1]!;
    const eventId = `evt_${randomUUID()}`;
    const body = JSON.stringify({ id: eventId, type: 'customer.updated', data: { object: { id: 'cus_000000001', name: SCRIPT } } });
    const res = await fetch(`${stack.url}/webhooks/${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...genericScheme.sign({ rawBody: Buffer.from(body), secret: rotated! }) },
    });
    expect(res.status).toBe(200);
    let status: string | null = null;
    for (let i = 0; i < 60 && (!status || status === 'received' || status === 'processing'); i++) {
      await page.waitForTimeout(500);
      await page.goto(`${stack.url}/console/webhooks`);
      status = await page
        .locator(`tr[data-event-id="${eventId}"] .badge`)
        .textContent()
        .catch(() => null);
    }
    expect(['applied', 'failed', 'ignored']).toContain(status);
    await browser.screenshot('webhooks');
    await page.click(`tr[data-event-id="${eventId}"] button:has-text("Replay")`);
    const row = await stack.db.query<{ id: string }>('select id from public.webhook_events where event_id = $1', [eventId]);
    await expect(page.locator('.banner-flash').textContent()).resolves.toContain(`webhook-event:${row.rows[0]!.id}`);
    await stack.client.workflow.getHandle(`webhook-event:${row.rows[0]!.id}`).result();
  });

  it('approves a generated mapping after editing a rule, and the waiting workflow completes', async () => {
    const id = randomUUID();
    const handle = await stack.client.workflow.start(mappingWorkflow, {
      workflowId: `mapping:${id}`,
      taskQueue: stack.taskQueue,
      args: [{ specPath: HUBSPOT, model: 'customer', sourceSystem: `hs-${id.slice(0, 8)}` }],
    });
    let state: MappingState | undefined;
    for (let i = 0; i < 200 && state?.phase !== 'awaiting-approval'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await handle.query(mappingStateQuery);
    }
    const { page } = browser;
    await page.goto(`${stack.url}/console/mappings/${id}`);
    await expect(page.locator('[data-mapping-phase]').getAttribute('data-mapping-phase')).resolves.toBe('awaiting-approval');
    expect(await page.locator('button:has-text("Approve")').count()).toBe(0); // a user cannot make a shared mapping live
    await page.goto(`${stack.url}/console/login?token=${await stack.operatorToken()}`);
    await page.goto(`${stack.url}/console/mappings`);
    await page.click(`tr[data-mapping-id="${id}"] a`);
    await expect(page.locator('.sample').count()).resolves.toBeGreaterThan(0);
    const emailRow = page.locator('tr[data-rule="email"]');
    await emailRow.locator('input[name="transforms"]').fill('[{"op":"shout"}]');
    await emailRow.locator('button:has-text("Save rule")').click();
    await expect(page.locator('tr[data-rule="email"] [data-field-error="transforms"]').textContent()).resolves.toContain('transforms');
    await page.locator('tr[data-rule="email"] input[name="transforms"]').fill('[{"op":"trim"},{"op":"lower"}]');
    await page.locator('tr[data-rule="email"] button:has-text("Save rule")').click();
    await page.waitForURL(/done=edited/);
    await browser.screenshot('mapping');
    await page.click('button:has-text("Approve")');
    await page.waitForURL(/done=approved/);
    await expect(page.locator('[data-mapping-phase]').getAttribute('data-mapping-phase')).resolves.toBe('approved');
    const result = await handle.result();
    expect(result.phase).toBe('approved');
    expect(result.mapping!.rules.find((r) => r.target === 'email')!.transforms.map((t) => t.op)).toEqual(['trim', 'lower']);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });
});
