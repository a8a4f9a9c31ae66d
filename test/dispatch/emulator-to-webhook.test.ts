/**
 * The emulator and the bot's own webhook agree on the wire: events the emulator signs and encrypts
 * (node:crypto) pass the webhook's checks (Web Crypto), and the bot learns who it is from the
 * emulator through the SDK. This is the path the sandbox takes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { button, card, interactive } from '../../src/cards/card';
import { ManualClock } from '../../src/clock';
import { FeishuEmulator, type Chat, type EmulatorOptions, type User } from '../../src/emulator/feishu';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { BOT_OPEN_ID, ENCRYPT_KEY, VERIFICATION_TOKEN, webhookHarness, type WebhookHarness } from '../helpers/webhook';

let feishu: FakeFeishu;
let bot: WebhookHarness;
let chat: Chat;
let boss: User;

beforeAll(async () => {
  feishu = await startFakeFeishu({
    app: {
      appId: 'cli_a0000000000000aa',
      appSecret: 'test-secret',
      encryptKey: ENCRYPT_KEY,
      verificationToken: VERIFICATION_TOKEN,
    },
    // The members' tenant must know the bot by the id the bot's own Open API (the harness's) reports.
    bot: { openId: BOT_OPEN_ID },
  });
  bot = await webhookHarness();
  feishu.emulator.setWebhook((req) => bot.app.fetch(req));
  ({
    chat,
    users: [boss],
  } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管'] }));
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
    const r = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: boss.openId,
      text: '@floorwalker /help',
    });
    expect(r.status).toBe(200);
    await feishu.emulator.deliverEvent(r.event);
    await bot.deps.settle();
    const rows = (await bot.inbound()).filter((row) => row.id === `msg:${r.message.messageId}`);
    expect(rows).toHaveLength(1);
    expect(bot.feishu.emulator.calls({ path: '/bot/v3/info' })).toHaveLength(1);
    expect(feishu.emulator.violations()).toEqual([]);
  });

  it('delivers a button press that the webhook answers', async () => {
    const { messageId } = await feishu.platform.send(
      { chatId: chat.chatId },
      interactive(card({ title: '测试', elements: [button({ text: '好', value: { action: 'noop' } })] })),
      'card-1',
    );
    const r = await feishu.emulator.clickButton({ messageId, operatorOpenId: boss.openId, buttonText: '好' });
    expect(r.status).toBe(200);
    await bot.deps.settle();
    expect((await bot.inbound()).some((row) => row.id === `evt:${r.event.header.event_id}`)).toBe(true);
  });
});

/**
 * Feishu's answer budget, kept in the sandbox (wall clock) and off by default in tests
 * (startFakeFeishu): here it is timed on a ManualClock that the webhook moves, so the test says
 * exactly how long the answer took, whatever the machine's load.
 */
describe('the emulator’s answer budget (3 s per event, 1 s for the URL check)', () => {
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.000Z'));
  clock.freeze();
  let takesMs = 0;
  const answering = async (req: Request) => {
    const body = (await req.json()) as { challenge?: string };
    clock.advance(takesMs);
    return Response.json(body.challenge ? { challenge: body.challenge } : {});
  };
  const tenant = (answerBudget: EmulatorOptions['answerBudget']) => {
    // No Encrypt Key: the webhook above reads the challenge in plain JSON.
    const emulator = new FeishuEmulator({ app: { encryptKey: '' }, answerBudget, webhook: answering });
    const member = emulator.addUser({ name: '王主管' });
    const group = emulator.addChat({ name: '客服一组', memberOpenIds: [member.openId] });
    const say = () => emulator.emitMessage({ chatId: group.chatId, senderOpenId: member.openId, text: '/help' });
    return { emulator, say };
  };

  it('records an event answered after 3 s of its clock as too slow, and one within 3 s not', async () => {
    const { emulator, say } = tenant(clock);
    takesMs = 3000;
    expect((await say()).status).toBe(200);
    expect(emulator.violations()).toEqual([]);
    takesMs = 3001;
    await say();
    expect(emulator.violations()).toMatchObject([
      {
        rule: 'answer_too_slow',
        path: '(webhook) im.message.receive_v1',
        detail: 'answered in 3001 ms, over the 3000 ms budget',
      },
    ]);
  });

  it('gives the URL check 1 s', async () => {
    const { emulator } = tenant(clock);
    takesMs = 1000;
    expect(await emulator.verifyUrl()).toMatchObject({ ok: true });
    takesMs = 1001;
    await emulator.verifyUrl();
    expect(emulator.violations().map((v) => [v.rule, v.path])).toEqual([
      ['answer_too_slow', '(webhook) url_verification'],
    ]);
  });

  it('times on the wall clock by default (the sandbox), not at all when off (startFakeFeishu’s default)', async () => {
    takesMs = 0;
    const fake = await startFakeFeishu();
    const member = fake.emulator.addUser({ name: '李组长' });
    const group = fake.emulator.addChat({ name: '二组', memberOpenIds: [member.openId] });
    fake.emulator.setWebhook(answering);
    const wall = new FeishuEmulator({ app: { encryptKey: '' }, webhook: answering });
    const wallMember = wall.addUser({ name: '王主管' });
    const wallGroup = wall.addChat({ name: '一组', memberOpenIds: [wallMember.openId] });
    // A machine so slow that every look at the wall clock finds 10 s gone.
    let t = 0;
    const slow = vi.spyOn(performance, 'now').mockImplementation(() => (t += 10_000));
    try {
      await wall.emitMessage({ chatId: wallGroup.chatId, senderOpenId: wallMember.openId, text: '/help' });
      await fake.emulator.emitMessage({ chatId: group.chatId, senderOpenId: member.openId, text: '/help' });
    } finally {
      slow.mockRestore();
      await fake.close();
    }
    expect(wall.violations().map((v) => v.rule)).toEqual(['answer_too_slow']);
    expect(fake.emulator.deliveries()).toHaveLength(1);
    expect(fake.emulator.violations()).toEqual([]);
  });
});
