/**
 * The keyword early warning against each platform's emulator: counts posted through the API raise one
 * card with the ops people mentioned and a chart; a second batch the same day patches that card,
 * and falling back under 2× resolves it in place — never a new message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS, textOf } from '../helpers/bot';
import { cardUpdates, mentions, sentCards } from '../helpers/sent';
import { startOpsTeam } from '../helpers/ops-team';

describe.each(PLATFORMS)('keyword early warning (%s)', (platform) => {
  let w: Awaited<ReturnType<typeof startOpsTeam>>;
  let bot: typeof w.bot;

  const week = ['2027-01-04', '2027-01-03', '2027-01-02', '2027-01-01', '2026-12-31', '2026-12-30', '2026-12-29'];
  /** The baseline: 3 a hour at 9, 10 and 11 on each of the 7 previous days (mean 9 over those hours). */
  const baseline = week.flatMap((date) =>
    [9, 10, 11].map((hour) => ({ keyword: '质量差', store: '天猫旗舰店', date, hour, count: 3 })),
  );
  const today = (c9: number, c10: number, c11: number) =>
    [c9, c10, c11].map((count, i) => ({
      keyword: '质量差',
      store: '天猫旗舰店',
      date: '2027-01-05',
      hour: 9 + i,
      count,
    }));

  const post = (counts: unknown[]) => w.postJson('/api/v1/keywords', { counts });

  beforeAll(async () => {
    // 2027-01-05 11:30 in Shanghai.
    w = await startOpsTeam({ at: new Date('2027-01-05T03:30:00Z'), stores: ['天猫旗舰店'], platform });
    bot = w.bot;
  });
  afterAll(() => bot.close());

  const tick = (ms: number) => w.tick(ms);
  type Msg = ReturnType<typeof sentCards>[number];
  const warningCards = () => sentCards(bot, bot.chat.chatId, '关键词预警');
  const patches = () => ({ length: cardUpdates(bot) });
  const current = (m: Msg) => textOf(bot.emulator.message(m.messageId));

  describe('keyword early warning', () => {
    it('under 3× its baseline, or under the minimum: no card', async () => {
      expect((await post([...baseline, ...today(5, 5, 5)])).status).toBe(200); // 15 vs 9: 1.7×
      await tick(3_000);
      expect(warningCards()).toHaveLength(0);
    });

    it('at 3× and the minimum: one card, the ratio, the store, the hours, @ops and a chart', async () => {
      expect((await post(today(8, 10, 20))).status).toBe(200); // 38 vs 9: 4.2×
      await tick(3_000);
      expect(warningCards()).toHaveLength(1);
      const card = warningCards()[0]!;
      const text = textOf(card);
      expect(text).toContain('质量差 ↑ 4.2×');
      expect(text).toContain('天猫旗舰店，近 3 小时 38 次');
      expect(mentions(bot, card, bot.users.ops.openId)).toBe(true);
      // Feishu draws a chart; DingTalk's cards draw none: the hours as a table (card-chart.ts).
      expect(JSON.stringify(card.content)).toContain(
        bot.platform === 'feishu' ? '"tag":"chart"' : '\\"type\\":\\"table\\"',
      );
      // The same batch again changes nothing: no new message, no patch.
      const before = patches().length;
      await post(today(8, 10, 20));
      await tick(3_000);
      expect(warningCards()).toHaveLength(1);
      expect(patches().length).toBe(before);
    });

    it('a second batch the same day updates the card in place', async () => {
      const before = patches().length;
      await post(today(8, 10, 36)); // 54 vs 9: 6.0×
      await tick(3_000);
      expect(warningCards()).toHaveLength(1);
      expect(patches().length).toBe(before + 1);
      expect(current(warningCards()[0]!)).toContain('质量差 ↑ 6.0×');
    });

    it('between 2× and 3× it stays; under 2× it resolves, in place', async () => {
      await post(today(8, 10, 6)); // 24 vs 9: 2.7×
      await tick(3_000);
      expect(current(warningCards()[0]!)).toContain('质量差 ↑ 2.7×');
      await post(today(5, 5, 5)); // 15 vs 9: 1.7×
      await tick(3_000);
      expect(warningCards()).toHaveLength(1);
      expect(current(warningCards()[0]!)).toContain('关键词预警 · 质量差 已回落');
    });

    it("the team's minimum (/alert policy keyword_min) holds back a new keyword below it", async () => {
      const refund = (count: number) => [{ keyword: '退款', date: '2027-01-05', hour: 11, count }];
      const reply = await bot.say(bot.users.supervisor, '/alert policy keyword_min=40');
      expect(textOf(reply[0])).toContain('告警设置已更新');
      expect(textOf(reply[0])).toContain('关键词最少 40 次');
      await post(refund(39)); // new (no baseline), but under 40
      await tick(3_000);
      expect(warningCards()).toHaveLength(1);
      await post(refund(40));
      await tick(3_000);
      expect(warningCards()).toHaveLength(2);
      expect(textOf(warningCards()[1]!)).toContain('**退款** ↑ 新出现，全部店铺，近 1 小时 40 次');
    });

    it("at the team's midnight a warning still firing ends: its card patched 已结束, a resolved one left as it is", async () => {
      const before = patches().length;
      await tick(12 * 3600_000); // 2027-01-05 23:30
      expect(patches().length).toBe(before);
      await tick(31 * 60_000); // 2027-01-06 00:01
      expect(patches().length).toBe(before + 1);
      expect(current(warningCards()[1]!)).toContain('关键词预警 · 退款 已结束');
      expect(current(warningCards()[1]!)).toContain('2027-01-05 已过去：退款，全部店铺，当日 40 次');
      expect(current(warningCards()[0]!)).toContain('质量差 已回落');
      await tick(24 * 3600_000);
      expect(patches().length).toBe(before + 1);
    });
  });
});
