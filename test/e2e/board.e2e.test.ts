/**
 * The floor board as the office screen shows it: `npm start`'s runtime (PGlite, the sandbox, its
 * demo team) in this process and Debian's Chromium driven by playwright-core. Refused without the
 * token; opened from the console's link; an anomaly reported in the sandbox appears within 2 s;
 * one column on a phone. Screenshots go to test-results/e2e/; UPDATE_DOCS_SCREENSHOT=1 also
 * refreshes docs/board.png for the README.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxIds } from '../../src/sandbox/team';
import { CHROMIUM, haveChromium, openPage, type BrowserPage } from '../helpers/chromium';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server';
import { waitFor } from '../helpers/wait';

const requireChromium = /^(1|true)$/i.test(process.env.CI ?? '');
if (!haveChromium && !requireChromium)
  console.warn(`SKIPPED the board browser test (test/e2e/board.e2e.test.ts): no Chromium at ${CHROMIUM}.`);

const SHOTS = path.resolve('test-results/e2e');
const WAIT = { timeout: 15_000 };

describe.skipIf(!haveChromium && !requireChromium)('the floor board in Chromium', () => {
  let server: SandboxServer;
  let browser: BrowserPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startSandboxServer();
    await waitFor('the demo team', async () => (await server.get('/state')).status?.phase === 'ready', {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    // The office screen's size.
    browser = await openPage(undefined, { width: 1920, height: 1080 });
    ({ page, pageErrors } = browser);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.destroy();
  });

  it('refuses the board without its token, or with a wrong one', async () => {
    for (const q of ['', '?t=' + 'A'.repeat(32)]) {
      const res = await page.goto(`${server.url}/board/1${q}`);
      expect(res?.status()).toBe(401);
      await page.locator('#refused', { hasText: '这个链接无效或已失效' }).waitFor(WAIT);
      expect(await page.locator('.panel').count()).toBe(0);
    }
  });

  it('opens from the console’s link with the token, live, with the demo team’s panels', async () => {
    await page.goto(server.url);
    const href = await page.locator('#board-link').getAttribute('href');
    expect(href).toBe('/sandbox/board');
    await page.goto(server.url + href);
    expect(page.url()).toMatch(/\/board\/\d+\?t=[A-Za-z0-9_-]{32}$/);
    await page.locator('#live', { hasText: '实时' }).waitFor(WAIT);
    for (const key of ['duty', 'anomaly', 'alert', 'inspection', 'kpi'])
      await page.locator(`.panel[data-key="${key}"]`).waitFor(WAIT);
    expect(await page.locator('#team').textContent()).toBe('客服一组');
    // 40 store tiles at most in the demo: the alert panel draws one per store.
    expect(await page.locator('.panel[data-key="alert"] .tile').count()).toBeGreaterThanOrEqual(4);
  });

  it('shows an anomaly reported in the sandbox within 2 s, with the countdown to the phone call', async () => {
    const anomalies = page.locator('.panel[data-key="anomaly"] .row-title', { hasText: '抖音小店' });
    expect(await anomalies.count()).toBe(0);
    const t0 = Date.now();
    const sent = await server.post('/send', {
      chatId: sandboxIds.groupChatId,
      senderOpenId: sandboxIds.person('小王').openId,
      text: '@现场管家 /anomaly 抖音小店 直播间价格标错成 1 元',
    });
    expect(sent.status).toBe(200);
    await anomalies.first().waitFor({ timeout: 5_000 });
    const took = Date.now() - t0;
    expect(took).toBeLessThan(2_000);
    const row = page.locator('.panel[data-key="anomaly"] .row', { hasText: '抖音小店' });
    expect(await row.locator('.cd-label').textContent()).toContain('电话');
    expect(await row.locator('.cd-time').textContent()).toMatch(/^[45]:\d\d$/);
    await mkdir(SHOTS, { recursive: true });
    await page.waitForTimeout(800); // VChart draws after the panels
    const file = path.join(SHOTS, 'board.png');
    await page.screenshot({ path: file });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await copyFile(file, path.resolve('docs/board.png'));
  });

  it('draws the hourly volume with VChart, and lays out one column on a phone', async () => {
    await page.locator('.chart[data-drawn="vchart"]').first().waitFor(WAIT);
    await page.setViewportSize({ width: 390, height: 844 });
    const columns = await page
      .locator('#panels')
      .evaluate((e) => getComputedStyle(e).gridTemplateColumns.split(' ').length);
    expect(columns).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'board-phone.png'), fullPage: false });
    expect(pageErrors).toEqual([]);
  });

  it('reconnects by itself when the bot restarts, and goes on showing changes', async () => {
    const port = Number(new URL(server.url).port);
    await server.stop();
    await page.locator('#live', { hasText: '重连' }).waitFor(WAIT);
    server = await startSandboxServer({ dir: server.dir, port });
    await page.locator('#live', { hasText: '实时' }).waitFor({ timeout: 30_000 });
    await server.post('/send', {
      chatId: sandboxIds.groupChatId,
      senderOpenId: sandboxIds.person('小王').openId,
      text: '@现场管家 /anomaly 京东自营店 重启后上报的异常',
    });
    await page.locator('.panel[data-key="anomaly"] .row', { hasText: '重启后上报的异常' }).waitFor({ timeout: 5_000 });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
