/**
 * The emulator's retention (EmulatorOptions.retain), for long runs such as the soak bench: it keeps
 * the newest messages and log entries only, a forgotten message answers as a deleted one does, and
 * nothing about the bot's calls to one crashes the tenant.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { card, interactive, markdown } from '../../src/cards/card';
import { PlatformError } from '../../src/port/platform';
import type { Chat, User } from '../../src/emulator/feishu';
import { FeishuEmulator } from '../../src/emulator/feishu';
import { RateLimiter } from '../../src/emulator/rate-limiter';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

let feishu: FakeFeishu;
let chat: Chat;
let agent: User;
const clock = new ManualClock(new Date('2024-05-01T09:00:00+08:00'));

beforeAll(async () => {
  clock.freeze();
  feishu = await startFakeFeishu({ clock, retain: { messages: 3, log: 4 } });
  ({
    chat,
    users: [, agent],
  } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '李客服'] }));
});
afterAll(() => feishu.close());

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });
const aCard = (t: string) => interactive(card({ title: t, elements: [markdown(t)] }));
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: unknown) => (e instanceof PlatformError ? e.code : -1),
  );

async function getMessage(messageId: string): Promise<{ code: number }> {
  const auth = await fetch(`${feishu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: feishu.emulator.app.appId, app_secret: feishu.emulator.app.appSecret }),
  });
  const { tenant_access_token: token } = (await auth.json()) as { tenant_access_token: string };
  const res = await fetch(`${feishu.url}/open-apis/im/v1/messages/${messageId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await res.json()) as { code: number };
}

describe('retain: {messages}', () => {
  let oldCard: string;
  let kept: string[];

  beforeAll(async () => {
    ({ messageId: oldCard } = await feishu.platform.send({ chatId: chat.chatId }, aCard('旧卡片'), 'old-card'));
    clock.advance(1000);
    kept = [];
    for (let i = 0; i < 3; i++) {
      kept.push((await feishu.platform.send({ chatId: chat.chatId }, text(`#${i}`), `new-${i}`)).messageId);
      clock.advance(1000); // within the 5 QPS per chat
    }
  });

  it('keeps only the newest messages, in posting order', () => {
    expect(feishu.emulator.messages().map((m) => m.messageId)).toEqual(kept);
    expect(feishu.emulator.message(oldCard)).toBeUndefined();
  });

  it('a forgotten message answers as an unknown one: GET, reply, patch and buzz get 230001', async () => {
    expect((await getMessage(oldCard)).code).toBe(230001);
    expect((await getMessage(kept[2]!)).code).toBe(0);
    expect(await codeOf(feishu.platform.reply(oldCard, text('回复'), 'r'))).toBe(230001);
    expect(await codeOf(feishu.platform.patchCard(oldCard, card({ title: '新', elements: [] })))).toBe(230001);
    expect(await codeOf(feishu.platform.urgent(oldCard, 'app', [agent.openId]))).toBe(230001);
    clock.advance(1000);
    // The tenant goes on: a new send still works.
    expect(await codeOf(feishu.platform.send({ chatId: chat.chatId }, text('还在'), 'still'))).toBe(0);
  });

  it("a forgotten message's uuid no longer de-duplicates: the same uuid posts anew", async () => {
    clock.advance(1000);
    const again = await feishu.platform.send({ chatId: chat.chatId }, aCard('旧卡片'), 'old-card');
    expect(again.messageId).not.toBe(oldCard);
    expect(feishu.emulator.message(again.messageId)).toBeDefined();
  });

  it('members’ messages count too', async () => {
    const sent = await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: agent.openId, text: '你好' });
    expect(feishu.emulator.messages()).toHaveLength(3);
    expect(feishu.emulator.messages().at(-1)!.messageId).toBe(sent.message.messageId);
  });
});

describe('retain: {log}', () => {
  it('keeps the newest entries of the call, buzz and violation logs', async () => {
    clock.advance(1000);
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, aCard('加急'), 'buzz-card');
    for (let i = 0; i < 6; i++) await feishu.platform.urgent(messageId, 'app', [agent.openId]);
    for (let i = 0; i < 6; i++) await codeOf(feishu.platform.urgent(`om_gone_${i}`, 'app', [agent.openId]));
    const urgent = feishu.emulator.urgentCalls();
    expect(urgent).toHaveLength(4);
    expect(urgent.every((c) => c.messageId.startsWith('om_gone_'))).toBe(true);
    expect(urgent.at(-1)!.messageId).toBe('om_gone_5');
    const calls = feishu.emulator.calls();
    expect(calls).toHaveLength(4);
    // seq keeps counting across what was forgotten.
    expect(calls.map((c) => c.seq)).toEqual([0, 1, 2, 3].map((d) => calls[0]!.seq + d));
    expect(calls[0]!.seq).toBeGreaterThan(10);
    expect(feishu.emulator.violations().length).toBeLessThanOrEqual(4);
  });

  it('keeps the newest deliveries (events POSTed to the bot)', async () => {
    const bot = await startFakeFeishu({ retain: { log: 2 } });
    try {
      const { chat: group, users } = seedGroup(bot.emulator, { name: '二组', members: ['赵'] });
      bot.emulator.setWebhook(() => new Response('{}'));
      for (let i = 0; i < 5; i++) {
        await bot.emulator.emitMessage({ chatId: group.chatId, senderOpenId: users[0].openId, text: `#${i}` });
      }
      expect(bot.emulator.deliveries()).toHaveLength(2);
    } finally {
      await bot.close();
    }
  });
});

describe('defaults and limits', () => {
  it('keeps everything unless told', async () => {
    const own = new ManualClock(new Date('2024-05-01T09:00:00+08:00'));
    own.freeze();
    const all = await startFakeFeishu({ clock: own });
    try {
      const { chat: group } = seedGroup(all.emulator, { name: '三组', members: ['钱'] });
      for (let i = 0; i < 8; i++) {
        await all.platform.send({ chatId: group.chatId }, text(`#${i}`), `k-${i}`);
        own.advance(1000);
      }
      expect(all.emulator.messages()).toHaveLength(8);
    } finally {
      await all.close();
    }
  });

  it('refuses a retention that is not a positive integer', () => {
    expect(() => new FeishuEmulator({ retain: { messages: 0 } })).toThrow(/retain.messages/);
    expect(() => new FeishuEmulator({ retain: { log: 1.5 } })).toThrow(/retain.log/);
  });

  it('the rate limiter drops keys with no hit left in any window (one per card ever patched)', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 999; i++) expect(limiter.take(`message:om_${i}`, 5, 1000, 0)).toBe(0);
    expect(limiter.size).toBe(999);
    expect(limiter.take('chat:oc_1', 5, 1000, 5000)).toBe(0); // the 1000th take sweeps
    expect(limiter.size).toBe(1);
    // A key still inside its window is kept and still limits.
    for (let i = 0; i < 5; i++) limiter.take('message:om_hot', 5, 1000, 5000);
    expect(limiter.take('message:om_hot', 5, 1000, 5500)).toBeGreaterThan(0);
  });
});
