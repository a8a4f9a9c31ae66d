/**
 * The emulator and the bot's own webhook agree on the wire: events the emulator signs and encrypts
 * (node:crypto) pass the webhook's checks (Web Crypto), and the bot learns who it is from the
 * emulator through the SDK. This is the path the sandbox takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, card, interactive } from '../../src/cards/card';
import type { Chat, User } from '../../src/emulator/feishu';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { BOT_OPEN_ID, ENCRYPT_KEY, VERIFICATION_TOKEN, webhookHarness, type WebhookHarness } from '../helpers/webhook';

let feishu: FakeFeishu;
let bot: WebhookHarness;
let chat: Chat;
let boss: User;

beforeAll(async () => {
  feishu = await startFakeFeishu({
    app: { appId: 'cli_a0000000000000aa', appSecret: 'test-secret', encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN },
    // The members' tenant must know the bot by the id the bot's own Open API (the harness's) reports.
    bot: { openId: BOT_OPEN_ID },
  });
  bot = await webhookHarness();
  feishu.emulator.setWebhook((req) => bot.app.fetch(req));
  ({ chat, users: [boss] } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管'] }));
});
afterAll(async () => {
  await bot.close();
  await feishu.close();
});

describe('emulator → webhook', () => {
  it('passes the URL challenge', async () => {
    expect(await feishu.emulator.verifyUrl()).toMatchObject({ ok: true, status: 200 });
  });

  it('delivers a member message that the webhook accepts and records once, even when re-delivered', async () => {
    const r = await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: '@floorwalker /help' });
    expect(r.status).toBe(200);
    await feishu.emulator.deliverEvent(r.event);
    await bot.deps.settle();
    const rows = (await bot.inbound()).filter((row) => row.id === `msg:${r.message.messageId}`);
    expect(rows).toHaveLength(1);
    expect(bot.feishu.emulator.calls({ path: '/bot/v3/info' })).toHaveLength(1);
    expect(feishu.emulator.violations()).toEqual([]);
  });

  it('delivers a button press that the webhook answers within the budget', async () => {
    const { messageId } = await feishu.platform.send(
      { chatId: chat.chatId },
      interactive(card({ title: '测试', elements: [button({ text: '好', value: { action: 'noop' } })] })),
      'card-1',
    );
    const r = await feishu.emulator.clickButton({ messageId, operatorOpenId: boss.openId, buttonText: '好' });
    expect(r.status).toBe(200);
    expect(r.delivery.elapsedMs).toBeLessThan(3000);
    await bot.deps.settle();
    expect((await bot.inbound()).some((row) => row.id === `evt:${r.event.header.event_id}`)).toBe(true);
  });
});
