/**
 * The sandbox on DingTalk (FLOORWALKER_SANDBOX_PLATFORM=dingtalk) as a person uses it: the same
 * runtime as `npm start` in this process, the DingTalk emulator behind the bot's real DingTalk
 * client, Debian's Chromium. One server for the whole file: the header names 钉钉; /help typed in
 * the group goes out with "@现场管家" in front (DingTalk delivers only @-messages) and answers an
 * interactive template card; a chip's command answers; pressing a card button changes the card in
 * place (DingTalk: the card's params, no toast); a sample export sent in the 1:1 chat answers the
 * import preview, and 导入 imports it; a restart keeps the conversation and its cards. UPDATE_DOCS_SCREENSHOT=1 refreshes docs/sandbox-dingtalk.png.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, haveChromium, openPage, type BrowserPage } from '../helpers/chromium';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server';

const requireChromium = /^(1|true)$/i.test(process.env.CI ?? '');
if (!haveChromium && !requireChromium)
  console.warn(`SKIPPED the DingTalk sandbox browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const SHOTS = path.resolve('test-results/e2e');
const WAIT = { timeout: 20_000 };

describe.skipIf(!haveChromium && !requireChromium)('the sandbox console on DingTalk, in Chromium', () => {
  let server: SandboxServer;
  let browser: BrowserPage | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  const cardTitled = (title: string) =>
    page.locator('.msg.bot', { has: page.locator('.dt-card .card-title', { hasText: title }) }).last();
  const type = async (text: string) => {
    await page.fill('#composer', text);
    await page.press('#composer', 'Enter');
  };

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    server = await startSandboxServer({ platform: 'dingtalk' });
    browser = await openPage(server.url);
    ({ page, pageErrors } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.destroy();
  });

  it('says it runs DingTalk, and the demo team is set up with its roles (the supervisor by /setup)', async () => {
    await page.locator('#platform-badge', { hasText: '钉钉' }).waitFor(WAIT);
    expect(await page.locator('#auto-at-note').textContent()).toContain('钉钉群里只有 @机器人 的消息');
    // Seeding is over once 运营小张 has the role 王主管 gave him through /role.
    await page.locator('.person[data-person="运营小张"] .role', { hasText: '运营' }).waitFor({ timeout: 90_000 });
    expect(await page.locator('.person[data-person="王主管"] .role').textContent()).toBe('主管');
    expect(await page.locator('#chat-sub').textContent()).toContain('钉钉不告诉机器人群主是谁');
    const setup = await server.get('/state');
    expect(setup.platform.id).toBe('dingtalk');
    expect(setup.status).toEqual({ phase: 'ready', problems: [] });
  });

  it('/help typed in the group goes out @-ing the robot and answers an interactive card', async () => {
    await page.click('.person[data-person="王主管"]');
    await type('/help');
    await cardTitled('现场管家 · 你能用的命令').waitFor(WAIT);
    expect(await page.locator('.msg.me').last().textContent()).toContain('@现场管家 /help');
    // The card is DingTalk's: the template's params are there to read.
    expect(await cardTitled('现场管家 · 你能用的命令').locator('.dt-params summary').textContent()).toContain(
      'cardParamMap',
    );
  });

  it('a group message that does not @ the robot never reaches it, and the console says why', async () => {
    await type('大家下午好');
    await page
      .locator('#toast:not([hidden])', { hasText: '钉钉群里只有 @现场管家 的消息才会推给机器人' })
      .waitFor(WAIT);
    expect(await page.locator('.msg.me').last().textContent()).toContain('大家下午好');
  });

  it('a chip fills in its command, which answers', async () => {
    await page.click('#quick [data-q="/store list"]');
    expect(await page.locator('#composer').inputValue()).toBe('/store list');
    // The answer, not merely the next bot message: the sandbox's own demo (a surge suggestion from
    // its seeded consults, paced like any send into the group) may arrive in between.
    const answers = page.locator('.msg.bot', { hasText: '本组店铺（' });
    const before = await answers.count();
    await page.press('#composer', 'Enter');
    await answers.nth(before).waitFor(WAIT);
    expect(await answers.nth(before).textContent()).toContain('天猫旗舰店');
  });

  it('pressing a card button updates the card in place', async () => {
    const card = cardTitled('现场管家 · 你能用的命令');
    const id = await card.getAttribute('data-message-id');
    await card.getByRole('button', { name: '/store', exact: true }).click();
    await page.locator(`[data-message-id="${id}"] .card-title`, { hasText: '/store 的用法' }).waitFor(WAIT);
    await page.locator('#toast').waitFor({ state: 'hidden', ...WAIT });
    // The card pressed, not whatever a job posted meanwhile (the alert check runs every minute).
    await page.locator(`[data-message-id="${id}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await mkdir(SHOTS, { recursive: true });
    const file = path.join(SHOTS, 'sandbox-dingtalk.png');
    await page.screenshot({ path: file });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await copyFile(file, path.resolve('docs/sandbox-dingtalk.png'));
  });

  it('a sample export sent in the 1:1 chat answers the import preview; 导入 imports it', async () => {
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.click('.person[data-person="王主管"]');
    await page.click('.chat-item[data-view="p2p"]');
    await page.click('#samples [data-sample="飞鸽客服数据_2026-11-30.xlsx"]');
    await page.locator('.msg.me .file-chip', { hasText: '飞鸽客服数据_2026-11-30.xlsx' }).waitFor(WAIT);
    const preview = cardTitled('导入预览 · 飞鸽客服数据_2026-11-30.xlsx');
    await preview.waitFor(WAIT);
    expect(await preview.textContent()).toContain('抖音小店');
    await preview.getByRole('button', { name: '导入', exact: true }).click();
    await cardTitled('已导入 · 飞鸽客服数据_2026-11-30.xlsx').waitFor(WAIT);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click('.chat-item[data-view="group"]');
  });

  it('after a restart on the same data dir: the same conversation, and an old card still presses', async () => {
    const before = await server.get('/state');
    const help = before.messages.filter((m: { html: string }) => m.html.includes('/store 的用法')).at(-1);
    const boss = before.people.find((p: { name: string }) => p.name === '王主管');
    await server.stop();
    server = await startSandboxServer({ dir: server.dir, platform: 'dingtalk' });
    const after = await server.get('/state');
    expect(after.status).toEqual({ phase: 'ready', problems: [] });
    // The conversation is back as it was; the outbox may still have been sending when the state was
    // read (the import's answers), so what came after it may follow, but nothing before is lost.
    const ids = (r: { messages: { messageId: string }[] }) => r.messages.map((m) => m.messageId);
    expect(ids(after).slice(0, before.messages.length)).toEqual(ids(before));
    // The card's outTrackId is known again: 返回命令列表 turns it back into the list.
    const back = /data-value="([^"]+)"[^>]*>(?:<[^>]+>)*返回命令列表/.exec(help.html)![1]!.replace(/&quot;/g, '"');
    const r = await server.post('/click', {
      messageId: help.messageId,
      operatorOpenId: boss.openId,
      value: JSON.parse(back),
    });
    expect(r.body).toMatchObject({ ok: true, status: 200, cardUpdated: true });
    const now = (await server.get('/state')).messages.find(
      (m: { messageId: string }) => m.messageId === help.messageId,
    );
    expect(now.html).toContain('你能用的命令');
  });

  it('raised no errors in the page, and the bot broke no DingTalk rule', async () => {
    expect(pageErrors).toEqual([]);
    expect((await server.get('/state')).violations).toEqual([]);
  });
});
