/**
 * Debian's Chromium driven by playwright-core, as the browser tests run it (`npx playwright install`
 * cannot work here): headless, no sandbox (root), no background networking (the closed network
 * refuses it), a fresh profile each time, and every page error kept for the test to check.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page, in order. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A zh-CN page (1440×900 unless said), at `url` when given. */
export async function openPage(
  url?: string,
  viewport: { width: number; height: number } = { width: 1440, height: 900 },
): Promise<BrowserPage> {
  const profile = await mkdtemp(path.join(tmpdir(), 'fw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport,
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  if (url) await page.goto(url);
  return {
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
