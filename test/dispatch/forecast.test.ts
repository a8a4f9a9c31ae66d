/**
 * /forecast, /calendar and the digest section through handleEvent, on a real database: the hourly
 * consult history as the data API stores it (store-level rows, or only agents' rows), not enough
 * history said plainly, the promotion calendar (team days, built-in days switched off, bad input
 * changing nothing, a repeated command acting once), the per-agent capacity, the morning digest's
 * chart, and the sandbox's demo history being enough for a forecast at once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamOf } from '../../src/core/teams';
import { query } from '../../src/db/client';
import { buildDigest } from '../../src/features/digest/build';
import { addDays } from '../../src/features/forecast/calendar-rules';
import { teamForecast } from '../../src/features/forecast/service';
import { storeDemoHistory } from '../../src/features/kpi/demo-seed';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { stores } from '../../src/features/stores/schema';
import { syntheticSeries } from '../helpers/forecast-series';
import type { TestDatabase } from '../helpers/db';
import { openWorld, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

// The world's clock: Monday 2026-11-23, 10:02 in Shanghai. Tomorrow is Tuesday 11-24.
const TOMORROW = '2026-11-24';

describe.each(PLATFORMS)('/forecast and /calendar (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  let storeIds: number[];
  beforeAll(async () => {
    ({ db, w } = await openWorld(platform));
    storeIds = (await db.db.select({ id: stores.id }).from(stores)).map((s) => s.id);
  });
  afterAll(() => w.close());

  const team = async () => (await teamOf(w.deps.db, w.teamId))!;
  const calendarRows = async () =>
    query<{ day: string; name: string; multiplier: number }>(
      db.db,
      sql`select day::text as day, name, multiplier from calendar_days where team_id = ${w.teamId} order by day`,
    );
  /** Hourly consult rows of the synthetic series for [from, to], split over the two stores. */
  const store = async (from: string, days: number, agents = false) => {
    const series = syntheticSeries({
      from,
      days,
      level: 2400,
      wave: 0,
      dayNoise: 0.03,
      hourNoise: 0.03,
      seed: 'dispatch',
    });
    const rows: ValueRow[] = [];
    for (const [day, hours] of series)
      hours.forEach((n, hour) => {
        const tmall = Math.round(n * 0.6);
        if (agents) {
          rows.push({
            storeId: storeIds[0]!,
            agent: '小王',
            metric: 'consult_users',
            day,
            hour,
            value: tmall,
            base: null,
          });
          rows.push({ storeId: storeIds[0]!, agent: '小李', metric: 'consult_users', day, hour, value: 0, base: null });
        } else
          rows.push({ storeId: storeIds[0]!, agent: '', metric: 'consult_users', day, hour, value: tmall, base: null });
        rows.push({
          storeId: storeIds[1]!,
          agent: '',
          metric: 'consult_users',
          day,
          hour,
          value: n - tmall,
          base: null,
        });
      });
    await upsertValues(db.db, w.teamId, rows, 'api', w.clock.now());
    return series;
  };

  it('without hourly history: says what it needs, and the digest leaves the section out', async () => {
    const [text] = await w.say(w.p.leader, '/forecast');
    expect(text).toContain('还不能预测');
    expect(text).toContain('只有 0 天');
    const digest = JSON.stringify((await buildDigest(w.deps, await team(), 'daily', w.clock.now())).card);
    expect(digest).not.toContain('明日咨询预测');
  });

  it('with 10 days: still not enough, and says how many it has', async () => {
    await store(addDays(TOMORROW, -11), 10);
    const [text] = await w.say(w.p.agent, '/预测');
    expect(text).toContain('至少 14 个平常日');
    expect(text).toContain('只有 10 天');
    // The morning digest says so too, once a team has started sending hours.
    const digest = JSON.stringify((await buildDigest(w.deps, await team(), 'daily', w.clock.now())).card);
    expect(digest).toContain('还不能预测');
  });

  it('with 5 weeks: tomorrow per hour, its peaks, the agents needed, a chart and the hour table', async () => {
    const series = await store(addDays(TOMORROW, -36), 35);
    // Today's partial hours are there too: the forecast must not read them.
    await upsertValues(
      db.db,
      w.teamId,
      [
        {
          storeId: storeIds[0]!,
          agent: '',
          metric: 'consult_users',
          day: '2026-11-23',
          hour: 9,
          value: 99999,
          base: null,
        },
      ],
      'api',
      w.clock.now(),
    );
    const [text] = await w.say(w.p.agent, '/forecast');
    expect(text).toContain('11-24（周二）咨询预测');
    expect(text).toMatch(/预计咨询 \*\*[\d,]+\*\* 人/);
    expect(text).toContain('每人每小时 60 个咨询');
    // The chart: Feishu draws the VChart spec; DingTalk cannot, and shows its data as a table.
    expect(text).toContain(platform === 'feishu' ? '"type":"common"' : '钉钉卡片无法显示图表，以下为图表数据');
    expect(text).toContain('所需人数');
    // The card as the platform gets it (chart and hour table included) is well inside its limit
    // (Feishu 30 KB; DingTalk 15,000 bytes, with its params' text read here).
    expect(Buffer.byteLength(text!)).toBeLessThan(platform === 'feishu' ? 20 * 1024 : 15_000);
    const view = await teamForecast(w.deps, await team(), TOMORROW, w.clock.now());
    if (!view.forecast.ok) throw new Error('no forecast');
    // The series' own Tuesday a week before, grown by a week of trend: within 5%.
    const lastTuesday = series.get(addDays(TOMORROW, -7))!.reduce((a, b) => a + b, 0);
    expect(Math.abs(view.forecast.total / lastTuesday - 1)).toBeLessThan(0.05);
    // 35 days, less the built-in promotions among them (10-31, 11-01, 11-10, 11-11).
    expect(view.forecast.basisDays).toBe(31);
    expect(view.agents).toEqual(view.forecast.hours.map((v) => Math.ceil(v / 60 - 1e-9)));
    // A date as words, and bad dates changing nothing.
    expect((await w.say(w.p.agent, '/forecast 11-26'))[0]).toContain('11-26（周四）咨询预测');
    expect((await w.say(w.p.agent, '/forecast 昨天'))[0]).toContain('看不懂');
    expect((await w.say(w.p.agent, '/forecast 11-23'))[0]).toContain('已经过去或就是今天');
    expect((await w.say(w.p.agent, '/forecast 2027-03-01'))[0]).toContain('太远了');
  });

  it('reads agents’ hourly rows where a store sends no store-level row', async () => {
    await query(db.db, sql`delete from kpi_values where team_id = ${w.teamId}`);
    await store(addDays(TOMORROW, -36), 35, true);
    const view = await teamForecast(w.deps, await team(), TOMORROW, w.clock.now());
    expect(view.forecast.ok && view.forecast.basisDays).toBe(31);
  });

  it('capacity: leaders set it, agents cannot, bad numbers change nothing', async () => {
    const before = await teamForecast(w.deps, await team(), TOMORROW, w.clock.now());
    expect((await w.say(w.p.leader, '/forecast capacity 0'))[0]).toContain('1 到 1000');
    expect((await w.say(w.p.agent, '/forecast capacity 100'))[0]).not.toContain('已设置');
    expect((await w.say(w.p.leader, '/forecast capacity 100'))[0]).toContain('每人每小时 100 个');
    expect((await w.say(w.p.leader, '/forecast capacity 100'))[0]).toContain('每人每小时 100 个');
    expect((await w.say(w.p.leader, '/forecast capacity'))[0]).toContain('按每人每小时 100 个');
    const after = await teamForecast(w.deps, await team(), TOMORROW, w.clock.now());
    expect(after.capacity).toBe(100);
    expect(Math.max(...after.agents)).toBeLessThan(Math.max(...before.agents));
    expect((await w.say(w.p.agent, '/forecast'))[0]).toContain('每人每小时 100 个咨询');
  });

  it('/calendar add marks a day: tomorrow at ×2, once however often it is sent; bad input changes nothing', async () => {
    const plain = await teamForecast(w.deps, await team(), TOMORROW, w.clock.now());
    expect((await w.say(w.p.leader, '/calendar add 11-24 直播 大场 x2'))[0]).toContain(
      '已标记 2026-11-24（周二）直播 大场 ×2',
    );
    await w.say(w.p.leader, '/calendar add 2026-11-24 直播 大场 x2');
    expect(await calendarRows()).toEqual([{ day: '2026-11-24', name: '直播 大场', multiplier: 2 }]);
    const promo = await teamForecast(w.deps, await team(), TOMORROW, w.clock.now());
    if (!plain.forecast.ok || !promo.forecast.ok) throw new Error('no forecast');
    expect(promo.forecast.total / plain.forecast.total).toBeCloseTo(2, 6);
    expect((await w.say(w.p.agent, '/forecast'))[0]).toContain('直播 大场：按平常同一天的 ×2 预计');

    expect((await w.say(w.p.leader, '/calendar add 11-30 店庆 xx'))[0]).toContain('倍数「xx」看不懂');
    expect((await w.say(w.p.leader, '/calendar add 11-30 店庆'))[0]).toContain('请写倍数');
    expect((await w.say(w.p.leader, '/calendar add 11-30 x2'))[0]).toContain('请写名称');
    expect((await w.say(w.p.leader, '/calendar add 13-45 店庆 x2'))[0]).toContain('看不懂');
    expect((await w.say(w.p.leader, '/calendar add 2031-01-01 店庆 x2'))[0]).toContain('超出范围');
    expect((await w.say(w.p.agent, '/calendar add 11-30 店庆 x2'))[0]).not.toContain('已标记');
    expect(await calendarRows()).toHaveLength(1);
    // A built-in day takes its default multiplier when none is given.
    expect((await w.say(w.p.leader, '/calendar add 2027-06-18 618'))[0]).toContain('×2.5');
  });

  it('/calendar lists the platform promotions and the team’s days; remove switches a built-in off, twice acts once', async () => {
    const [list] = await w.say(w.p.agent, '/calendar');
    expect(list).toContain('2026-11-24（周二）直播 大场 ×2　本组标记');
    expect(list).toContain('2026-12-12（周六）双12 ×1.6　平台大促（默认）');
    expect((await w.say(w.p.leader, '/calendar remove 12-12'))[0]).toContain('不按大促算');
    expect((await w.say(w.p.leader, '/calendar remove 12-12'))[0]).toContain('不按大促算');
    expect((await calendarRows()).filter((r) => r.day === '2026-12-12')).toEqual([
      { day: '2026-12-12', name: '双12', multiplier: 1 },
    ]);
    expect((await w.say(w.p.agent, '/calendar'))[0]).toContain('双12 ×1　本组不按大促算');
    expect((await w.say(w.p.leader, '/calendar add 12-12 双12 x1.8'))[0]).toContain('×1.8');
    expect((await w.say(w.p.leader, '/calendar remove 12-12'))[0]).toContain('恢复为平台大促 双12 ×1.6');
    expect((await w.say(w.p.leader, '/calendar remove 11-24'))[0]).toContain('已删除 2026-11-24 的标记');
    expect((await w.say(w.p.leader, '/calendar remove 11-24'))[0]).toContain('没有标记');
    expect((await calendarRows()).map((r) => r.day)).toEqual(['2027-06-18']);
  });

  it('the morning digest carries tomorrow’s chart; the weekly report does not', async () => {
    const daily = JSON.stringify((await buildDigest(w.deps, await team(), 'daily', w.clock.now())).card);
    expect(daily).toContain('明日咨询预测与排班建议');
    expect(daily).toContain('11-24（周二）预计咨询');
    expect(daily).toContain('每小时预计咨询量与所需人数');
    const weekly = JSON.stringify((await buildDigest(w.deps, await team(), 'weekly', w.clock.now())).card);
    expect(weekly).not.toContain('明日咨询预测');
  });

  it('the sandbox demo history is enough for a forecast at once', async () => {
    await query(db.db, sql`delete from kpi_values where team_id = ${w.teamId}`);
    await storeDemoHistory(db.db, await team(), w.clock.now());
    const view = await teamForecast(w.deps, await team(), TOMORROW, w.clock.now());
    expect(view.forecast.ok).toBe(true);
    if (!view.forecast.ok) return;
    expect(view.forecast.basisDays).toBeGreaterThanOrEqual(20);
    // The demo floor's peaks: mornings and evenings, never the small hours.
    expect(view.forecast.hours.indexOf(Math.max(...view.forecast.hours))).toBeGreaterThanOrEqual(9);
  });
});
