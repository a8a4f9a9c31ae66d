import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEVERE,
  isSevere,
  readSevere,
  severeRuleOf,
  severeText,
} from '../../src/features/alert/violation-severity';

const v = (o: Partial<{ kind: string; points: number | null; amount: number | null }> = {}) => ({
  kind: '延迟发货',
  points: null,
  amount: null,
  ...o,
});

describe('which violations are severe', () => {
  it('defaults to points ≥ 6', () => {
    expect(severeRuleOf(undefined)).toEqual(DEFAULT_SEVERE);
    expect(isSevere(DEFAULT_SEVERE, v({ points: 6 }))).toBe(true);
    expect(isSevere(DEFAULT_SEVERE, v({ points: 5.5 }))).toBe(false);
    expect(isSevere(DEFAULT_SEVERE, v({ amount: 10_000 }))).toBe(false);
  });

  it('any one condition makes it severe; "off" makes none', () => {
    const read = readSevere(['points>=10', 'amount≥500', 'kinds=售假，虚假发货']);
    expect(read).toEqual({ ok: true, rule: { points: 10, amount: 500, kinds: ['售假', '虚假发货'] } });
    const rule = read.ok ? read.rule : {};
    expect(isSevere(rule, v({ amount: 500 }))).toBe(true);
    expect(isSevere(rule, v({ kind: '售假' }))).toBe(true);
    expect(isSevere(rule, v({ points: 9, amount: 499 }))).toBe(false);
    expect(readSevere(['off'])).toEqual({ ok: true, rule: {} });
    expect(isSevere({}, v({ points: 100, amount: 1e6 }))).toBe(false);
  });

  it('names the word it cannot read, and reads back what it stored', () => {
    expect(readSevere(['points>=6', 'points<3'])).toEqual({ ok: false, word: 'points<3' });
    expect(readSevere([])).toEqual({ ok: false, word: '' });
    expect(severeRuleOf({ violationSevere: { points: 'x', amount: 300 } })).toEqual({ amount: 300 });
    expect(severeText({ points: 6, kinds: ['售假'] }, 'en')).toBe(
      'Severe violations: points>=6 or kinds=售假 (phoned by the escalation policy when nobody claims them)',
    );
  });
});
