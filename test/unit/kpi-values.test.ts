import { describe, expect, it } from 'vitest';
import { CATALOG, metricByKey } from '../../src/features/kpi/catalog';
import { dayFromFileName, readDay } from '../../src/features/kpi/dates';
import { columnRole, detectPlatform, normalizeLabel } from '../../src/features/kpi/headers';
import { percentScaleOf, readCell, readDuration, readNumber } from '../../src/features/kpi/values';

const value = (v: number) => ({ kind: 'value', value: v });

describe('KPI cells as the exports write them', () => {
  it('reads "92.31%", 0.9231 and 92.31 as the same rate (the column decides what a bare number means)', () => {
    expect(readCell('92.31%', 'ratio')).toEqual(value(0.9231));
    expect(readCell(0.9231, 'ratio', percentScaleOf([0.9231, 0.5]))).toEqual(value(0.9231));
    expect(readCell(92.31, 'ratio', percentScaleOf([92.31, 99.7]))).toEqual(value(0.9231));
    expect(readCell('92.31', 'ratio', percentScaleOf(['92.31', '80']))).toEqual(value(0.9231));
    // One bare 1 among fractions is 100%, not 1%.
    expect(readCell(1, 'ratio', percentScaleOf([1, 0.98, 0.5]))).toEqual(value(1));
  });

  it('reads durations in every spelling as seconds', () => {
    expect(readDuration('45秒')).toBe(45);
    expect(readDuration('1分5秒')).toBe(65);
    expect(readDuration('7小时41分52秒')).toBe(7 * 3600 + 41 * 60 + 52);
    expect(readDuration('00:03:56')).toBe(236);
    expect(readDuration('03:56')).toBe(236);
    expect(readDuration('0.37 分钟')).toBeCloseTo(22.2);
    expect(readDuration('12.15 秒')).toBe(12.15);
    expect(readDuration('13.78')).toBe(13.78);
    expect(readDuration('快')).toBeUndefined();
    expect(readDuration('5分钟左右')).toBeUndefined();
  });

  it('reads "12,012.84", "¥1,234" and full-width digits as numbers, and nothing else', () => {
    expect(readNumber('12,012.84')).toBe(12012.84);
    expect(readNumber('¥1,234')).toBe(1234);
    expect(readNumber('１２３')).toBe(123);
    expect(readNumber('1,23')).toBeUndefined();
    expect(readNumber('abc')).toBeUndefined();
  });

  it('reads "-", "--", "" and "延迟统计" as no value, never 0', () => {
    for (const p of ['-', '--', '', '  ', '延迟统计', '—']) expect(readCell(p, 'count')).toEqual({ kind: 'none' });
    expect(readCell(null, 'seconds')).toEqual({ kind: 'none' });
    expect(readCell('abc', 'seconds')).toEqual({ kind: 'bad', text: 'abc' });
  });
});

describe('KPI headers and dates', () => {
  it('matches labels after folding width, spaces and a BOM', () => {
    expect(normalizeLabel('\ufeff首次响应时长（秒)')).toBe(normalizeLabel('首次响应时长(秒)'));
    expect(columnRole('3分钟人工回复率 (会话)')).toEqual({ kind: 'metric', metric: 'reply_3min_rate' });
    expect(columnRole('首次响应时长（秒)')).toEqual({ kind: 'metric', metric: 'first_response_s' });
    expect(columnRole('旺旺昵称')).toEqual({ kind: 'row', column: 'agent' });
    expect(columnRole('备注')).toEqual({ kind: 'ignored' });
  });

  it('tells the platform from the labels only its back end writes', () => {
    expect(detectPlatform(['旺旺昵称', '咨询人数', '3分钟人工响应率'])).toBe('taobao');
    expect(detectPlatform(['客服', '30s应答率', '促成下单人数'])).toBe('jd');
    expect(detectPlatform(['店铺名称', '人工已接待人数', '3分钟人工回复率 (会话)'])).toBe('douyin');
    expect(detectPlatform(['客服账号', '最终成团人数', '客服服务分'])).toBe('pdd');
    expect(detectPlatform(['三分钟回复率（人维度）', '不服务率'])).toBe('kuaishou');
    expect(detectPlatform(['名字', '年龄'])).toBeUndefined();
  });

  it('reads a day from every format and from file names; a range is not a day', () => {
    for (const s of ['2026-11-30', '2026/11/30', '2026.11.30', '2026年11月30日', '20261130'])
      expect(readDay(s)).toEqual({ kind: 'day', day: '2026-11-30' });
    expect(readDay(46356)).toEqual({ kind: 'day', day: '2026-11-30' });
    expect(readDay(new Date('2026-11-30T00:00:00Z'))).toEqual({ kind: 'day', day: '2026-11-30' });
    expect(readDay('2026-02-30')).toEqual({ kind: 'none' });
    expect(dayFromFileName('客服绩效_20261130_20261130_全部.xlsx')).toEqual({ kind: 'day', day: '2026-11-30' });
    expect(readDay('2024-05-01 ~ 2024-05-07')).toEqual({ kind: 'range', from: '2024-05-01', to: '2024-05-07' });
  });
});

describe('the metric catalog', () => {
  it('has one definition per key, rates weighted by a base the catalog has, and the domain targets', () => {
    expect(new Set(CATALOG.map((m) => m.key)).size).toBe(CATALOG.length);
    for (const m of CATALOG)
      if (m.aggregate.kind === 'weighted') expect(metricByKey(m.aggregate.base)?.aggregate).toEqual({ kind: 'sum' });
    expect(metricByKey('first_response_s')?.defaultTarget).toEqual({ op: '<=', value: 30 });
    expect(metricByKey('reply_3min_rate')?.defaultTarget).toEqual({ op: '>=', value: 0.9 });
    // An alias names one metric only.
    const aliases = CATALOG.flatMap((m) => m.aliases.map(normalizeLabel));
    expect(new Set(aliases).size).toBe(aliases.length);
  });
});
