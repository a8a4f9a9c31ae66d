/**
 * The forecast's pure rules: accuracy on a clean synthetic series (a real tolerance, not timing),
 * promotion days out of the baseline and in through their multiplier, robustness to an unmarked
 * spike, "not enough history", the backtest against the naive forecast, staffing, the calendar words.
 */
import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/features/forecast/backtest';
import {
  addDays,
  builtinPromo,
  multiplierOf,
  parseDay,
  parseMultiplier,
  promoOf,
  promosBetween,
  type TeamDay,
} from '../../src/features/forecast/calendar-rules';
import { agentsNeeded, forecastDay, MIN_DAYS, peakHours, theilSen } from '../../src/features/forecast/model';
import { forecastSpec } from '../../src/features/forecast/view';
import { benchSeries } from '../bench/forecast';
import { syntheticSeries } from '../helpers/forecast-series';

const FROM = '2026-06-22'; // a Monday, after 618
const clean = syntheticSeries({ from: FROM, days: 120, wave: 0 });
const none = () => 1;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('forecastDay', () => {
  it('on a clean series (weekly seasonality, linear trend, hourly shapes), every hour of each weekday within 3%', () => {
    let worst = 0;
    // Seven consecutive days: each weekday once, forecast the evening before the day before.
    for (let i = 0; i < 7; i++) {
      const day = addDays(FROM, 100 + i);
      const f = forecastDay({ history: clean, day, today: addDays(day, -1), multiplier: none });
      expect(f.ok).toBe(true);
      if (!f.ok) continue;
      const actual = clean.get(day)!;
      for (let h = 0; h < 24; h++) worst = Math.max(worst, Math.abs(f.hours[h]! - actual[h]!) / actual[h]!);
      expect(Math.abs(f.total - sum(actual)) / sum(actual)).toBeLessThan(0.015);
    }
    expect(worst).toBeLessThan(0.03);
  });

  it('sees the trend: +30% a year is about +0.5% a week', () => {
    const day = addDays(FROM, 100);
    const f = forecastDay({ history: clean, day, today: addDays(day, -1), multiplier: none });
    if (!f.ok) throw new Error('no forecast');
    expect(f.weeklyTrend).toBeGreaterThan(0.002);
    expect(f.weeklyTrend).toBeLessThan(0.012);
  });

  it('says when there is not enough history: fewer than 14 ordinary days in the last 8 weeks', () => {
    const short = syntheticSeries({ from: FROM, days: 13 });
    const f = forecastDay({ history: short, day: addDays(FROM, 14), today: addDays(FROM, 13), multiplier: none });
    expect(f).toEqual({ ok: false, reason: 'not_enough', basisDays: 13 });
    // 20 days, 7 of them promotions: 13 ordinary days are still not enough.
    const twenty = syntheticSeries({ from: FROM, days: 20 });
    const promo = (d: string) => (d < addDays(FROM, 7) ? 2 : 1);
    const g = forecastDay({ history: twenty, day: addDays(FROM, 21), today: addDays(FROM, 20), multiplier: promo });
    expect(g).toMatchObject({ ok: false, basisDays: 13 });
    expect(MIN_DAYS).toBe(14);
    // Today's partial hours and the days after it are never used.
    const h = forecastDay({ history: short, day: addDays(FROM, 30), today: addDays(FROM, 5), multiplier: none });
    expect(h).toMatchObject({ ok: false, basisDays: 5 });
  });

  it('a marked promotion day is left out of the baseline and its multiplier applied to the day forecast', () => {
    const spikes = { [addDays(FROM, 95)]: 3, [addDays(FROM, 88)]: 2.5 };
    const spiky = syntheticSeries({ from: FROM, days: 120, wave: 0, spikes });
    const marked = (d: string) => spikes[d] ?? 1;
    const day = addDays(FROM, 102); // the same weekday as both spikes
    const base = forecastDay({ history: clean, day, today: addDays(day, -1), multiplier: none });
    const withPromos = forecastDay({ history: spiky, day, today: addDays(day, -1), multiplier: marked });
    if (!base.ok || !withPromos.ok) throw new Error('no forecast');
    expect(Math.abs(withPromos.total / base.total - 1)).toBeLessThan(0.01);
    // The promotion day itself: ×3 of an ordinary day of its weekday.
    const promoDay = forecastDay({
      history: clean,
      day,
      today: addDays(day, -1),
      multiplier: (d) => (d === day ? 3 : 1),
    });
    if (!promoDay.ok) throw new Error('no forecast');
    expect(promoDay.total / base.total).toBeCloseTo(3, 6);
    expect(promoDay.multiplier).toBe(3);
  });

  it('an unmarked spike (a live stream nobody put in the calendar) barely moves the next forecast', () => {
    const day = addDays(FROM, 102);
    const spiky = syntheticSeries({ from: FROM, days: 120, wave: 0, spikes: { [addDays(FROM, 95)]: 2.5 } });
    const a = forecastDay({ history: clean, day, today: addDays(day, -1), multiplier: none });
    const b = forecastDay({ history: spiky, day, today: addDays(day, -1), multiplier: none });
    if (!a.ok || !b.ok) throw new Error('no forecast');
    // A mean of the same weekday's last 4 weeks would be +37%.
    expect(Math.abs(b.total / a.total - 1)).toBeLessThan(0.03);
  });
});

describe('backtest (the bench series: a noisy year with promotions)', () => {
  it('MAPE per hour over the last 8 weeks is at most 15% and beats "same hour last week"', () => {
    const { history, multiplier } = benchSeries();
    const window = Array.from({ length: 56 }, (_, i) => addDays('2026-11-06', i));
    const r = backtest(history, window, multiplier);
    expect(r.days).toBe(56);
    expect(r.hours).toBe(56 * 24);
    expect(r.model.mape).toBeLessThanOrEqual(0.15);
    expect(r.model.mape).toBeLessThan(r.naive.mape);
    expect(r.model.mape).toBeLessThan(r.naiveCalendar.mape);
    expect(r.ordinary.model).toBeLessThan(r.ordinary.naive);
    // Noise of this series is ~9% an hour: a model this close to it is not overfitting the test.
    expect(r.model.mape).toBeGreaterThan(0.05);
  });
});

describe('staffing and peaks', () => {
  it('needs ⌈volume / capacity⌉ agents an hour, none for an empty hour', () => {
    expect(agentsNeeded([0, 1, 60, 61, 120, 359.9], 60)).toEqual([0, 1, 1, 2, 2, 6]);
    expect(peakHours([5, 9, 9, 1, 7], 3)).toEqual([1, 2, 4]);
  });

  it('the chart has the expected volume as bars and the agents needed as a line, 24 hours each', () => {
    const f = forecastDay({ history: clean, day: addDays(FROM, 101), today: addDays(FROM, 100), multiplier: none });
    const spec = forecastSpec(
      { forecast: f, day: addDays(FROM, 101), capacity: 60, agents: agentsNeeded(f.ok ? f.hours : [], 60) },
      'zh-CN',
    ) as {
      type: string;
      series: { type: string }[];
      data: { values: unknown[] }[];
    };
    expect(spec.type).toBe('common');
    expect(spec.series.map((s) => s.type)).toEqual(['bar', 'line']);
    expect(spec.data.map((d) => d.values.length)).toEqual([24, 24]);
  });

  it('theilSen ignores an outlier a least-squares fit would follow', () => {
    const x = [0, 1, 2, 3, 4, 5, 6];
    const fit = theilSen(x, [0, 1, 2, 30, 4, 5, 6]);
    expect(fit.b).toBeCloseTo(1, 6);
    expect(fit.a).toBeCloseTo(0, 6);
  });
});

describe('the promotion calendar', () => {
  const team = new Map<string, TeamDay>([
    ['2026-11-11', { day: '2026-11-11', name: '双11', multiplier: 4 }],
    ['2026-12-12', { day: '2026-12-12', name: '双12', multiplier: 1 }],
    ['2026-12-24', { day: '2026-12-24', name: '平安夜直播', multiplier: 1.5 }],
  ]);

  it('knows the platform promotions, and the team’s own day wins over them', () => {
    expect(builtinPromo('2027-11-11')).toMatchObject({ name: '双11', multiplier: 3, source: 'builtin' });
    expect(builtinPromo('2027-06-18')).toMatchObject({ name: '618', multiplier: 2.5 });
    expect(builtinPromo('2027-01-16')).toMatchObject({ name: '年货节' });
    expect(builtinPromo('2026-12-02')).toBeUndefined();
    expect(promoOf('2026-11-11', team)).toMatchObject({ multiplier: 4, source: 'team' });
    expect(multiplierOf('2026-12-12', team)).toBe(1);
    expect(multiplierOf('2026-12-02', team)).toBe(1);
    expect(promosBetween('2026-12-01', '2026-12-31', team).map((p) => p.name)).toEqual(['平安夜直播']);
  });

  it('reads dates and multipliers as teams write them', () => {
    const today = '2026-12-01';
    expect(parseDay('2026-11-11', today)).toBe('2026-11-11');
    expect(parseDay('2026/6/18', today)).toBe('2026-06-18');
    expect(parseDay('11月11日', today)).toBe('2027-11-11');
    expect(parseDay('12-24', today)).toBe('2026-12-24');
    expect(parseDay('明天', today)).toBe('2026-12-02');
    expect(parseDay('tomorrow', today)).toBe('2026-12-02');
    expect(parseDay('2026-02-30', today)).toBeUndefined();
    expect(parseDay('下周', today)).toBeUndefined();
    expect(parseMultiplier('x3')).toBe(3);
    expect(parseMultiplier('×2.5')).toBe(2.5);
    expect(parseMultiplier('3倍')).toBe(3);
    expect(parseMultiplier('x0')).toBeUndefined();
    expect(parseMultiplier('x99')).toBeUndefined();
  });
});
