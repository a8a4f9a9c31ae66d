import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardSize, chart, markdown, table, type CardElement } from '../../src/cards/card';
import { assemble, fitDigest, MAX_CHARTS, MAX_TABLES, shrink, type FitTexts } from '../../src/features/digest/fit';
import { digestPeriod } from '../../src/features/digest/periods';
import type { Sample } from '../../src/features/kpi/aggregate';
import { CATALOG } from '../../src/features/kpi/catalog';
import { splitDelayed, staleMetrics, storeStandings } from '../../src/features/kpi/digest-rules';
import { feishuTraits } from '../../src/platforms/feishu/traits';

const texts: FitTexts = {
  rowsCut: (n) => `… ${n} more rows`,
  chartsCut: (n) => `(${n} charts left out)`,
  partCut: '(rest left out)',
  footer: 'footer',
};
const header = { title: 'digest', color: 'blue' as const };
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ a: `店铺${i} ${'x'.repeat(40)}`, b: String(i) }));
const big = (n: number): CardElement =>
  table(
    [
      { key: 'a', title: 'A' },
      { key: 'b', title: 'B' },
    ],
    rows(n),
  );
const spec = { type: 'line', data: [{ values: rows(30).map((r, i) => ({ x: r.a, y: i })) }], xField: 'x', yField: 'y' };

describe('digestPeriod', () => {
  it('daily is yesterday in the team zone; weekly the 7 days before today, each with the period before', () => {
    // Monday 2026-12-07 09:30 in Shanghai.
    const now = new Date('2026-12-07T01:30:00Z');
    const d = digestPeriod('daily', now, 'Asia/Shanghai');
    expect(d.days).toEqual({ from: '2026-12-06', to: '2026-12-06', previousFrom: '2026-12-05' });
    expect(d.from.toISOString()).toBe('2026-12-05T16:00:00.000Z');
    expect(d.to.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    const w = digestPeriod('weekly', now, 'Asia/Shanghai');
    expect(w.days).toEqual({ from: '2026-11-30', to: '2026-12-06', previousFrom: '2026-11-23' });
  });
});

describe('fitDigest', () => {
  it('leaves a card that fits alone', () => {
    const f = fitDigest(header, [{ key: 'a', title: 'A', elements: [markdown('hi')] }], feishuTraits, texts);
    expect(f.fits).toBe(true);
    expect(f.cut).toEqual([]);
    expect(f.card).toEqual(assemble(header, [{ key: 'a', title: 'A', elements: [markdown('hi')] }], 'footer'));
  });

  it('cuts the section over its share from the end (rows, then charts), saying so, until the card fits', () => {
    const f = fitDigest(
      header,
      [
        { key: 'small', title: 'S', elements: [markdown('keep me')] },
        { key: 'big', title: 'B', elements: [big(600), chart(spec), chart(spec)] },
      ],
      feishuTraits,
      texts,
    );
    expect(f.fits).toBe(true);
    expect(f.cut).toEqual(['big']);
    const s = JSON.stringify(f.card);
    expect(s).toContain('keep me');
    expect(s).toMatch(/… \d+ more rows/);
    expect(s).toContain('店铺0 ');
  });

  it('keeps at most 3 tables (the rest as lines) and 5 charts', () => {
    const els = [
      ...Array.from({ length: 5 }, () => big(2)),
      ...Array.from({ length: 7 }, () => chart({ type: 'bar' })),
    ];
    const f = fitDigest(header, [{ key: 'x', title: 'X', elements: els }], feishuTraits, texts);
    expect(f.card.elements.filter((e) => e.kind === 'table')).toHaveLength(MAX_TABLES);
    expect(f.card.elements.filter((e) => e.kind === 'chart')).toHaveLength(MAX_CHARTS);
  });

  it('a section with its own byte budget keeps to it even when the card would fit', () => {
    const f = fitDigest(header, [{ key: 'b', title: 'B', elements: [big(40)], maxBytes: 1500 }], feishuTraits, texts);
    expect(f.cut).toEqual(['b']);
    expect(f.bytes).toBeLessThan(2500);
  });

  it('whatever the sections, the result fits Feishu’s limits', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tables: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 3 }),
            charts: fc.integer({ min: 0, max: 4 }),
            lines: fc.integer({ min: 0, max: 60 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (parts) => {
          const built = parts.map((p, i) => ({
            key: `s${i}`,
            title: `S${i}`,
            elements: [
              ...p.tables.map(big),
              ...Array.from({ length: p.charts }, () => chart(spec)),
              ...Array.from({ length: p.lines }, (_, j) => markdown(`line ${j} ${'y'.repeat(50)}`)),
            ],
          }));
          const f = fitDigest(header, built, feishuTraits, texts);
          expect(cardSize(f.card, feishuTraits).fits).toBe(true);
          expect(f.fits).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('shrink stops at the headline', () => {
    expect(shrink([markdown('only')], texts)).toBeUndefined();
  });
});

const sample = (store: string, day: string, metric: string, value: number): Sample => ({
  store,
  agent: null,
  day,
  hour: null,
  metric,
  value,
  base: null,
});

describe('KPI digest rules', () => {
  const targets = [{ metric: 'first_response_s', store: null, op: '<=' as const, value: 30 }];

  it('ranks stores worst first: most breaches, then furthest past the target', () => {
    const s = [
      sample('A', '2026-11-30', 'first_response_s', 33),
      sample('B', '2026-11-30', 'first_response_s', 60),
      sample('C', '2026-11-30', 'first_response_s', 20),
      sample('D', '2026-11-30', 'first_response_s', 45),
      sample('D', '2026-11-30', 'reply_3min_rate', 0.5),
    ];
    const ranked = storeStandings({ samples: s, targets, metrics: CATALOG });
    expect(ranked.map((r) => [r.store, r.breached.length])).toEqual([
      ['D', 2],
      ['B', 1],
      ['A', 1],
      ['C', 0],
    ]);
  });

  it('keeps 延迟统计 values out of the judging and says the day they are final up to', () => {
    const s = [
      sample('天猫', '2026-11-30', 'inquiry_conversion_rate', 0.01),
      sample('天猫', '2026-11-20', 'inquiry_conversion_rate', 0.3),
      sample('京东', '2026-11-30', 'inquiry_conversion_rate', 0.2),
    ];
    const { judged, delayed } = splitDelayed(
      s,
      CATALOG,
      new Map([
        ['天猫', 'tmall'],
        ['京东', 'jd'],
      ]),
      '2026-11-30',
    );
    expect(judged.map((x) => `${x.store} ${x.day}`)).toEqual(['天猫 2026-11-20', '京东 2026-11-30']);
    const conv = delayed.find((d) => d.metric.key === 'inquiry_conversion_rate');
    expect(conv).toMatchObject({ platforms: ['tmall'], days: 8, asOf: '2026-11-22' });
  });

  it('names the metrics whose data stops before yesterday, with their last day', () => {
    const s = [sample('A', '2026-11-30', 'consult_users', 1), sample('A', '2026-11-28', 'sales_amount', 1)];
    expect([...staleMetrics(s, '2026-11-30')]).toEqual([['sales_amount', '2026-11-28']]);
  });
});
