import { randomUUID } from 'node:crypto';
import { startMockApi, type MockApi } from '../../../adapters/mock';
import { launchBrowser, type TestBrowser } from '../../helpers/browser';
import { startConsoleStack, type ConsoleStack } from '../../helpers/console-stack';

const SCRIPT = '<script>window.__pwned = 1</script>';

// One browser for the whole file: Chromium takes seconds to start on a shared 2-core machine.
describe('admin console in real Chromium on the real stack: configs, sync, schedule, isolation', () => {
  let stack: ConsoleStack;
  let browser: TestBrowser;
  let api: MockApi;
  let demo: { id: string; token: string };
  let configId: string;

  beforeAll(async () => {
    [stack, browser, api] = await Promise.all([startConsoleStack(), launchBrowser(), startMockApi({ records: 4000, seed: 3 })]);
    demo = await stack.user(`demo+${randomUUID().slice(0, 8)}@example.com`);
    // third-party content: one record whose name is markup, one that fails validation and is quarantined
    for (const body of [
      { name: SCRIPT, email: 'ok.person@example.com' },
      { name: SCRIPT, email: SCRIPT },
    ]) {
      await fetch(`${api.url}/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await stack?.close();
  });

  it('signs in as the demo user with a dev token URL; unauthenticated pages redirect to sign-in', async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/console/configs`);
    expect(page.url()).toContain('/console/login');
    await browser.screenshot('login');
    await page.goto(`${stack.url}/console/login?token=${demo.token}`);
    expect(new URL(page.url()).pathname).toBe('/console/configs');
    expect(page.url()).not.toContain('token='); // the token left the address bar
    await expect(page.locator('[data-user]').textContent()).resolves.toContain('demo+');
    await page.goto(`${stack.url}/console/connectors`);
    await expect(page.locator('[data-connector="mock"]').textContent()).resolves.toContain('customer');
    await browser.screenshot('connectors');
  });

  it('creates a mock config through the generated form, showing per-field errors first', async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/console/configs/new?connector=mock`);
    await page.fill('input[name="config.baseUrl"]', 'not a url');
    await page.fill('input[name="config.retries"]', '99');
    await page.click('button[type="submit"]:has-text("Create config")');
    await expect(page.locator('[data-field-error="name"]').textContent()).resolves.toContain('must not be empty');
    await expect(page.locator('[data-field-error="config.baseUrl"]').textContent()).resolves.toContain('fake API URL');
    await expect(page.locator('[data-field-error="config.retries"]').textContent()).resolves.toMatch(/10/);
    expect(await page.inputValue('input[name="config.baseUrl"]')).toBe('not a url'); // the values are kept
    await browser.screenshot('new-config-errors');

    await page.fill('input[name="name"]', `shop-${randomUUID().slice(0, 6)}`);
    await page.fill('input[name="config.baseUrl"]', api.url);
    await page.fill('input[name="config.retries"]', '2');
    await page.click('button[type="submit"]:has-text("Create config")');
    await page.waitForURL(/\/console\/configs\/[0-9a-f-]{36}\?done=created/);
    configId = /configs\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const row = await stack.db.query<{ user_id: string; config: { retries: number } }>('select user_id, config from public.connector_configs where id = $1', [
      configId,
    ]);
    expect(row.rows[0]).toMatchObject({ user_id: demo.id, config: { baseUrl: api.url, retries: 2 } });
  });

  it('starts a sync with "Sync now" and watches live progress reach completed', async () => {
    const { page } = browser;
    await page.click('button:has-text("Sync now")');
    await page.waitForURL(/done=sync/);
    const phases = new Set<string>();
    for (let i = 0; i < 240; i++) {
      const phase = await page
        .locator('#progress [data-phase]')
        .getAttribute('data-phase')
        .catch(() => null);
      if (phase) phases.add(phase);
      if (phase === 'completed') break;
      await page.waitForTimeout(250);
    }
    expect(phases).toContain('completed');
    expect([...phases].some((p) => p === 'starting' || p === 'syncing')).toBe(true); // it was seen live first
    await page.waitForSelector('table[data-section="runs"] .badge-completed');
    // 4,002 customers (one quarantined) and 4,000 invoices
    await expect(page.locator('#progress [data-field="records"]').textContent()).resolves.toBe(String(4001 + 4000));
    const link = await page.locator('[data-temporal-link]').getAttribute('href');
    expect(decodeURIComponent(link!)).toContain(`query=ConfigId="${configId}"`);
    await browser.screenshot('config');
  });

  it('shows a record field holding <script> as text (quarantine and records), never as markup', async () => {
    const { page } = browser;
    const quarantine = page.locator('table[data-section="quarantine"]');
    await expect(quarantine.textContent()).resolves.toContain(SCRIPT);
    await expect(quarantine.locator('ul.reasons code').first().textContent()).resolves.toBe('email');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    const raw = await (await fetch(`${stack.url}/console/configs/${configId}`, { headers: { authorization: `Bearer ${demo.token}` } })).text();
    expect(raw).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(raw).not.toContain(SCRIPT);
  });

  it('creates a schedule and pauses it', async () => {
    const { page } = browser;
    await page.fill('input[name="every"]', 'soon');
    await page.click('button:has-text("Create schedule")');
    await expect(page.locator('[data-field-error="every"]').textContent()).resolves.toContain('30s, 15m, 1h');
    await page.fill('input[name="every"]', '1h');
    await page.click('button:has-text("Create schedule")');
    await page.waitForSelector('[data-schedule-state="active"]');
    await page.click('button:has-text("Pause")');
    await page.waitForSelector('[data-schedule-state="paused"]');
    const described = await stack.client.schedule.getHandle(`sync-schedule:${configId}`).describe();
    expect(described.state.paused).toBe(true);
    await page.goto(`${stack.url}/console/configs`);
    await expect(page.locator(`tr[data-config-id="${configId}"]`).textContent()).resolves.toContain('paused');
    await browser.screenshot('configs');
  });

  it("isolates users: B sees none of A's configs and gets 404 on A's config URL", async () => {
    const b = await stack.user();
    const { page } = browser;
    await page.goto(`${stack.url}/console/login?token=${b.token}`);
    await expect(page.locator('[data-user]').textContent()).resolves.toContain(b.id.slice(0, 8));
    expect(await page.locator('tr[data-config-id]').count()).toBe(0);
    await expect(page.locator('main').textContent()).resolves.toContain('No configs yet');
    const res = await page.goto(`${stack.url}/console/configs/${configId}`);
    expect(res!.status()).toBe(404);
    expect(await page.content()).not.toContain(api.url);
    for (const path of [`/console/configs/${configId}/progress`]) {
      expect((await page.goto(`${stack.url}${path}`))!.status()).toBe(404);
    }
    await page.goto(`${stack.url}/console/webhooks`);
    expect(await page.locator('tr[data-webhook-id]').count()).toBe(0);
    expect(await page.locator('tr[data-event-id]').count()).toBe(0);
  });
});
