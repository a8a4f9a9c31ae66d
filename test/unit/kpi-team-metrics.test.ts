import { describe, expect, it } from 'vitest';
import { findMetric, nearMetrics } from '../../src/features/kpi/metric-names';
import {
  checkNewMetric,
  ownMetricDef,
  ownMetricLabels,
  readDirection,
  readUnit,
} from '../../src/features/kpi/team-metrics';

const calls = ownMetricDef({
  key: 'presale_calls',
  nameZh: '售前电话数',
  nameEn: '售前电话数',
  unit: 'count',
  direction: 'up',
});

describe("a team's own metrics (rules)", () => {
  it('reads units and directions in English, Chinese and symbols', () => {
    expect(['秒', 'seconds', 's'].map(readUnit)).toEqual(['seconds', 'seconds', 'seconds']);
    expect(['比率', '%', '％', 'ratio', '百分比'].map(readUnit)).toEqual(Array(5).fill('ratio'));
    expect(['个', 'count', '次'].map(readUnit)).toEqual(['count', 'count', 'count']);
    expect(['元', 'CNY', '¥'].map(readUnit)).toEqual(['cny', 'cny', 'cny']);
    expect(['分', 'points'].map(readUnit)).toEqual(['points', 'points']);
    expect(readUnit('斤')).toBeUndefined();
    expect(['up', '↑', '越高越好', 'UP'].map(readDirection)).toEqual(Array(4).fill('up'));
    expect(['down', '↓', '越低越好'].map(readDirection)).toEqual(Array(3).fill('down'));
    expect(['none', '无'].map(readDirection)).toEqual(['none', 'none']);
    expect(readDirection('sideways')).toBeUndefined();
  });

  it('a count sums, a rate or a duration is weighted by buyers served, a score averages', () => {
    expect(calls.aggregate).toEqual({ kind: 'sum' });
    const def = (unit: string) =>
      ownMetricDef({ key: 'x_y', nameZh: 'x', nameEn: 'x', unit, direction: 'none' }).aggregate;
    expect(def('ratio')).toEqual({ kind: 'weighted', base: 'received_users' });
    expect(def('seconds')).toEqual({ kind: 'weighted', base: 'received_users' });
    expect(def('points')).toEqual({ kind: 'mean' });
    expect(def('cny')).toEqual({ kind: 'sum' });
    // A unit this code no longer knows reads as a plain number rather than failing.
    expect(ownMetricDef({ key: 'x_y', nameZh: 'x', nameEn: 'x', unit: 'furlongs', direction: '?' })).toMatchObject({
      unit: 'number',
      direction: 'none',
    });
  });

  it('never takes what the catalog or another own metric already names', () => {
    const add = (key: string, name: string, unit = '个', direction = 'up') =>
      checkNewMetric({ key, name, unit, direction }, [calls]);
    expect(add('wait_share', '等待占比', '%', '↓')).toMatchObject({
      ok: true,
      def: { unit: 'ratio', direction: 'down' },
    });
    expect(add('Wait', '等待')).toMatchObject({ ok: false, why: 'bad_key' });
    expect(add('w', '等待')).toMatchObject({ ok: false, why: 'bad_key' });
    expect(add('a'.repeat(41), '等待')).toMatchObject({ ok: false, why: 'bad_key' });
    expect(add('reply_rate', '等待')).toMatchObject({ ok: false, why: 'catalog_key' });
    expect(add('my_rate', '旺旺回复率')).toMatchObject({
      ok: false,
      why: 'catalog_name',
      catalog: { key: 'reply_rate' },
    });
    expect(add('my_rate', '120')).toMatchObject({ ok: false, why: 'bad_name' });
    expect(add('my_rate', '一'.repeat(21))).toMatchObject({ ok: false, why: 'bad_name' });
    expect(add('my_calls', '售前电话数')).toMatchObject({ ok: false, why: 'name_taken' });
    expect(add('calls_x', 'presale_calls')).toMatchObject({ ok: false, why: 'name_taken' });
    expect(add('presale_calls', '售前电话数')).toMatchObject({ ok: false, why: 'exists', same: true });
    expect(add('presale_calls', '售前电话数', '秒')).toMatchObject({ ok: false, why: 'exists', same: false });
  });

  it('findMetric and nearMetrics know the own metrics; the export labels map name and key to the key', () => {
    expect(findMetric('售前电话数')).toBeUndefined();
    expect(findMetric('售前电话数', [calls])?.key).toBe('presale_calls');
    expect(findMetric('PRESALE_CALLS', [calls])?.key).toBe('presale_calls');
    expect(nearMetrics('售前电话', 'zh-CN', [calls])).toContain('售前电话数');
    expect([...ownMetricLabels([calls])].map(([label, m]) => [label, m.key])).toEqual([
      ['presale_calls', 'presale_calls'],
      ['售前电话数', 'presale_calls'],
    ]);
    // A rate of the team's own is read from an export in its unit, like a catalog rate.
    const share = ownMetricDef({
      key: 'wait_share',
      nameZh: '等待占比',
      nameEn: '等待占比',
      unit: 'ratio',
      direction: 'down',
    });
    expect(ownMetricLabels([share]).get('等待占比')?.unit).toBe('ratio');
  });
});
