/**
 * The sandbox's demo KPI history (pure): plausible per platform, consistent between agents and
 * stores, the same numbers for a day whichever window asks, and off target where the demo needs it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rollUp, type Sample } from '../../src/features/kpi/aggregate';
import { metricByKey } from '../../src/features/kpi/catalog';
import { demoDays, demoHistory, type DemoStore } from '../../src/features/kpi/demo-history';
import { toSamples, type ValueRow } from '../../src/features/kpi/repo';
import { buildKpiReport } from '../../src/features/kpi/report';

const STORES: DemoStore[] = [
  { id: 1, name: '淘宝旗舰店', platform: 'taobao' },
  { id: 2, name: '天猫旗舰店', platform: 'tmall' },
  { id: 3, name: '京东自营店', platform: 'jd' },
  { id: 4, name: '抖音小店', platform: 'douyin' },
];
const NAMES = new Map(STORES.map((s) => [s.id, s.name]));
const NOW = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
const DAYS = demoDays(NOW, 'Asia/Shanghai');
const rows = demoHistory(STORES, DAYS);

const samplesOf = (rs: readonly ValueRow[]): Sample[] => toSamples(rs, NAMES);
const of = (store: number, metric: string, agent = '') =>
  rows.filter((r) => r.storeId === store && r.metric === metric && r.agent === agent);

afterEach(() => vi.restoreAllMocks());

describe('the demo KPI history', () => {
  it('covers the 30 days up to yesterday in the team’s time zone', () => {
    expect(DAYS).toHaveLength(30);
    expect([DAYS[0], DAYS.at(-1)]).toEqual(['2026-11-01', '2026-11-30']);
    // 01:00 on 1 December in Shanghai is still 30 November in UTC.
    expect(demoDays(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai').at(-1)).toBe('2026-11-30');
    expect(demoDays(new Date('2026-11-30T17:00:00Z'), 'UTC').at(-1)).toBe('2026-11-29');
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(DAYS));
    expect(rows.every((r) => r.hour === -1)).toBe(true);
  });

  it('is deterministic: the same day has the same values in any window, and Math.random is never used', () => {
    const random = vi.spyOn(Math, 'random');
    const later = demoHistory(STORES, demoDays(new Date('2026-12-06T02:00:00Z'), 'Asia/Shanghai'));
    expect(random).not.toHaveBeenCalled();
    const key = (r: ValueRow) => `${r.storeId}|${r.agent}|${r.metric}|${r.day}`;
    const before = new Map(rows.map((r) => [key(r), r]));
    const shared = later.filter((r) => before.has(key(r)));
    expect(shared.length).toBeGreaterThan(rows.length * 0.8);
    for (const r of shared) expect(r).toEqual(before.get(key(r)));
    expect(demoHistory(STORES, DAYS)).toEqual(rows);
  });

  it('has 3 to 6 agents a store, values in range, and counts that agree with the rates', () => {
    for (const s of STORES) {
      const agents = new Set(rows.filter((r) => r.storeId === s.id && r.agent).map((r) => r.agent));
      expect(agents.size).toBeGreaterThanOrEqual(3);
      expect(agents.size).toBeLessThanOrEqual(6);
    }
    for (const r of rows) {
      const m = metricByKey(r.metric)!;
      expect(m, r.metric).toBeDefined();
      expect(Number.isFinite(r.value)).toBe(true);
      expect(r.value).toBeGreaterThanOrEqual(0);
      if (m.unit === 'ratio') expect(r.value).toBeLessThanOrEqual(1);
      if (m.unit === 'seconds') expect(r.value).toBeGreaterThan(3);
      if (m.unit === 'seconds') expect(r.value).toBeLessThan(120);
      if (m.unit === 'count') expect(Number.isInteger(r.value)).toBe(true);
      if (m.aggregate.kind === 'weighted') expect(r.base).toBeGreaterThan(0);
    }
    const cells = new Map(rows.map((r) => [`${r.storeId}|${r.agent}|${r.day}|${r.metric}`, r.value]));
    // Rates are whole buyers over their base (87 of 100, never 87.3) and agree with each other.
    const whole = (v: number) => Math.abs(v - Math.round(v)) < 1e-6;
    const disagreeing = rows.filter((r) => {
      if (!r.agent || r.metric !== 'received_users') return false;
      const get = (m: string) => cells.get(`${r.storeId}|${r.agent}|${r.day}|${m}`)!;
      const a30 = cells.get(`${r.storeId}|${r.agent}|${r.day}|answer_30s_rate`);
      return !(
        get('received_users') <= get('consult_users') &&
        whole(get('reply_3min_rate') * get('received_users')) &&
        get('paid_users') <= get('inquiry_users') &&
        whole(get('inquiry_conversion_rate') * get('inquiry_users')) &&
        (a30 === undefined || a30 <= get('reply_3min_rate'))
      );
    });
    expect(disagreeing).toEqual([]);
  });

  it("stores each store's day as its agents' day rolled up (rates weighted by their base)", () => {
    const byStoreDay = new Map<string, Sample[]>();
    for (const s of samplesOf(rows.filter((r) => r.agent))) {
      const k = `${s.store}|${s.day}`;
      byStoreDay.set(k, [...(byStoreDay.get(k) ?? []), s]);
    }
    let checked = 0;
    for (const own of rows.filter((r) => r.agent === '')) {
      const agents = byStoreDay.get(`${NAMES.get(own.storeId)}|${own.day}`)!;
      const mine = agents.filter((s) => s.metric === own.metric);
      if (!mine.length) continue; // 体验分 and bad reviews exist only for the store
      const metric = metricByKey(own.metric)!;
      expect(own.value).toBeCloseTo(rollUp(metric, mine, agents)!, 9);
      if (metric.aggregate.kind === 'weighted') expect(own.base).toBe(mine.reduce((n, s) => n + s.base!, 0));
      if (metric.aggregate.kind === 'sum') expect(own.value).toBe(mine.reduce((n, s) => n + s.value, 0));
      checked++;
    }
    expect(checked).toBeGreaterThan(4 * 30 * 12);
    // So /kpi reads the same whether it takes the store's rows or rolls its agents up.
    const ownOnly = samplesOf(rows.filter((r) => r.agent === ''));
    const agentsOnly = samplesOf(rows.filter((r) => r.agent !== ''));
    const line = (samples: Sample[]) =>
      buildKpiReport({ samples, targets: [], store: null }).lines.find((l) => l.metric.key === 'reply_3min_rate')!;
    expect(line(ownOnly).value).toBeCloseTo(line(agentsOnly).value, 9);
  });

  it('differs by platform: JD answers fastest, Douyin brings volume and returns, only some exports have some metrics', () => {
    const mean = (store: number, metric: string) => {
      const xs = of(store, metric);
      return xs.reduce((n, r) => n + r.value, 0) / xs.length;
    };
    expect(mean(3, 'first_response_s')).toBeLessThan(mean(1, 'first_response_s'));
    expect(mean(1, 'first_response_s')).toBeLessThan(mean(4, 'first_response_s'));
    expect(mean(4, 'refund_rate')).toBeGreaterThan(2 * mean(3, 'refund_rate'));
    expect(mean(2, 'avg_order_value')).toBeGreaterThan(mean(4, 'avg_order_value'));
    expect(of(3, 'answer_30s_rate').length).toBe(30);
    expect(of(3, 'qa_ratio')).toEqual([]);
    expect(of(1, 'qa_ratio').length).toBe(30);
    expect(of(4, 'dissatisfaction_rate').length).toBe(30);
  });

  it('has a weekly rhythm and a 双11 peak', () => {
    const consult = (store: number, day: string) => of(store, 'consult_users').find((r) => r.day === day)!.value;
    // Douyin's live-stream Saturdays against its Mondays, over the four weeks of the window.
    const saturdays = ['2026-11-07', '2026-11-14', '2026-11-21', '2026-11-28'];
    const mondays = ['2026-11-02', '2026-11-16', '2026-11-23', '2026-11-30'];
    const sum = (days: string[]) => days.reduce((n, d) => n + consult(4, d), 0);
    expect(sum(saturdays)).toBeGreaterThan(sum(mondays) * 1.2);
    for (const s of STORES) {
      const ordinary = consult(s.id, '2026-11-25');
      expect(consult(s.id, '2026-11-11')).toBeGreaterThan(2.5 * ordinary);
      expect(of(s.id, 'first_response_s').find((r) => r.day === '2026-11-11')!.value).toBeGreaterThan(
        of(s.id, 'first_response_s').find((r) => r.day === '2026-11-25')!.value,
      );
    }
  });

  it('breaches the default targets now and then: first response past 30 s some days, one weak agent under 90%', () => {
    const slowDays = rows.filter((r) => r.agent === '' && r.metric === 'first_response_s' && r.value > 30);
    expect(slowDays.length).toBeGreaterThan(2);
    expect(slowDays.length).toBeLessThan(30 * 4 * 0.4);
    const samples = samplesOf(rows);
    const tmall = buildKpiReport({ samples, targets: [], store: '天猫旗舰店' });
    const ranked = tmall.agents.find((a) => a.metric.key === 'reply_3min_rate')!.worst;
    expect(ranked[0]).toMatchObject({ agent: '阿杰' });
    expect(ranked[0]!.value).toBeLessThan(0.8);
    // Most of the store's agents are on target: one is weak, not all.
    expect(ranked.length).toBeLessThanOrEqual(2);
    const jd = buildKpiReport({ samples, targets: [], store: '京东自营店' });
    expect(jd.lines.find((l) => l.metric.key === 'reply_3min_rate')!.breached).toBe(false);
  });

  it('whatever the day: the Tmall store’s week is red on the 3-minute rate, with the weak agent worst', () => {
    // What the sandbox's /kpi 天猫旗舰店 7d chip shows must hold on any day someone starts it.
    const year = demoDays(new Date('2027-01-01T02:00:00Z'), 'Asia/Shanghai', 372);
    const tmall = samplesOf(demoHistory([STORES[1]!], year));
    for (let end = 7; end <= year.length; end += 4) {
      const week = new Set(year.slice(end - 7, end));
      const report = buildKpiReport({
        samples: tmall.filter((s) => week.has(s.day)),
        targets: [],
        store: '天猫旗舰店',
      });
      const r3 = report.lines.find((l) => l.metric.key === 'reply_3min_rate')!;
      expect(r3.breached, year[end - 1]).toBe(true);
      expect(report.agents.find((a) => a.metric.key === 'reply_3min_rate')!.worst[0]!.agent).toBe('阿杰');
    }
  });

  it('gives a store of a platform without a shape of its own the Taobao shape', () => {
    const other = demoHistory([{ id: 9, name: '小红书店', platform: 'xiaohongshu' }], DAYS.slice(-1));
    expect(new Set(other.filter((r) => r.agent).map((r) => r.agent)).size).toBe(3);
    expect(other.some((r) => r.metric === 'qa_ratio')).toBe(true);
  });
});
