/**
 * The platform rules the emulator enforces, seen through the real SDK: uuid de-duplication,
 * buzz rules, per-user and per-message limits, and how it all stays observable.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { card, interactive, markdown } from '../../src/cards/card';
import { PlatformError } from '../../src/port/platform';
import { FeishuEmulator, openApiRoutes, type Chat, type EmulatorChange, type User } from '../../src/emulator/feishu';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { feishuCard } from '../../src/platforms/feishu/card-json';

let feishu: FakeFeishu;
let chat: Chat;
let boss: User;
let agent: User;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(new Date('2024-05-01T09:00:00+08:00'));
  clock.freeze();
  feishu = await startFakeFeishu({ clock });
  ({
    chat,
    users: [boss, agent],
  } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '李客服'] }));
});
afterEach(() => feishu.close());

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: unknown) => (e instanceof PlatformError ? e.code : -1),
  );

describe('uuid de-duplication (1 hour)', () => {
  it('the same uuid returns the same message and posts nothing twice', async () => {
    const first = await feishu.platform.send({ chatId: chat.chatId }, text('异常 #42'), 'anomaly-42-notice');
    const again = await feishu.platform.send({ chatId: chat.chatId }, text('异常 #42'), 'anomaly-42-notice');
    expect(again.messageId).toBe(first.messageId);
    expect(feishu.emulator.messages(chat.chatId)).toHaveLength(1);
    expect(feishu.emulator.calls({ path: '/im/v1/messages' }).map((c) => Boolean(c.dedup))).toEqual([false, true]);
  });

  it('applies to replies too, and a different uuid posts again', async () => {
    const { messageId: parent } = await feishu.platform.send({ chatId: chat.chatId }, text('异常'), 'p');
    const a = await feishu.platform.reply(parent, text('升级'), 'r-1');
    const b = await feishu.platform.reply(parent, text('升级'), 'r-1');
    const c = await feishu.platform.reply(parent, text('升级'), 'r-2');
    expect(b.messageId).toBe(a.messageId);
    expect(c.messageId).not.toBe(a.messageId);
    expect(feishu.emulator.messages(chat.chatId)).toHaveLength(3);
  });

  it('after an hour the uuid is forgotten', async () => {
    const first = await feishu.platform.send({ chatId: chat.chatId }, text('日报'), 'digest');
    clock.advance(60 * 60_000);
    const later = await feishu.platform.send({ chatId: chat.chatId }, text('日报'), 'digest');
    expect(later.messageId).not.toBe(first.messageId);
    expect(feishu.emulator.messages(chat.chatId)).toHaveLength(2);
  });

  it('a de-duplicated retry is not refused by the 5 QPS limit', async () => {
    for (let i = 0; i < 5; i++) await feishu.platform.send({ chatId: chat.chatId }, text(`#${i}`), `b-${i}`);
    await expect(feishu.platform.send({ chatId: chat.chatId }, text('#4'), 'b-4')).resolves.toBeDefined();
    expect(await codeOf(feishu.platform.send({ chatId: chat.chatId }, text('#5'), 'b-5'))).toBe(230020);
  });
});

describe('buzz rules', () => {
  it('refusals are logged with their code and spend no quota', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, text('店铺异常'), 'x');
    feishu.emulator.setQuota({ phone: 2 });
    feishu.emulator.updateChat(chat.chatId, { membersMayBuzz: false });
    expect(await codeOf(feishu.platform.urgent(messageId, 'phone', [agent.openId]))).toBe(230052);
    feishu.emulator.updateChat(chat.chatId, { membersMayBuzz: true });
    expect(await codeOf(feishu.platform.urgent(messageId, 'phone', [agent.openId, boss.openId, agent.openId]))).toBe(0);
    expect(await codeOf(feishu.platform.urgent(messageId, 'phone', [agent.openId]))).toBe(230024);

    expect(feishu.emulator.quota().phone).toBe(0);
    expect(feishu.emulator.urgentCalls().map((c) => (c.result === 'ok' ? c.callees.length : c.result.code))).toEqual([
      230052, 2, 230024,
    ]);
    expect(feishu.emulator.violations().map((v) => v.rule)).toEqual([
      'buzz_not_allowed_in_group',
      'buzz_quota_exhausted',
    ]);
  });

  it('buzzing a member message is refused; a p2p message of the bot can be buzzed', async () => {
    const { message } = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: boss.openId,
      text: '谁在？',
    });
    expect(await codeOf(feishu.platform.urgent(message.messageId, 'app', [agent.openId]))).toBe(230012);
    const { messageId } = await feishu.platform.send({ openId: agent.openId }, text('请处理异常'), 'dm');
    await expect(feishu.platform.urgent(messageId, 'app', [agent.openId])).resolves.toEqual({ invalidOpenIds: [] });
  });

  it('all-unknown callees come back as invalid and nobody is called', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, text('x'), 'x');
    const r = await feishu.platform.urgent(messageId, 'sms', ['ou_a', 'ou_b']);
    expect(r.invalidOpenIds).toEqual(['ou_a', 'ou_b']);
    expect(feishu.emulator.urgentCalls()[0]).toMatchObject({ callees: [], result: 'ok' });
  });

  it('more than 200 unread buzzes for a user is 230023', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, text('x'), 'x');
    for (let i = 0; i < 200; i++) {
      if (i % 50 === 49) clock.advance(1000); // stay under the app's 50/s
      await feishu.platform.urgent(messageId, 'app', [agent.openId]);
    }
    expect(await codeOf(feishu.platform.urgent(messageId, 'app', [agent.openId]))).toBe(230023);
    // Reading them (opening Feishu) clears the count: the next buzz goes through.
    feishu.emulator.readBuzzes(boss.openId);
    expect(await codeOf(feishu.platform.urgent(messageId, 'app', [agent.openId]))).toBe(230023);
    feishu.emulator.readBuzzes();
    expect(await codeOf(feishu.platform.urgent(messageId, 'app', [agent.openId]))).toBe(0);
  });
});

describe('other limits', () => {
  it('5 QPS per user for direct messages', async () => {
    for (let i = 0; i < 5; i++) await feishu.platform.send({ openId: agent.openId }, text(`#${i}`), `dm-${i}`);
    expect(await codeOf(feishu.platform.send({ openId: agent.openId }, text('#5'), 'dm-5'))).toBe(230020);
    expect(await codeOf(feishu.platform.send({ openId: boss.openId }, text('#0'), 'dm-boss'))).toBe(0);
    expect(feishu.emulator.violations('rate_5qps_user')).toHaveLength(1);
  });

  it('5 QPS per message for card updates', async () => {
    const c = (n: number) => card({ title: `v${n}`, elements: [markdown(String(n))] });
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(c(0)), 'card');
    for (let i = 1; i <= 5; i++) await feishu.platform.patchCard(messageId, c(i));
    expect(await codeOf(feishu.platform.patchCard(messageId, c(6)))).toBe(230020);
    expect(feishu.emulator.message(messageId)!.content).toEqual(feishuCard(c(5)));
  });

  it('only cards can be patched, and only the bot’s own', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, text('纯文本'), 't');
    expect(await codeOf(feishu.platform.patchCard(messageId, card({ title: 'x', elements: [] })))).toBe(230001);
    expect(feishu.emulator.violations('patch_not_card')).toHaveLength(1);
  });
});

describe('observing the tenant', () => {
  it('subscribers see messages, updates, calls, buzzes and violations; unsubscribe stops it', async () => {
    const seen: EmulatorChange['type'][] = [];
    const stop = feishu.emulator.subscribe((c) => seen.push(c.type));
    const { messageId } = await feishu.platform.send(
      { chatId: chat.chatId },
      interactive(card({ title: 'a', elements: [] })),
      'a',
    );
    await feishu.platform.patchCard(messageId, card({ title: 'b', elements: [] }));
    await feishu.platform.urgent(messageId, 'app', [agent.openId]);
    feishu.emulator.updateChat(chat.chatId, { botIsMember: false });
    await codeOf(feishu.platform.send({ chatId: chat.chatId }, text('x'), 'b'));
    stop();
    await codeOf(feishu.platform.send({ chatId: chat.chatId }, text('x'), 'c'));

    expect(seen).toEqual([
      'api.call', // token
      'message.added',
      'api.call',
      'message.updated',
      'api.call',
      'urgent',
      'api.call',
      'chat.changed',
      'violation',
      'api.call',
    ]);
  });

  it('reset forgets the tenant but the bot keeps working with its token', async () => {
    await feishu.platform.send({ chatId: chat.chatId }, text('x'), 'x');
    feishu.emulator.reset();
    expect(feishu.emulator.chats()).toEqual([]);
    expect(feishu.emulator.messages()).toEqual([]);
    expect(feishu.emulator.calls()).toEqual([]);
    const { chat: again } = seedGroup(feishu.emulator, { name: '新组', members: ['赵'] });
    await feishu.platform.send({ chatId: again.chatId }, text('x'), 'x'); // same uuid: the log was forgotten too
    expect(feishu.emulator.messages(again.chatId)).toHaveLength(1);
    expect(feishu.emulator.calls({ path: 'tenant_access_token' })).toHaveLength(0);
  });

  it('the Open API routes mount under any prefix', async () => {
    const emulator = new FeishuEmulator({ bot: { name: '现场管家' } });
    const host = new Hono().route('/sandbox', openApiRoutes(emulator));
    const server = serve({ fetch: host.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const platform = createFeishuPlatform({ ...emulator.app, domain: `http://127.0.0.1:${port}/sandbox` });
      expect(await platform.botInfo()).toEqual({ openId: emulator.bot.openId, name: '现场管家' });
      expect(emulator.calls().map((c) => c.path)).toEqual([
        '/open-apis/auth/v3/tenant_access_token/internal',
        '/open-apis/bot/v3/info',
      ]);
    } finally {
      server.close();
    }
  });

  it('answers unknown endpoints with 404', async () => {
    const res = await fetch(`${feishu.url}/open-apis/im/v1/nothing`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
