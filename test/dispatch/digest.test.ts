/**
 * The morning digest and the weekly report through the whole bot: /digest on demand, the 09:00
 * slot posting once (a replay or a second pass posts nothing more), /digest time and weekly with
 * bad input changing nothing, and 200 stores fitting Feishu's card limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSize } from '../../src/cards/card';
import { findTeam, type Team } from '../../src/core/teams';
import { runScheduleTimer } from '../../src/core/schedules';
import { buildDigest } from '../../src/features/digest/build';
import { PLATFORMS, textOf } from '../helpers/bot';
import { seedDigestStores } from '../helpers/digest-stores';
import { startKpiTeam, type KpiBot } from '../helpers/kpi-team';

describe.each(PLATFORMS)('the digest (%s)', (platform) => {
  let bot: KpiBot;
  let team: Team;

  beforeAll(async () => {
    ({ bot } = await startKpiTeam(platform));
    team = (await findTeam(bot.deps.db, {
      platform: bot.platform,
      tenantKey: bot.emulator.tenantKey,
      chatId: bot.chat.chatId,
    }))!;
  });
  afterAll(() => bot.close());

  const say = async (who: keyof KpiBot['users'], text: string) => (await bot.say(bot.users[who], text)).map(textOf);
  /**
   * The stores table's cells: Feishu's table rows in the card JSON ("store":"…"); DingTalk draws no
   * table component, so the template's table block is text, one line a row.
   */
  const storeCells = (m: { content: Record<string, unknown> } | undefined): string[] => {
    if (bot.platform === 'feishu')
      return [...JSON.stringify(m?.content).matchAll(/"store":"([^"]+)"/g)].map((x) => x[1]!);
    const blocks = JSON.parse(String((m?.content.cardParamMap as Record<string, string>).blocks)) as Record<
      string,
      string
    >[];
    return blocks
      .filter((b) => b.type === 'table')
      .flatMap((b) => String(b.text).split('\n'))
      .flatMap((line) => ['天猫旗舰店', '京东自营店'].filter((store) => line.includes(store)));
  };
  const groupDigests = () =>
    bot.emulator.messages(bot.chat.chatId).filter((m) => m.sender.type === 'bot' && /日报 ·|周报 ·/.test(textOf(m)));

  describe('/digest', () => {
    it("shows yesterday's stores against targets, alerts, anomalies and duty, from the features' sections", async () => {
      await say('leader', '/kpi set 天猫旗舰店 首次响应时长 48秒');
      await say('leader', '/kpi set 京东自营店 首次响应时长 20秒');
      // Tmall's conversion is final ~8 days late: yesterday's 1% is shown as 延迟统计, never judged.
      await say('supervisor', '/target 询单转化率 >=20%');
      await say('leader', '/kpi set 天猫旗舰店 询单转化率 1%');
      await say('supervisor', '/duty set @王主管 @李组长');
      await say('agent', '/anomaly 天猫旗舰店 优惠券叠加后价格变成 9.9');
      const [digest] = await bot.say(bot.users.agent, '/digest');
      // Table cells are not markdown content: read them from the card as sent.
      const text = `${textOf(digest)}\n${JSON.stringify(digest?.content)}`;
      expect(text).toContain('日报 · 11-30（周一）');
      expect(text).toContain('店铺数据');
      expect(text).toMatch(/1 家未达标/);
      expect(storeCells(digest)).toContain('天猫旗舰店');
      expect(text).toContain('首次响应时长 48 秒（目标 ≤ 30 秒）');
      expect(storeCells(digest)).not.toContain('京东自营店');
      expect(text).toContain('今日值班');
      expect(text).toContain('王主管');
      // The alert fired today (12-01), not yesterday: the morning digest of 11-30 has none.
      expect(text).toContain('没有 KPI 告警');
      // Taobao/Tmall's final payments are 延迟统计 and shown with the day they are final up to.
      expect(text).toMatch(/延迟统计（不判定）：询单转化率（天猫，约 8 天后出数，截至 11-22）/);
      // Judged: first response only (the conversion's target would make it 2/2).
      expect(text).toContain('🔴 1/1');
      expect(text).toContain('当前仍未解决 1 起');
    });

    it('week: this week against last, with the anomaly of the week by store and kind', async () => {
      bot.deps.clock.set(new Date('2026-12-02T02:00:00Z'));
      const [text] = await say('agent', '/digest week');
      expect(text).toContain('周报 · 11-25 – 12-01');
      expect(text).toContain('本周 vs 上周');
      expect(text).toContain('本周告警最多');
      expect(text).toContain('首次响应时长');
      expect(text).toMatch(/本周 1 起，上周 0 起/);
      expect(text).not.toContain('今日值班');
    });

    it('says what a bad period is, with the usage line; /日报 周报 is the weekly report', async () => {
      const [text] = await say('agent', '/digest 明年');
      expect(text).toContain('yesterday');
      expect(text).toContain('/digest');
      // The Chinese alias and period words: 周报 is a period, not the weekly-time subcommand.
      expect((await say('agent', '/日报 周报'))[0]).toContain('周报 · ');
    });
  });

  describe('the schedules', () => {
    it('posts the morning digest once at 09:00 (settling again, or the slot replayed, posts nothing more)', async () => {
      const before = groupDigests().length;
      // 12-03 09:00:30 in Shanghai.
      bot.deps.clock.set(new Date('2026-12-03T01:00:30Z'));
      await bot.settle();
      await bot.settle();
      const posted = groupDigests().slice(before);
      expect(posted.map((m) => textOf(m).split('\n')[0])).toEqual([expect.stringContaining('日报 · 12-02')]);
      // The same slot's timer run again (a replica that raced it) enqueues nothing new.
      await bot.deps.db.transaction((tx) =>
        runScheduleTimer({ ...bot.deps, db: tx }, {
          id: -1,
          teamId: team.id,
          kind: 'schedule',
          ref: 'replay',
          payload: { key: 'digest.daily', slot: '2026-12-03T01:00:00.000Z' },
        } as never),
      );
      await bot.settle();
      expect(groupDigests().slice(before)).toHaveLength(1);
    });

    it('/digest time and /digest weekly change the slots; bad input changes nothing', async () => {
      expect((await say('leader', '/digest time 25:00'))[0]).toContain('HH:MM');
      expect((await say('leader', '/digest time'))[0]).toContain('日报：每天 09:00');
      expect((await say('leader', '/digest time 08:15'))[0]).toContain('每天 08:15');
      expect((await say('leader', '/digest weekly xyz 09:30'))[0]).toContain('不是周几');
      expect((await say('leader', '/digest weekly fri 17:00'))[0]).toContain('周五 17:00');
      expect((await say('agent', '/digest time 07:00'))[0]).not.toContain('已设置');
      expect((await say('leader', '/digest time'))[0]).toBe('日报：每天 08:15　周报：周五 17:00（Asia/Shanghai）');
      // Friday 12-04 17:00 in Shanghai: the weekly report of 11-27 – 12-03.
      const before = groupDigests().length;
      bot.deps.clock.set(new Date('2026-12-04T09:00:10Z'));
      await bot.settle();
      expect(
        groupDigests()
          .slice(before)
          .map((m) => textOf(m).split('\n')[0]),
      ).toEqual([expect.stringContaining('周报 · 11-27 – 12-03')]);
    });
  });

  describe('200 stores', () => {
    it("fit the platform's card limits: the worst stores shown, the rest summarised, /kpi for more", async () => {
      const now = new Date('2026-12-05T01:00:00Z');
      await seedDigestStores(bot.deps.db, team.id, { stores: 200, days: 14, lastDay: '2026-12-04', now });
      for (const kind of ['daily', 'weekly'] as const) {
        const fitted = await buildDigest(bot.deps, team, kind, now);
        const size = cardSize(fitted.card, bot.deps.platformFor(bot.platform));
        expect(size.fits, `${kind}: ${size.bytes} bytes, ${size.elements} elements`).toBe(true);
        const text = JSON.stringify(fitted.card);
        expect(text).toMatch(/共 20\d 家店有数据/);
        expect(text).toContain('/kpi <店铺>');
      }
    });
  });
});
