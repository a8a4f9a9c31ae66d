/**
 * What DingTalk (or someone pretending to be it) can send the bot that it must not act on: a bad,
 * stale or missing sign, a replayed msgId, an unknown msgtype, a member without a staff id, a card
 * callback for an outTrackId the bot never made. Each: a clear answer or a quiet ignore, nothing
 * stored, logged with the reason. Plus the same message over Stream mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import { outTrackIdFor } from '../../src/platforms/dingtalk/out-track';
import type { Logger } from '../../src/log';
import { dtText, startDingTalkBot } from '../helpers/dingtalk-bot';

function recordingLog() {
  const lines: { level: string; msg: string; data?: Record<string, unknown> }[] = [];
  const make = (): Logger => {
    const at = (level: string) => (msg: string, data?: Record<string, unknown>) =>
      void lines.push({ level, msg, ...(data ? { data } : {}) });
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: () => make(),
    } as Logger;
  };
  return { log: make(), lines };
}

describe('DingTalk events: bad input', () => {
  let bot: Awaited<ReturnType<typeof startDingTalkBot>>;
  const rec = recordingLog();
  const inbox = async () =>
    Number((await query<{ n: string }>(bot.deps.db, sql`select count(*) as n from inbound_events`))[0]!.n);
  beforeAll(async () => {
    bot = await startDingTalkBot({ log: rec.log });
  });
  afterAll(async () => bot?.close());

  it.each(['wrong', 'stale', 'missing'] as const)('refuses a %s sign with 401 and stores nothing', async (sign) => {
    const before = await inbox();
    const r = await bot.emulator.emitMessage({
      chatId: bot.chat.chatId,
      senderOpenId: bot.users.agent.openId,
      text: '@floorwalker /help',
      sign,
    });
    expect(r.status).toBe(401);
    expect(await inbox()).toBe(before);
    expect(rec.lines.some((l) => l.msg === 'dingtalk event rejected' && String(l.data?.reason).length > 0)).toBe(true);
  });

  it('acts once on a replayed msgId (a Stream re-push or a captured request)', async () => {
    const first = await bot.emulator.emitMessage({
      chatId: bot.chat.chatId,
      senderOpenId: bot.users.agent.openId,
      text: '@floorwalker /help',
      msgId: 'msgREPLAY==',
    });
    expect(first.delivered).toBe(true);
    await bot.settle();
    const n = bot.emulator.messages().filter((m) => m.sender.type === 'bot').length;
    const again = await bot.emulator.emitMessage({
      chatId: bot.chat.chatId,
      senderOpenId: bot.users.agent.openId,
      text: '@floorwalker /help',
      msgId: 'msgREPLAY==',
    });
    expect(again.delivered).toBe(true);
    await bot.settle();
    expect(bot.emulator.messages().filter((m) => m.sender.type === 'bot')).toHaveLength(n);
  });

  it('ignores an unknown msgtype quietly (200, nothing stored, logged)', async () => {
    const before = await inbox();
    const r = await bot.emulator.pushRaw({
      msgtype: 'interactiveCard',
      msgId: 'msgUNKNOWN==',
      conversationId: bot.chat.chatId,
      conversationType: '2',
      senderStaffId: bot.users.agent.openId,
      chatbotCorpId: bot.emulator.corpId,
      robotCode: bot.emulator.app.robotCode,
    });
    expect(r.status).toBe(200);
    expect(await inbox()).toBe(before);
    expect(
      rec.lines.some((l) => l.msg === 'dingtalk event ignored' && String(l.data?.reason).includes('interactiveCard')),
    ).toBe(true);
  });

  it('refuses a body without msgId or conversation with 400', async () => {
    const r = await bot.emulator.pushRaw({ msgtype: 'text', text: { content: '/help' } });
    expect(r.status).toBe(400);
  });

  it('ignores an external member (no staff id) and answers an unpublished robot’s members clearly', async () => {
    const outsider = bot.emulator.addUser({ name: '外部客户', internal: false });
    bot.emulator.updateChat(bot.chat.chatId, { memberOpenIds: [...bot.chat.memberOpenIds, outsider.openId] });
    const before = await inbox();
    const sent = bot.emulator.messages().length;
    const r = await bot.emulator.emitMessage({
      chatId: bot.chat.chatId,
      senderOpenId: outsider.openId,
      text: '@floorwalker /help',
    });
    expect(r.status).toBe(200);
    await bot.settle();
    expect(await inbox()).toBe(before);
    expect(
      bot.emulator
        .messages()
        .slice(sent)
        .filter((m) => m.sender.type === 'bot'),
    ).toHaveLength(0);

    // Same org, but DingTalk withheld the staff id (robot not published): told what to do.
    const body = { ...r.body, msgId: 'msgUNPUB==', senderCorpId: bot.emulator.corpId } as Record<string, unknown>;
    delete body.senderStaffId;
    await bot.emulator.pushRaw(body);
    await bot.settle();
    await bot.deps.settle();
    const answer = bot.emulator
      .messages()
      .filter((m) => m.sender.type === 'bot')
      .at(-1);
    expect(dtText(answer)).toContain('发布');
    expect(await inbox()).toBe(before);
  });

  it('ignores a card callback for an outTrackId it never made, and accepts one it did', async () => {
    const before = await inbox();
    const forged = await bot.emulator.clickButton({
      outTrackId: 'someone-elses-card',
      operatorOpenId: bot.users.agent.openId,
      value: { action: 'help.list' },
    });
    expect(forged.status).toBe(200);
    expect(await inbox()).toBe(before);
    expect(rec.lines.some((l) => l.msg === 'dingtalk card callback ignored')).toBe(true);

    const ours = outTrackIdFor('0b0e3f9e-0000-4000-8000-000000000001', bot.emulator.app.clientSecret);
    // A press on a card in the group (the emulator has no such card: the space is named by the test).
    const r = await bot.emulator.pushRaw(
      {
        type: 'actionCallback',
        outTrackId: ours,
        userId: bot.users.agent.openId,
        corpId: bot.emulator.corpId,
        spaceType: 'IM_GROUP',
        spaceId: bot.chat.chatId,
        content: JSON.stringify({
          cardPrivateData: { actionIds: ['a'], params: { value: JSON.stringify({ action: 'help.list' }) } },
        }),
      },
      'good',
      '/v1.0/card/instances/callback',
    );
    expect(r.status).toBe(200);
    expect(await inbox()).toBe(before + 1);
  });
});

describe('DingTalk events: Stream mode', () => {
  let bot: Awaited<ReturnType<typeof startDingTalkBot>>;
  beforeAll(async () => {
    bot = await startDingTalkBot({ stream: true });
  });
  afterAll(async () => bot?.close());

  it('receives a group message over the Stream connection and replies', async () => {
    const out = await bot.say(bot.users.agent, '/help');
    expect(out).toHaveLength(1);
    expect(dtText(out[0])).toContain('/store');
  });
});
