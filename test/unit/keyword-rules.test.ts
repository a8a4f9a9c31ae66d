import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoKeywordCounts, DEMO_SPIKE } from '../../src/features/keyword/demo';
import { decide, observeKeyword, ratioOf, type HourCount } from '../../src/features/keyword/rules';

const zone = 'Asia/Shanghai';
// 2027-01-05 11:30 in Shanghai: today counts hours 0..11.
const now = new Date('2027-01-05T03:30:00Z');

describe('observeKeyword', () => {
  const counts: HourCount[] = [
    { day: '2027-01-05', hour: 9, count: 10 },
    { day: '2027-01-05', hour: 11, count: 28 },
    { day: '2027-01-05', hour: 12, count: 99 }, // after the current hour: not yet counted
    { day: '2027-01-05', hour: -1, count: 500 }, // a whole day: no same hours, not judged
    ...['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'].map(
      (day) => ({ day, hour: 10, count: 1 }),
    ),
    { day: '2026-12-28', hour: 10, count: 700 }, // 8 days back: outside the baseline
    { day: '2027-01-04', hour: 15, count: 700 }, // yesterday, a later hour than now
  ];
  const o = observeKeyword(counts, now, zone);

  it("today's hours up to now against the same hours of the 7 previous days", () => {
    expect(o.day).toBe('2027-01-05');
    expect(o.hour).toBe(11);
    expect(o.today).toBe(38);
    expect(o.baselineTotal).toBe(7);
    expect(o.baselineByHour[10]).toBe(1);
    expect(o.todayByHour).toHaveLength(12);
    expect(o.spanHours).toBe(3);
    expect(ratioOf(o)).toBeCloseTo(38);
  });

  it('fires at 3× and the minimum, keeps between 2× and 3×, resolves under 2×', () => {
    expect(decide({ today: 30, baselineTotal: 70 }, 20, false)).toBe('fire'); // 3.0×
    expect(decide({ today: 29, baselineTotal: 70 }, 20, false)).toBe('keep');
    expect(decide({ today: 19, baselineTotal: 0 }, 20, false)).toBe('keep'); // new but below the minimum
    expect(decide({ today: 20, baselineTotal: 0 }, 20, false)).toBe('fire');
    expect(decide({ today: 25, baselineTotal: 70 }, 20, true)).toBe('keep'); // 2.5×: still firing
    expect(decide({ today: 20, baselineTotal: 70 }, 20, true)).toBe('keep'); // exactly 2×
    expect(decide({ today: 19, baselineTotal: 70 }, 20, true)).toBe('resolve');
  });
});

describe('properties', () => {
  const nat = fc.integer({ min: 0, max: 100_000 });

  it('never warns below the minimum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true }),
        nat,
        (min, f, baselineTotal) => {
          const today = Math.floor(f * min);
          expect(decide({ today, baselineTotal }, min, false)).not.toBe('fire');
        },
      ),
    );
  });

  it('scaling the counts and the baseline together keeps the decision (minimum aside)', () => {
    fc.assert(
      fc.property(nat, nat, fc.integer({ min: 1, max: 1000 }), fc.boolean(), (today, baselineTotal, k, firing) => {
        expect(decide({ today: today * k, baselineTotal: baselineTotal * k }, 0, firing)).toBe(
          decide({ today, baselineTotal }, 0, firing),
        );
      }),
    );
  });

  it('a warning at some size still warns when everything grows (the minimum only helps)', () => {
    fc.assert(
      fc.property(nat, nat, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 100 }), (t, b, k, min) => {
        fc.pre(decide({ today: t, baselineTotal: b }, min, false) === 'fire');
        expect(decide({ today: t * k, baselineTotal: b * k }, min, false)).toBe('fire');
      }),
    );
  });
});

describe('the card speaks both languages', () => {
  it('English: the ratio, the store, the hours, the mention; a new keyword says so', async () => {
    const { warningCard } = await import('../../src/features/keyword/card');
    const obs = observeKeyword([{ day: '2027-01-05', hour: 11, count: 25 }], now, zone);
    const c = warningCard({
      keyword: '退款',
      store: '',
      state: 'firing',
      obs,
      ops: ['ou_ops'],
      names: new Map([['ou_ops', 'Zhang']]),
      locale: 'en',
      zone,
      now,
    });
    expect(c.header.title).toBe('Keyword warning · 退款 ↑ new');
    expect(JSON.stringify(c)).toContain('all stores, 25 times in the last 1 h');
    expect(JSON.stringify(c)).toContain('ou_ops');
  });
});

describe('the sandbox demo counts', () => {
  it('fire 质量差 alone, at every hour of the day, 00:00 too (keyword_min 20)', () => {
    for (let h = 0; h < 24; h++) {
      const at = new Date(Date.UTC(2027, 0, 4, h - 8, 5)); // h:05 in Shanghai on 2027-01-04
      const rows = demoKeywordCounts(7, at, zone);
      const fired = [...new Set(rows.map((r) => r.keyword))].filter(
        (k) =>
          decide(
            observeKeyword(
              rows.filter((r) => r.keyword === k),
              at,
              zone,
            ),
            20,
            false,
          ) === 'fire',
      );
      expect([h, fired]).toEqual([h, [DEMO_SPIKE]]);
    }
  });
});
