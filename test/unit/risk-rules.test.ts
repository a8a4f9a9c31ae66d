import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES,
  mayHandle,
  mergeReasons,
  parseRuleWords,
  reasonsOf,
  REASONS,
  rulesFrom,
  staleAt,
  type OrderFacts,
} from '../../src/features/risk/rules';

const HOUR = 3_600_000;
const NOW = new Date('2026-12-01T02:00:00Z');
const plain: OrderFacts = { amount: 100, region: '浙江省杭州市', logisticsAt: NOW, delivered: false, buyerRefunds: 0 };
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR);

describe('risk rules (pure)', () => {
  it('tags each reason on its own, in a fixed order, and none for a plain order', () => {
    expect(reasonsOf(plain, DEFAULT_RULES, NOW)).toEqual([]);
    expect(reasonsOf({ ...plain, logisticsAt: ago(48) }, DEFAULT_RULES, NOW)).toEqual(['stale']);
    expect(reasonsOf({ ...plain, logisticsAt: ago(47.9) }, DEFAULT_RULES, NOW)).toEqual([]);
    expect(reasonsOf({ ...plain, region: '新疆维吾尔自治区喀什' }, DEFAULT_RULES, NOW)).toEqual(['region']);
    expect(reasonsOf({ ...plain, amount: 2000 }, DEFAULT_RULES, NOW)).toEqual(['amount']);
    expect(reasonsOf({ ...plain, amount: 1999.99 }, DEFAULT_RULES, NOW)).toEqual([]);
    expect(reasonsOf({ ...plain, buyerRefunds: 3 }, DEFAULT_RULES, NOW)).toEqual(['refunds']);
    const all = { amount: 5000, region: '西藏', logisticsAt: ago(100), delivered: false, buyerRefunds: 9 };
    expect(reasonsOf(all, DEFAULT_RULES, NOW)).toEqual(['stale', 'region', 'amount', 'refunds']);
  });

  it('a delivered order, or one with no logistics yet, never goes stale; a rule turned off never fires', () => {
    expect(reasonsOf({ ...plain, logisticsAt: ago(100), delivered: true }, DEFAULT_RULES, NOW)).toEqual([]);
    expect(staleAt({ ...plain, logisticsAt: null }, DEFAULT_RULES)).toBeUndefined();
    const off = rulesFrom({ staleHours: null, regions: [], amountAtLeast: null, refundsAtLeast: null });
    const all = { amount: 5000, region: '西藏', logisticsAt: ago(100), delivered: false, buyerRefunds: 9 };
    expect(reasonsOf(all, off, NOW)).toEqual([]);
  });

  it('staleness only grows with time: once stale at t, stale at every later t (and staleAt says when)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 720 }),
        fc.integer({ min: 0, max: 1000 }),
        (h, stale, later) => {
          const o = { ...plain, logisticsAt: ago(h) };
          const rules = { ...DEFAULT_RULES, staleHours: stale };
          const at = staleAt(o, rules)!;
          const now = NOW;
          const isStale = reasonsOf(o, rules, now).includes('stale');
          expect(isStale).toBe(at.getTime() <= now.getTime());
          if (isStale) expect(reasonsOf(o, rules, new Date(now.getTime() + later * HOUR))).toContain('stale');
        },
      ),
    );
  });

  it('reasons are always a subset of REASONS in REASONS order; merging keeps every reason of both', () => {
    const reason = fc.constantFrom(...REASONS);
    fc.assert(
      fc.property(fc.array(reason), fc.array(reason), (a, b) => {
        const m = mergeReasons(a, b);
        expect(m).toEqual(REASONS.filter((r) => a.includes(r) || b.includes(r)));
        expect(mergeReasons(m, a)).toEqual(m);
      }),
    );
  });

  it('reads /risk rules words: hours, days, yuan, counts, region lists, off; refuses the rest', () => {
    expect(parseRuleWords(['stale=48h', 'amount=¥2000', 'refunds=3', 'regions=新疆，西藏、青海'])).toEqual({
      changes: { staleHours: 48, amountAtLeast: 2000, refundsAtLeast: 3, regions: ['新疆', '西藏', '青海'] },
    });
    expect(parseRuleWords(['物流=2天', '金额=off', '地区=无'])).toEqual({
      changes: { staleHours: 48, amountAtLeast: null, regions: [] },
    });
    expect(parseRuleWords(['stale=abc'])).toEqual({ why: 'bad_value', key: 'stale', value: 'abc' });
    expect(parseRuleWords(['amount=-5'])).toMatchObject({ why: 'bad_value' });
    expect(parseRuleWords(['refunds=0'])).toEqual({ changes: { refundsAtLeast: null } });
    expect(parseRuleWords(['refunds=2.5'])).toMatchObject({ why: 'bad_value' });
    expect(parseRuleWords(['colour=red'])).toEqual({ why: 'unknown', word: 'colour=red' });
    expect(parseRuleWords(['48h'])).toEqual({ why: 'unknown', word: '48h' });
    expect(parseRuleWords([])).toEqual({ why: 'nothing' });
  });

  it('senior agents, leaders and supervisors handle warnings; a plain agent or ops does not', () => {
    expect(mayHandle('agent', true)).toBe(true);
    expect(mayHandle('leader', false)).toBe(true);
    expect(mayHandle('supervisor', false)).toBe(true);
    expect(mayHandle('agent', false)).toBe(false);
    expect(mayHandle('ops', false)).toBe(false);
  });
});
