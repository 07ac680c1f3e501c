/**
 * Browser test of the LWC preview: Debian's Chromium (driven by playwright-core) opens the page
 * built from the real priorCallContext component and checks what an agent sees for a returning
 * caller and for a first-time caller. Screenshots go to test-results/prior-call-context-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPreview } from '../../scripts/preview/build';
import { startPreviewServer, type PreviewServer } from '../../scripts/preview/server';

const ROOT = resolve(__dirname, '..', '..');
const RESULTS = join(ROOT, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('priorCallContext in a real browser (LWC OSS preview)', () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it with apt-get install chromium (as .ci/run does).`,
      );
    }
    mkdirSync(RESULTS, { recursive: true });
    await buildPreview();
    server = await startPreviewServer(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Building LWC OSS with the base components takes minutes on a loaded 2-core machine.
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const errors: string[] = [];
  beforeEach(() => {
    errors.length = 0;
    page.removeAllListeners('pageerror');
    page.on('pageerror', (e) => errors.push(e.message));
  });

  it('shows a returning caller: history, last agent, routed badge and open matter', async () => {
    await page.goto(`${server.url}/?caller=${encodeURIComponent('+14155550101')}`);
    const header = page.locator('[data-id="header"]');
    await header.waitFor({ timeout: 30_000 });

    expect((await header.innerText()).replace(/\s+/g, ' ').trim()).toBe(
      'Returning caller · 3 calls in 90 days · last handled by Ana Lopez, 2 days ago',
    );
    await expect(page.locator('[data-id="routed-badge"]').innerText()).resolves.toContain(
      'Routed to last agent',
    );
    await expect(page.locator('[data-id="open-reason"]').innerText()).resolves.toContain(
      'Replacement router not delivered',
    );
    const items = page.locator('[data-id="calls"] li');
    await expect(items.count()).resolves.toBe(3);
    await expect(items.nth(0).innerText()).resolves.toContain('Ana Lopez');
    await expect(items.nth(1).innerText()).resolves.toContain('Ben Okafor');
    await expect(items.nth(2).innerText()).resolves.toContain('Carla Rossi');
    await expect(page.locator('[data-id="calls"]').getAttribute('aria-label')).resolves.toBe(
      'Prior calls from +14155550101',
    );
    await page.screenshot({ path: join(RESULTS, 'prior-call-context-returning.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('saves this call reason through the component and keeps it', async () => {
    await page.goto(`${server.url}/?caller=${encodeURIComponent('+14155550101')}`);
    await page.locator('[data-id="header"]').waitFor({ timeout: 30_000 });
    await page.getByLabel('Reason for this call').fill('Router arrived, wrong model');
    await page.locator('[data-id="save"] button').click();
    await page
      .locator('[data-id="save-status"]', { hasText: 'Call reason saved.' })
      .waitFor({ timeout: 10_000 });
    const current = server.org.VoiceCall?.find(
      (c) => c.FromPhoneNumber === '+14155550101' && c.CallDisposition === 'in-progress',
    );
    expect(current?.Call_Reason__c).toBe('Router arrived, wrong model');
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a first-time caller the empty state', async () => {
    await page.goto(`${server.url}/?caller=${encodeURIComponent('+14155550199')}`);
    const header = page.locator('[data-id="header"]');
    await header.waitFor({ timeout: 30_000 });

    expect((await header.innerText()).replace(/\s+/g, ' ').trim()).toBe(
      'New caller · No calls in the last 90 days',
    );
    await expect(page.locator('[data-id="empty"]').innerText()).resolves.toContain(
      'First call from this number',
    );
    await expect(page.locator('[data-id="calls"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-id="routed-badge"]').count()).resolves.toBe(0);
    await page.screenshot({ path: join(RESULTS, 'prior-call-context-new-caller.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
