import { describe, expect, it } from 'vitest';
import { rollUp, type Sample } from '../../src/features/kpi/aggregate';
import { kpiCard } from '../../src/features/kpi/card';
import { metricByKey } from '../../src/features/kpi/catalog';
import { formatValue } from '../../src/features/kpi/format';
import { findMetric } from '../../src/features/kpi/metric-names';
import { buildKpiReport } from '../../src/features/kpi/report';
import { breaches, effectiveTarget, readTarget } from '../../src/features/kpi/targets';

const m = (key: string) => metricByKey(key)!;
const s = (o: Partial<Sample> & Pick<Sample, 'metric' | 'value'>): Sample => ({
  store: '天猫旗舰店',
  agent: null,
  day: '2026-11-30',
  hour: null,
  base: null,
  ...o,
});

describe('KPI rules', () => {
  it('a rate rolls up weighted by its base, never as the plain mean', () => {
    const samples = [
      s({ agent: 'a', metric: 'reply_3min_rate', value: 1, base: 90 }),
      s({ agent: 'b', metric: 'reply_3min_rate', value: 0.5, base: 10 }),
    ];
    expect(rollUp(m('reply_3min_rate'), samples)).toBeCloseTo(0.95);
    // Without a base of its own, the same cell's base metric weighs it.
    const viaBaseMetric = [
      s({ agent: 'a', metric: 'reply_3min_rate', value: 1 }),
      s({ agent: 'a', metric: 'received_users', value: 90 }),
      s({ agent: 'b', metric: 'reply_3min_rate', value: 0.5 }),
      s({ agent: 'b', metric: 'received_users', value: 10 }),
    ];
    expect(rollUp(m('reply_3min_rate'), viaBaseMetric)).toBeCloseTo(0.95);
    expect(rollUp(m('received_users'), viaBaseMetric)).toBe(100);
    expect(
      rollUp(m('experience_score'), [
        s({ metric: 'experience_score', value: 4.8 }),
        s({ metric: 'experience_score', value: 4.6 }),
      ]),
    ).toBeCloseTo(4.7);
    expect(rollUp(m('sales_amount'), [])).toBeUndefined();
  });

  it("reads targets in the metric's unit and judges breaches by direction", () => {
    expect(readTarget('<=30', m('first_response_s'))).toEqual({ ok: true, target: { op: '<=', value: 30 } });
    expect(readTarget('≤1分钟', m('first_response_s'))).toEqual({ ok: true, target: { op: '<=', value: 60 } });
    expect(readTarget('>=95%', m('reply_3min_rate'))).toEqual({ ok: true, target: { op: '>=', value: 0.95 } });
    expect(readTarget('>=95', m('reply_3min_rate'))).toEqual({ ok: true, target: { op: '>=', value: 0.95 } });
    expect(readTarget('≥0.95', m('reply_3min_rate'))).toEqual({ ok: true, target: { op: '>=', value: 0.95 } });
    expect(readTarget('95%', m('reply_3min_rate'))).toEqual({ ok: false, why: 'no_op' });
    expect(readTarget('>=120%', m('reply_3min_rate'))).toEqual({ ok: false, why: 'out_of_range' });
    expect(readTarget('<=快', m('first_response_s'))).toEqual({ ok: false, why: 'bad_value' });
    expect(breaches(35, { op: '<=', value: 30 })).toBe(true);
    expect(breaches(30, { op: '<=', value: 30 })).toBe(false);
    expect(breaches(0.89, { op: '>=', value: 0.9 })).toBe(true);
  });

  it("a store's target beats the team's, which beats the catalog default", () => {
    const rows = [
      { metric: 'first_response_s', store: null, op: '<=' as const, value: 25 },
      { metric: 'first_response_s', store: '天猫旗舰店', op: '<=' as const, value: 20 },
    ];
    expect(effectiveTarget(m('first_response_s'), '天猫旗舰店', rows)).toEqual({
      op: '<=',
      value: 20,
      source: 'store',
    });
    expect(effectiveTarget(m('first_response_s'), '京东自营店', rows)).toEqual({ op: '<=', value: 25, source: 'team' });
    expect(effectiveTarget(m('first_response_s'), '京东自营店', [])).toEqual({
      op: '<=',
      value: 30,
      source: 'default',
    });
    expect(effectiveTarget(m('sales_amount'), null, [])).toBeUndefined();
  });

  it('names metrics by key, Chinese name or any platform spelling', () => {
    expect(findMetric('first_response_s')?.key).toBe('first_response_s');
    expect(findMetric('3分钟人工响应率')?.key).toBe('reply_3min_rate');
    expect(findMetric('3分钟人工回复率 (会话)')?.key).toBe('reply_3min_rate');
    expect(findMetric('首次响应时长')?.key).toBe('first_response_s');
    expect(findMetric('心情')).toBeUndefined();
  });

  it('formats values as the floor reads them', () => {
    expect(formatValue(0.9231, 'ratio', 'zh-CN')).toBe('92.31%');
    expect(formatValue(65, 'seconds', 'zh-CN')).toBe('1 分 5 秒');
    expect(formatValue(45, 'seconds', 'en')).toBe('45 s');
    expect(formatValue(12012.84, 'cny', 'zh-CN')).toBe('¥12,012.84');
  });
});

describe('the /kpi card’s trend', () => {
  const days = ['2026-11-28', '2026-11-29', '2026-11-30'];
  const samples = days.flatMap((day, i) => [
    s({ day, metric: 'reply_3min_rate', value: [0.88, 0.91, 0.86][i]!, base: 100 }),
    s({ day, metric: 'first_response_s', value: [24, 33, 27][i]!, base: 100 }),
    s({ day, metric: 'bad_reviews_cs', value: 0 }),
  ]);
  const report = buildKpiReport({ samples, targets: [], store: '天猫旗舰店' });
  const charts = kpiCard({ report, scope: '天猫旗舰店', period: '近 3 天', locale: 'zh-CN', multiDay: true })
    .elements.filter((e) => e.kind === 'chart')
    .map((e) => (e as { spec: Record<string, any> }).spec);

  it('draws one chart per metric — rates in percent, durations in seconds — each with its target line', () => {
    expect(charts.map((c) => c.title.text)).toEqual(['3分钟人工响应率（%）', '首次响应时长（秒）']);
    expect(charts[0]!.data[0].values).toEqual([
      { day: '11-28', value: 88 },
      { day: '11-29', value: 91 },
      { day: '11-30', value: 86 },
    ]);
    expect(charts[0]!.markLine[0]).toMatchObject({ y: 90, label: { text: '目标 ≥ 90%' } });
    expect(charts[1]!.markLine[0]).toMatchObject({ y: 30, label: { text: '目标 ≤ 30 秒' } });
    // The axis shows where the values and the target are, not 0 to 100.
    const [left] = charts[0]!.axes;
    expect(left.min).toBeGreaterThan(50);
    expect(left.min).toBeLessThanOrEqual(86);
    expect(left.max).toBeGreaterThanOrEqual(91);
    expect(left.max).toBeLessThanOrEqual(100);
  });

  it('leaves out a count that stayed at zero (no bad review, nothing to chart)', () => {
    expect(report.trend.map((t) => t.metric.key)).toContain('bad_reviews_cs');
    expect(charts.some((c) => c.title.text.startsWith('客服原因差评'))).toBe(false);
  });
});
