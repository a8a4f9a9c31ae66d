/**
 * Per-store ops (/store ops): set, shown in /store list, replaced, cleared, refused with a clear
 * message; alert, violation and keyword cards @-mention the ops of their stores, and the team's
 * ops role for a store without its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import { pickOps } from '../../src/features/stores/rules';
import { PLATFORMS, textOf } from '../helpers/bot';
import { privateChat, sendsOf } from '../helpers/fake-feishu';
import { sentCards } from '../helpers/sent';
import { startOpsTeam } from '../helpers/ops-team';

describe.each(PLATFORMS)('store ops (%s)', (platform) => {
  let w: Awaited<ReturnType<typeof startOpsTeam>>;
  let bot: typeof w.bot;

  beforeAll(async () => {
    // 2027-01-05 10:00 in Shanghai.
    w = await startOpsTeam({ at: new Date('2027-01-05T02:00:00Z'), stores: ['天猫旗舰店', '京东自营店'], platform });
    bot = w.bot;
  });
  afterAll(() => bot.close());

  const tick = (ms: number) => w.tick(ms);
  const say = async (text: string, who = bot.users.leader) => (await bot.say(who, text)).map(textOf).join('\n');
  /**
   * The last message sent to the group whose text contains `marker`, as JSON: Feishu's content as
   * sent (its `<at>` ids); DingTalk's text and atUserIds (how a DingTalk card @-mentions).
   */
  const lastSent = (marker: string) => {
    if (bot.platform === 'feishu')
      return JSON.stringify(
        sendsOf(bot.emulator)
          .filter((s) => s.to === bot.chat.chatId && JSON.stringify(s.content).includes(marker))
          .at(-1)?.content ?? null,
      );
    const m = bot.emulator
      .messages(bot.chat.chatId)
      .filter((x) => x.sender.type === 'bot' && textOf(x).includes(marker))
      .at(-1);
    return JSON.stringify(m ? { text: textOf(m), at: m.atUserIds ?? [] } : null);
  };
  const storeOps = async () =>
    (await query<{ name: string; ops: string[] }>(bot.deps.db, sql`select name, ops from stores order by id`)).map(
      (r) => `${r.name}:${r.ops.length}`,
    );

  describe('/store ops', () => {
    it('sets a store’s ops, shows them in /store list, and says when nothing changed', async () => {
      expect(await say('/store ops 天猫 @小王')).toContain('已设置店铺「天猫旗舰店」的运营：小王');
      expect(await say('/store list')).toMatch(/天猫旗舰店（天猫） · 运营：小王\n2\. 京东自营店（京东）$/);
      expect(await say('/store ops 天猫旗舰店 @小王')).toContain('运营没有变化');
      expect(await storeOps()).toEqual(['天猫旗舰店:1', '京东自营店:0']);
    });

    it('refuses bad input with the usage line and changes nothing', async () => {
      expect(await say('/store ops 拼多多 @小王')).toContain('拼多多');
      expect(await say('/store ops 天猫旗舰店')).toContain('用法：/store ops <店铺> @某人');
      expect(await say('/store ops 天猫旗舰店 maybe')).toContain('例如：/store ops 天猫旗舰店 @运营小张');
      expect(await say('/store ops 天猫旗舰店 @小王', bot.users.agent)).not.toContain('已设置');
      // In a private chat a mention makes nobody a member: someone not in the team is refused.
      bot.emulator.addUser({ name: '路人甲' });
      const p2p =
        bot.platform === 'feishu'
          ? privateChat(bot.emulator, bot.users.supervisor).chatId
          : bot.emulator.privateChat(bot.users.supervisor).chatId;
      const stranger = (await bot.say(bot.users.supervisor, '/store ops 天猫旗舰店 @路人甲', p2p))
        .map(textOf)
        .join('\n');
      expect(stranger).toContain('路人甲 还不是本组成员');
      expect(await storeOps()).toEqual(['天猫旗舰店:1', '京东自营店:0']);
    });

    it('a violation card @-mentions the store’s own ops, not the team’s ops role', async () => {
      await say('/violation 天猫旗舰店 虚假发货 订单超时');
      expect(lastSent('虚假发货')).toContain(bot.users.agent.openId);
      expect(lastSent('虚假发货')).not.toContain(bot.users.ops.openId);
      // A store without its own ops: the team's ops role.
      await say('/violation 京东自营店 延迟发货 订单超时');
      expect(lastSent('延迟发货')).toContain(bot.users.ops.openId);
    });

    it('the alert card @-mentions the ops of the breaching stores', async () => {
      await say('/kpi set 天猫旗舰店 首次响应时长 48秒');
      await tick(3_000); // the data signal: judged, the group armed for group_wait
      await tick(10_000);
      const c = lastSent('告警 ·');
      expect(c).toContain(bot.users.agent.openId);
      expect(c).not.toContain(bot.users.ops.openId);
    });

    it('the keyword card @-mentions the store’s ops', async () => {
      const res = await w.postJson('/api/v1/keywords', {
        counts: [{ keyword: '漏发', store: '天猫旗舰店', date: '2027-01-05', hour: 10, count: 50 }],
      });
      expect(res.status).toBe(200);
      await tick(3_000);
      expect(lastSent('关键词预警')).toContain(bot.users.agent.openId);
    });

    it('clear: back to the team’s ops role', async () => {
      expect(await say('/store ops 天猫旗舰店 clear')).toContain('已清除店铺「天猫旗舰店」的运营');
      expect(await storeOps()).toEqual(['天猫旗舰店:0', '京东自营店:0']);
      await say('/violation 天猫旗舰店 售假 顾客投诉');
      expect(lastSent('售假')).toContain(bot.users.ops.openId);
    });
  });

  describe('alerts nothing will judge again resolve', () => {
    const states = async () =>
      (
        await query<{ metric: string; state: string }>(
          bot.deps.db,
          sql`select metric, state from alerts where kind = 'kpi' order by id`,
        )
      ).map((a) => `${a.metric}:${a.state}`);

    it('a metric whose target is reset (and the catalog has none)', async () => {
      await say('/target 投诉数 <=2 京东自营店', bot.users.supervisor);
      await say('/kpi set 京东自营店 投诉数 5');
      await tick(3_000);
      expect(await states()).toEqual(['first_response_s:firing', 'complaint_count:firing']);
      expect(await say('/target reset complaint_count 京东自营店', bot.users.supervisor)).toContain('投诉数');
      await tick(3_000);
      expect(await states()).toEqual(['first_response_s:firing', 'complaint_count:resolved']);
    });

    it('a removed store', async () => {
      await say('/store remove 天猫旗舰店', bot.users.supervisor);
      await tick(3_000);
      expect(await states()).toEqual(['first_response_s:resolved', 'complaint_count:resolved']);
      // The card shows them resolved, in place.
      await tick(6_000);
      const card = sentCards(bot, bot.chat.chatId, '告警 ·').at(-1)!;
      expect(textOf(bot.emulator.message(card.messageId))).toContain('告警 · 已全部恢复');
    });
  });

  describe('pickOps', () => {
    it('each store’s own ops, else the team’s; the team as a whole gets the team’s; each once', () => {
      const own = new Map([
        [1, ['a', 'b']],
        [2, []],
      ]);
      expect(pickOps([1, 2, null, 1], own, ['t'])).toEqual(['a', 'b', 't']);
      expect(pickOps([1], own, ['t'])).toEqual(['a', 'b']);
      expect(pickOps([], own, ['t'])).toEqual([]);
    });
  });
});
