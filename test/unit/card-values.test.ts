import { describe, expect, it } from 'vitest';
import { cardId, cardNumber } from '../../src/core/card-values';

describe('card values: the numbers a button sends back', () => {
  it('takes what the bot wrote: a number, or its digits as a string', () => {
    expect(cardId({ id: 42 })).toBe(42);
    expect(cardId({ id: '42' })).toBe(42);
    expect(cardId({ id: ' 7 ' })).toBe(7);
    expect(cardId({ followup: 9 }, 'followup')).toBe(9);
    expect(cardId({ id: Number.MAX_SAFE_INTEGER })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads anything else as no number: missing, words, fractions, negatives, 0, past 2^53, other types', () => {
    for (const id of [undefined, null, '', 'abc', 'NaN', '1e3', '0x10', '１２', 1.5, -1, 0, 1e20, true, [7], { id: 7 }])
      expect(cardId({ id }), JSON.stringify(id)).toBeUndefined();
    expect(cardId({ id: String(Number.MAX_SAFE_INTEGER + 2) })).toBeUndefined();
  });

  it('keeps a number within the range a feature names (a mood level 1–4, a care step from 1)', () => {
    expect(cardNumber({ level: 4 }, 'level', { max: 4 })).toBe(4);
    expect(cardNumber({ level: 5 }, 'level', { max: 4 })).toBeUndefined();
    expect(cardNumber({ seq: 0 }, 'seq', { min: 0 })).toBe(0);
    expect(cardNumber({ seq: 0 }, 'seq')).toBeUndefined();
  });
});
