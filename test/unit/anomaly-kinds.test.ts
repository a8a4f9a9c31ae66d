import { describe, expect, it } from 'vitest';
import { parseKind, recogniseKind } from '../../src/features/anomaly/kinds';

describe('anomaly kinds', () => {
  it.each([
    ['优惠券叠加后价格变成 9.9', 'coupon'],
    ['标价写成了 5 元', 'price'],
    ['显示有货但其实超卖了', 'stock'],
    ['详情页主图放错了', 'page'],
    ['客服后台打不开', 'other'],
    ['wrong price on the listing', 'price'],
  ])('%s → %s', (text, kind) => {
    expect(recogniseKind(text)).toBe(kind);
  });

  it('accepts kind= in either language', () => {
    expect(parseKind('价格')).toBe('price');
    expect(parseKind('STOCK')).toBe('stock');
    expect(parseKind('天气')).toBeUndefined();
  });
});
