/**
 * The alert card's life against each platform's emulator: opened after group_wait with the ops people
 * mentioned, a worse value updated in place, hysteresis, the resolve struck through within a
 * minute, claims and silences from the card, a silence's expiry, /alert, business hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS, textOf } from '../helpers/bot';
import { cardUpdates, mentions, sentCards } from '../helpers/sent';
import { startOpsTeam } from '../helpers/ops-team';

describe.each(PLATFORMS)('the alert card (%s)', (platform) => {
  let w: Awaited<ReturnType<typeof startOpsTeam>>;
  let bot: typeof w.bot;

  beforeAll(async () => {
    // 2027-01-05 10:00 in Shanghai (the clock only moves forward: a day still to come).
    w = await startOpsTeam({ at: new Date('2027-01-05T02:00:00Z'), stores: ['天猫旗舰店', '京东自营店'], platform });
    bot = w.bot;
  });
  afterAll(() => bot.close());

  /** Moves the clock and runs what became due. */
  const tick = (ms: number) => w.tick(ms);

  /** The alert cards sent as new messages (a repeat's old card is patched to a stub later). */
  type Msg = ReturnType<typeof sentCards>[number];
  const alertCards = () => sentCards(bot, bot.chat.chatId, '告警 ·');
  const patches = () => ({ length: cardUpdates(bot) });
  const current = (m: Msg) => textOf(bot.emulator.message(m.messageId));

  describe('one card per group, updated in place', () => {
    let card: Msg;

    it('opens after group_wait, naming the metric, the store, value vs target, since when, and @ops', async () => {
      await bot.say(bot.users.leader, '/kpi set 天猫旗舰店 首次响应时长 35秒');
      await tick(3_000);
      expect(alertCards()).toHaveLength(0);
      await tick(10_000);
      expect(alertCards()).toHaveLength(1);
      card = alertCards()[0]!;
      const text = textOf(card);
      expect(text).toContain('告警 · 1 项超标');
      expect(text).toContain('**天猫旗舰店**');
      expect(text).toContain('首次响应时长 **35 秒**（目标 ≤ 30 秒） · 自 10:00');
      expect(mentions(bot, card, bot.users.ops.openId)).toBe(true);
      expect(text).toContain('认领');
      expect(text).toContain('静默 2 小时');
    });

    it('a worse value is the same alert, updated in place: "from 35 s to 48 s"', async () => {
      const before = patches().length;
      await bot.say(bot.users.leader, '/kpi set 天猫旗舰店 首次响应时长 48秒');
      await tick(3_000);
      await tick(6_000);
      expect(alertCards()).toHaveLength(1);
      expect(patches().length).toBe(before + 1);
      expect(current(card)).toContain('首次响应时长 **48 秒**（目标 ≤ 30 秒） · 从 35 秒 到 48 秒');
    });

    it('a value back inside the target but within the margin does not resolve it; past the margin it does, struck through within a minute', async () => {
      await bot.say(bot.users.leader, '/kpi set 天猫旗舰店 首次响应时长 29秒');
      await tick(3_000);
      await tick(6_000);
      expect(current(card)).toContain('告警 · 1 项超标');
      await bot.say(bot.users.leader, '/kpi set 天猫旗舰店 首次响应时长 20秒');
      await tick(3_000);
      await tick(6_000);
      expect(current(card)).toContain('告警 · 已全部恢复');
      expect(current(card)).toContain('✅ ~~首次响应时长 20 秒~~ 已恢复');
      expect(alertCards()).toHaveLength(1);
    });

    it('a new breach after the episode closed is a new message', async () => {
      await bot.say(bot.users.leader, '/kpi set 京东自营店 3分钟人工响应率 80%');
      await tick(3_000);
      await tick(10_000);
      expect(alertCards()).toHaveLength(2);
      expect(textOf(alertCards()[1])).toContain('3分钟人工响应率 **80%**（目标 ≥ 90%）');
      expect(await bot.say(bot.users.agent, '/alert').then((m) => textOf(m[0]))).toContain(
        '京东自营店 · 3分钟人工响应率 **80%**',
      );
    });
  });

  describe('buttons and silences', () => {
    const card = () => alertCards()[1]!;

    it('认领 names who is on it; a second press says who', async () => {
      const r = await bot.press(card(), bot.users.leader, '认领');
      expect(r.toast).toContain('已认领 京东自营店 的 1 项告警');
      await tick(6_000);
      expect(current(card())).toContain('处理人');
      const again = await bot.press(card(), bot.users.ops, '认领');
      expect(again.toast).toContain('李组长 已在处理');
    });

    it('静默 2 小时 keeps the alert, counted on the card; agents may not; the expiry is told and the alert is back', async () => {
      const refused = await bot.press(card(), bot.users.agent, '静默 2 小时');
      expect(refused.toast).toContain('组长、运营或主管');
      const r = await bot.press(card(), bot.users.ops, '静默 2 小时');
      expect(r.toast).toContain('已静默 京东自营店 的全部指标 2 小时');
      await bot.press(card(), bot.users.ops, '静默 2 小时');
      await tick(6_000);
      expect(current(card())).toContain('已静默 1 项');
      const list = textOf((await bot.say(bot.users.agent, '/silence list'))[0]);
      expect(list.match(/#\d+ 京东自营店 的全部指标/g)).toHaveLength(1);
      expect(list).toContain('运营小张');
      expect(textOf((await bot.say(bot.users.agent, '/alert'))[0])).toContain('🔕');
      const before = bot.emulator.messages(bot.chat.chatId).length;
      await tick(2 * 3600_000);
      await tick(6_000);
      const after = bot.emulator.messages(bot.chat.chatId).slice(before).map(textOf);
      expect(after).toEqual([expect.stringMatching(/静默 #\d+ 已到期（京东自营店 的全部指标）。仍超标 1 项/)]);
      expect(current(card())).not.toContain('已静默');
      expect(current(card())).toContain('3分钟人工响应率 **80%**');
    });

    it('/silence by command, /silence end; bad input changes nothing', async () => {
      expect(textOf((await bot.say(bot.users.agent, '/silence all 2h'))[0])).toContain('组长');
      expect(textOf((await bot.say(bot.users.leader, '/silence 拼多多 2h'))[0])).toContain('既不是店铺也不是指标');
      expect(textOf((await bot.say(bot.users.leader, '/silence 京东 soon'))[0])).toContain('静默时长');
      const set = textOf((await bot.say(bot.users.leader, '/silence 京东自营店 3分钟人工响应率 30m 大促调整'))[0]);
      expect(set).toMatch(/已静默 #\d+：京东自营店 的3分钟人工响应率，至 .*（大促调整）/);
      const id = /#(\d+)/.exec(set)![1];
      expect(textOf((await bot.say(bot.users.leader, `/silence end ${id}`))[0])).toContain('仍超标 1 项');
      expect(textOf((await bot.say(bot.users.leader, `/silence end ${id}`))[0])).toContain(`没有生效中的静默 #${id}`);
    });
  });

  describe('settings', () => {
    it('/alert policy and /alert hours for supervisors; bad words refused', async () => {
      expect(textOf((await bot.say(bot.users.leader, '/alert policy wait=30s'))[0])).toContain('主管');
      expect(textOf((await bot.say(bot.users.supervisor, '/alert policy colour=red'))[0])).toContain(
        '看不懂「colour」',
      );
      expect(textOf((await bot.say(bot.users.supervisor, '/alert policy group_wait=10s repeat=4h'))[0])).toContain(
        '分组等待 10秒',
      );
      expect(textOf((await bot.say(bot.users.supervisor, '/alert hours 9-23'))[0])).toContain('09:00-23:00');
      expect(textOf((await bot.say(bot.users.supervisor, '/alert hours 09:00-23:00'))[0])).toContain(
        '工作时间已设为 09:00-23:00',
      );
    });

    it('a breach outside business hours is held and summarised once when the next period starts', async () => {
      // 2027-01-06 00:30 in Shanghai.
      bot.deps.clock.set(new Date('2027-01-05T16:30:00Z'));
      await bot.say(bot.users.leader, '/kpi set 天猫旗舰店 首次响应时长 50秒');
      const before = alertCards().length;
      await tick(3_000);
      await tick(3600_000);
      expect(alertCards().length).toBe(before);
      bot.deps.clock.set(new Date('2027-01-06T01:00:05Z'));
      await tick(1_000);
      expect(alertCards().length).toBe(before + 1);
      expect(textOf(alertCards().at(-1))).toContain('非工作时间发生 1 项');
    });
  });
});
