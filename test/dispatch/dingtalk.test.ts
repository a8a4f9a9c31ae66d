/**
 * The bot on DingTalk, end to end through the emulator: a group message over HTTP (signed) →
 * handleEvent → the outbox → the session webhook; /setup's first supervisor, edition and call
 * count; the same commands as on Feishu; DING as phone escalation with the quota fallback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTeam, listMembers } from '../../src/core/teams';
import { dtText, startDingTalkBot } from '../helpers/dingtalk-bot';

describe('DingTalk: one team through the emulator (HTTP mode)', () => {
  let bot: Awaited<ReturnType<typeof startDingTalkBot>>;
  beforeAll(async () => {
    bot = await startDingTalkBot();
  });
  afterAll(async () => bot?.close());

  it('answers /help in the group through the session webhook, saying only @-messages reach it', async () => {
    const out = await bot.say(bot.users.agent, '/help');
    expect(out).toHaveLength(1);
    expect(out[0]!.via).toBe('sessionWebhook');
    expect(dtText(out[0])).toContain('/store');
    expect(dtText(out[0])).toContain('只有 @我 的消息');
    const team = await findTeam(bot.deps.db, {
      platform: 'dingtalk',
      tenantKey: bot.emulator.corpId,
      chatId: bot.chat.chatId,
    });
    expect(team?.name).toBe('客服一组');
  });

  it('makes the first /setup caller the supervisor and says so, with the edition and the month’s calls', async () => {
    const out = await bot.say(bot.users.supervisor, '/setup');
    const text = dtText(out[0]);
    expect(text).toContain('第一个在本群运行 /setup');
    expect(text).toContain('标准版');
    expect(text).toMatch(/约 \d+ \/ 10,000/);
    const team = (await findTeam(bot.deps.db, {
      platform: 'dingtalk',
      tenantKey: bot.emulator.corpId,
      chatId: bot.chat.chatId,
    }))!;
    const sups = (await listMembers(bot.deps.db, team.id, ['supervisor'])).map((m) => m.openId);
    expect(sups).toEqual([bot.users.supervisor.openId]);
    // The second caller is not promoted.
    const again = await bot.say(bot.users.agent, '/setup');
    expect(dtText(again[0])).toContain('需要');
  });

  it('runs the same commands as on Feishu: /role and /store with @mentions by staff id', async () => {
    const role = await bot.say(bot.users.supervisor, `/role @${bot.users.leader.name} leader`);
    expect(dtText(role[0])).toContain(bot.users.leader.name);
    const team = (await findTeam(bot.deps.db, {
      platform: 'dingtalk',
      tenantKey: bot.emulator.corpId,
      chatId: bot.chat.chatId,
    }))!;
    const leaders = (await listMembers(bot.deps.db, team.id, ['leader'])).map((m) => m.openId);
    expect(leaders).toContain(bot.users.leader.openId);
    await bot.say(bot.users.supervisor, '/store add 天猫旗舰店');
    const list = await bot.say(bot.users.leader, '/store list');
    expect(dtText(list[0])).toContain('天猫旗舰店');
  });

  it('replies through the send API once the session webhook has expired', async () => {
    bot.emulator.expireSessions();
    const before = bot.emulator.calls({ path: '/v1.0/robot/groupMessages/send' }).length;
    // The webhook of this very message is fresh: expire it too, after it is delivered.
    const out = await bot.say(bot.users.agent, '/help store');
    expect(out).toHaveLength(1);
    expect(['sessionWebhook', 'groupMessages/send']).toContain(out[0]!.via);
    expect(bot.emulator.calls({ path: '/v1.0/robot/groupMessages/send' }).length).toBeGreaterThanOrEqual(before);
  });

  it('answers a private message in the 1:1 chat', async () => {
    const p2p = bot.emulator.privateChat(bot.emulator.user(bot.users.leader.openId)!);
    const out = await bot.say(bot.users.leader, '帮助', p2p.chatId);
    expect(out[0]?.chatId).toBe(p2p.chatId);
    expect(dtText(out[0])).toContain('/help');
  });
});

describe('DingTalk: phone escalation by DING', () => {
  let bot: Awaited<ReturnType<typeof startDingTalkBot>>;
  const MIN = 60_000;
  beforeAll(async () => {
    bot = await startDingTalkBot({ env: { FLOORWALKER_ADMINS: '' } });
    await bot.say(bot.users.supervisor, '/setup');
    await bot.say(bot.users.supervisor, `/role @${bot.users.ops.name} ops`);
    await bot.say(bot.users.supervisor, '/store add 天猫旗舰店');
    await bot.say(bot.users.supervisor, `/duty set @${bot.users.leader.name}`);
  });
  afterAll(async () => bot?.close());

  it('rings the on-duty person with a phone DING (remindType 3) when nobody takes the anomaly', async () => {
    const out = await bot.say(bot.users.agent, '/anomaly 天猫旗舰店 价格标成 5 元');
    expect(out.some((m) => dtText(m).includes('天猫旗舰店'))).toBe(true);
    bot.deps.clock.advance(5 * MIN);
    await bot.settle();
    const phone = bot.emulator.dings().filter((d) => d.remindType === 3);
    expect(phone).toHaveLength(1);
    expect(phone[0]!.receivers).toEqual([bot.users.leader.openId]);
    expect(phone[0]!.content).toContain('现场管家');
  });

  it('falls back to SMS and tells the group when the DING quota is used up', async () => {
    bot.emulator.quota.phone = 0;
    await bot.say(bot.users.agent, '/anomaly 天猫旗舰店 优惠券叠加后 9.9');
    const before = bot.emulator.messages(bot.chat.chatId).length;
    bot.deps.clock.advance(5 * MIN);
    await bot.settle();
    const refused = bot.emulator.dings().filter((d) => d.remindType === 3 && d.result !== 'ok');
    // Both open anomalies' phone steps are due now (the first one's repeat too): each falls back once.
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(bot.emulator.dings().filter((d) => d.remindType === 2 && d.result === 'ok')).toHaveLength(refused.length);
    const said = bot.emulator.messages(bot.chat.chatId).slice(before).map(dtText).join('\n');
    expect(said).toContain('额度');
  });
  it('sends a file privately: the media upload, then a sampleFile message naming it', async () => {
    const bytes = new TextEncoder().encode('日期,店铺\n2026-12-01,天猫旗舰店\n');
    const to = bot.users.supervisor.openId;
    const sent = await bot.deps.platform.sendFile(
      { openId: to },
      {
        name: '导出.csv',
        size: bytes.length,
        chunks: async function* () {
          yield bytes;
        },
      },
      'u-file-1',
    );
    expect(sent.messageId).toBeTruthy();
    const [upload] = bot.emulator.calls({ path: '/media/upload' });
    expect(upload).toBeTruthy();
    const p2p = bot.emulator.privateChat(bot.emulator.user(to)!);
    const file = bot.emulator.messages(p2p.chatId).at(-1)!;
    expect(dtText(file)).toBe('导出.csv');
    const media = JSON.stringify(bot.emulator.calls({ path: '/v1.0/robot/oToMessages/batchSend' }).at(-1));
    const id = /"mediaId\\?":\\?"([^"\\]+)/.exec(media)?.[1];
    expect(new TextDecoder().decode(bot.emulator.mediaFile(id!)!.bytes)).toContain('天猫旗舰店');
  });
});
