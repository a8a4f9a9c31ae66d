import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadValues } from '../../src/features/kpi/repo';
import { cardHeader, PLATFORMS, textOf } from '../helpers/bot';
import { startKpiTeam, type KpiBot } from '../helpers/kpi-team';

describe.each(PLATFORMS)('KPI commands through the emulator (%s)', (platform) => {
  let bot: KpiBot;
  let teamId: number;

  beforeAll(async () => {
    ({ bot, teamId } = await startKpiTeam(platform));
  });
  afterAll(() => bot.close());

  const reply = async (who: keyof KpiBot['users'], text: string) => textOf((await bot.say(bot.users[who], text))[0]);
  /** What the bot sent to a person in their private chat. */
  const privately = (openId: string) =>
    bot.emulator
      .messages()
      .filter(
        (m) =>
          m.sender.type === 'bot' &&
          bot.emulator.chat(m.chatId)?.type === 'p2p' &&
          bot.emulator.chat(m.chatId)?.memberOpenIds.includes(openId),
      );

  describe('/setup token', () => {
    it('sends the token privately, never to the group; again says one exists; rotate replaces it', async () => {
      const inGroup = (await bot.say(bot.users.supervisor, '/setup token')).filter((m) => m.chatId === bot.chat.chatId);
      expect(inGroup.map(textOf)).toEqual([expect.stringContaining('已私信你')]);
      const [dm] = privately(bot.users.supervisor.openId);
      const token = /fw_[A-Za-z0-9_-]+/.exec(textOf(dm))?.[0];
      expect(token).toBeDefined();
      expect(bot.emulator.messages(bot.chat.chatId).some((m) => textOf(m).includes(token!))).toBe(false);
      expect(await reply('supervisor', '/setup token')).toContain('已有数据接口令牌');
      const ok = await bot.app.request('/api/v1/metrics?from=2026-11-30&to=2026-11-30', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      await bot.say(bot.users.supervisor, '/setup token rotate');
      expect(privately(bot.users.supervisor.openId)).toHaveLength(2);
      expect(
        (
          await bot.app.request('/api/v1/metrics?from=2026-11-30&to=2026-11-30', {
            headers: { authorization: `Bearer ${token}` },
          })
        ).status,
      ).toBe(401);
    });

    it('is for supervisors only', async () => {
      expect(await reply('agent', '/setup token')).toContain('主管');
      expect(privately(bot.users.agent.openId)).toEqual([]);
    });
  });

  describe('/kpi set, /kpi, /target', () => {
    it("records values by hand in the metric's unit, replacing on a second entry", async () => {
      expect(await reply('leader', '/kpi set 天猫 首次响应时长 45秒')).toBe(
        '已记录 天猫旗舰店 2026-11-30 的首次响应时长：45 秒',
      );
      expect(await reply('leader', '/kpi set 天猫旗舰店 first_response_s 41 2026-11-30')).toBe(
        '已记录 天猫旗舰店 2026-11-30 的首次响应时长：41 秒（替换了之前的 45 秒）',
      );
      expect(await reply('leader', '/kpi set 天猫旗舰店 3分钟人工响应率 85% 11-30')).toContain('85%');
      await bot.say(bot.users.leader, '/kpi set 天猫旗舰店 first_response_s 25 11-29');
      await bot.say(bot.users.leader, '/kpi set 京东自营店 first_response_s 20 11-30');
      const values = await loadValues(bot.deps.db, teamId, { from: '2026-11-29', to: '2026-11-30' });
      expect(values.map((v) => [v.metric, v.day, v.value]).sort()).toEqual(
        [
          ['first_response_s', '2026-11-29', 25],
          ['first_response_s', '2026-11-30', 20],
          ['first_response_s', '2026-11-30', 41],
          ['reply_3min_rate', '2026-11-30', 0.85],
        ].sort(),
      );
    });

    it('refuses bad input with a clear message and stores nothing', async () => {
      const before = (await loadValues(bot.deps.db, teamId, { from: '2026-01-01', to: '2026-12-31' })).length;
      expect(await reply('leader', '/kpi set 天猫旗舰店 心情 3')).toContain('没有「心情」这个指标');
      expect(await reply('leader', '/kpi set 天猫旗舰店 first_response_s 很快')).toContain(
        '不是首次响应时长的有效数值',
      );
      expect(await reply('leader', '/kpi set 天猫旗舰店 3分钟人工响应率 120%')).toContain('比率不能超过 100%');
      expect(await reply('leader', '/kpi set 天猫旗舰店 first_response_s 30 2026-12-05')).toContain('还没到');
      expect(await reply('leader', '/kpi set 拼多多 first_response_s 30')).toContain('拼多多');
      expect(await reply('agent', '/kpi set 天猫旗舰店 first_response_s 30')).toContain('组长');
      expect((await loadValues(bot.deps.db, teamId, { from: '2026-01-01', to: '2026-12-31' })).length).toBe(before);
    });

    it('/kpi shows each metric against its target, red where breached, with a trend chart', async () => {
      const [card] = await bot.say(bot.users.agent, '/kpi 天猫旗舰店');
      expect(cardHeader(card)).toEqual({ title: '数据 · 天猫旗舰店 · 昨天（2026-11-30）', color: 'red' });
      const text = textOf(card);
      expect(text).toContain('🔴 **首次响应时长** 41 秒（目标 ≤ 30 秒，差 11 秒）');
      expect(text).toContain('🔴 **3分钟人工响应率** 85%（目标 ≥ 90%，差 5%）');
      // Feishu draws the trend as a chart; DingTalk's cards draw none: the days as a table (card-chart.ts).
      if (bot.platform === 'feishu')
        expect(
          (card!.content as { body: { elements: { tag: string }[] } }).body.elements.some((e) => e.tag === 'chart'),
        ).toBe(true);
      else
        expect(
          JSON.parse(String((card!.content.cardParamMap as Record<string, string>).blocks)).some(
            (b: { type: string }) => b.type === 'table',
          ),
        ).toBe(true);
      // The team: 天猫 41 s and 京东 20 s are store days; no base, so each counts once.
      expect(textOf((await bot.say(bot.users.agent, '/kpi'))[0])).toContain('**首次响应时长** 30.5 秒');
      expect(await reply('agent', '/kpi 7d 天猫旗舰店')).toContain('不是时段');
      expect(await reply('agent', '/kpi 拼多多')).toContain('拼多多');
    });

    it('/target: shows, sets for the team or a store (supervisors), resets back', async () => {
      expect(await reply('agent', '/target')).toContain('**首次响应时长** ≤ 30 秒（默认）');
      expect(await reply('agent', '/target first_response_s <=40')).toContain('只有主管');
      expect(await reply('supervisor', '/target first_response_s <=45')).toBe(
        '已设置全组的目标：首次响应时长 ≤ 45 秒。',
      );
      expect(await reply('supervisor', '/target 3分钟人工响应率 >=80% 天猫旗舰店')).toBe(
        '已设置天猫旗舰店的目标：3分钟人工响应率 ≥ 80%。',
      );
      expect(textOf((await bot.say(bot.users.agent, '/kpi 天猫旗舰店'))[0])).toContain('✅ **首次响应时长** 41 秒');
      expect(await reply('supervisor', '/target first_response_s 快')).toContain('目标写成 <=30');
      expect(await reply('supervisor', '/target reset 3分钟人工响应率 天猫旗舰店')).toBe(
        '已恢复天猫旗舰店的3分钟人工响应率目标：现在是 ≥ 90%。',
      );
      expect(await reply('supervisor', '/target reset 3分钟人工响应率 天猫旗舰店')).toContain('无需恢复');
    });
  });

  describe("/kpi metrics: the team's own metrics", () => {
    it('lists the catalog and the (still empty) own metrics; only supervisors add or remove', async () => {
      const list = await reply('agent', '/kpi metrics');
      expect(list).toContain('**首次响应时长** `first_response_s`');
      expect(list).toContain('本组指标（0）');
      expect(await reply('leader', '/kpi metrics add presale_calls 售前电话数 个 up')).toContain('只有主管');
      expect(await reply('agent', '/kpi metrics remove presale_calls')).toContain('只有主管');
      expect(await reply('supervisor', '/kpi metrics fly')).toContain('「fly」不是 /kpi metrics 的操作');
    });

    it('adds one (units and directions in Chinese words too); again adds nothing; bad words are refused', async () => {
      expect(await reply('supervisor', '/kpi metrics add presale_calls 售前电话数 个 up')).toBe(
        '已添加本组指标 售前电话数（presale_calls，数量，越高越好）。/kpi set、/target、数据接口和导入的报表列名里都可以用它。',
      );
      expect(await reply('supervisor', '/kpi metrics add presale_calls 售前电话数 个 up')).toContain('无需重复添加');
      expect(await reply('supervisor', '/kpi metrics add presale_calls 售前电话数 秒 down')).toContain(
        '先 /kpi metrics remove presale_calls 再添加',
      );
      expect(await reply('supervisor', '/kpi metrics add wait_share 等待占比 % ↓')).toBe(
        '已添加本组指标 等待占比（wait_share，百分比，越低越好）。/kpi set、/target、数据接口和导入的报表列名里都可以用它。',
      );
      expect(await reply('supervisor', '/kpi metrics add Presale 售前 个 up')).toContain('不能做 key');
      expect(await reply('supervisor', '/kpi metrics add first_response_s 首响 秒 down')).toContain('已是目录里的指标');
      expect(await reply('supervisor', '/kpi metrics add my_first 首次响应时长 秒 down')).toContain(
        '已是目录里的指标（首次响应时长，first_response_s）',
      );
      expect(await reply('supervisor', '/kpi metrics add my_calls 售前电话数 个 up')).toContain(
        '已是本组指标 售前电话数',
      );
      expect(await reply('supervisor', '/kpi metrics add my_weight 重量 斤 up')).toContain('「斤」不是单位');
      expect(await reply('supervisor', '/kpi metrics add my_weight 重量 个 sideways')).toContain(
        '「sideways」不是方向',
      );
      expect(await reply('supervisor', '/kpi metrics add my_weight 重量')).toContain('写成 /kpi metrics add <key>');
      const list = await reply('agent', '/kpi metrics');
      expect(list).toContain('本组指标（2）');
      expect(list).toContain('↑ **售前电话数** `presale_calls` · 数量');
      expect(list).toContain('↓ **等待占比** `wait_share` · 百分比');
    });

    it('is named like a catalog metric in /kpi set, /target and shown on the /kpi card with its own name', async () => {
      expect(await reply('leader', '/kpi set 天猫旗舰店 售前电话数 12')).toBe(
        '已记录 天猫旗舰店 2026-11-30 的售前电话数：12',
      );
      expect(await reply('leader', '/kpi set 天猫旗舰店 wait_share 120%')).toContain('比率不能超过 100%');
      expect(await reply('leader', '/kpi set 天猫旗舰店 wait_share 8%')).toContain('等待占比：8%');
      expect(await reply('leader', '/kpi set 天猫旗舰店 售前电话 3')).toContain('你是不是想找：售前电话数');
      expect(await reply('supervisor', '/target 售前电话数 >=20')).toBe('已设置全组的目标：售前电话数 ≥ 20。');
      expect(await reply('agent', '/target')).toContain('**售前电话数** ≥ 20');
      const card = textOf((await bot.say(bot.users.agent, '/kpi 天猫旗舰店'))[0]);
      expect(card).toContain('🔴 **售前电话数** 12（目标 ≥ 20，差 8）');
      expect(card).toContain('⚪ **等待占比** 8%');
    });

    it('remove deletes the definition and keeps its values; adding it again brings them back', async () => {
      expect(await reply('supervisor', '/kpi metrics remove first_response_s')).toContain('是目录里的指标，不能删除');
      expect(await reply('supervisor', '/kpi metrics remove nothing_here')).toContain(
        '本组没有自己的指标「nothing_here」',
      );
      expect(await reply('supervisor', '/kpi metrics remove presale_calls')).toContain('已删除本组指标 售前电话数');
      expect(await reply('leader', '/kpi set 天猫旗舰店 售前电话数 3')).toContain('没有「售前电话数」这个指标');
      expect(await reply('agent', '/kpi 天猫旗舰店')).not.toContain('售前电话数');
      const kept = await loadValues(bot.deps.db, teamId, {
        from: '2026-11-30',
        to: '2026-11-30',
        metrics: ['presale_calls'],
      });
      expect(kept.map((v) => v.value)).toEqual([12]);
      await bot.say(bot.users.supervisor, '/kpi metrics add presale_calls 售前电话数 个 up');
      expect(await reply('agent', '/kpi 天猫旗舰店')).toContain('**售前电话数** 12');
    });

    it("speaks the team's language", async () => {
      await bot.say(bot.users.supervisor, '/setup locale en');
      expect(await reply('supervisor', '/kpi metrics add refund_calls 退款电话 count up')).toBe(
        "Added the team's metric 退款电话 (refund_calls, count, higher is better). Use it in /kpi set, /target, the data API and as an export file's column name.",
      );
      expect(await reply('supervisor', '/kpi metrics add refund_calls 退款电话 kg up')).toContain('"kg" is not a unit');
      expect(await reply('leader', '/kpi set 天猫旗舰店 退款电 3')).toContain('Did you mean: 退款电话');
      await bot.say(bot.users.supervisor, '/setup locale zh-CN');
    });
  });
});
