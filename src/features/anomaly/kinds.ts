import type { ScriptSlot } from '../../core/script-slots';
import type { Text } from '../../i18n';

/** What kind of store anomaly, recognised from the report's words (first match in this order wins). */
export const ANOMALY_KINDS = {
  coupon: {
    name: { 'zh-CN': '优惠券', en: 'coupon' },
    words: ['优惠券', '券', '满减', '叠加', '折扣', '优惠', 'coupon', 'discount', 'voucher'],
    script: {
      'zh-CN': '亲，非常抱歉，这个优惠我们正在紧急核实，请您稍等几分钟，核实后第一时间回复您，不会让您吃亏的。',
      en: 'We are very sorry — we are urgently checking this discount. Please give us a few minutes; we will come back to you first thing.',
    },
  },
  price: {
    name: { 'zh-CN': '价格', en: 'price' },
    words: ['价格', '价', '元', '标价', '改价', 'price', 'priced'],
    script: {
      'zh-CN': '亲，非常抱歉，商品价格显示有误，我们正在紧急处理，请您先不要拍下，稍等几分钟我们马上给您答复。',
      en: 'We are very sorry — the price shown is wrong and we are fixing it now. Please hold off ordering for a few minutes; we will reply shortly.',
    },
  },
  stock: {
    name: { 'zh-CN': '库存', en: 'stock' },
    words: ['库存', '缺货', '超卖', '没货', '有货', 'stock', 'oversold', 'out of stock'],
    script: {
      'zh-CN': '亲，非常抱歉，这款商品的库存我们正在紧急核对，请您稍等几分钟，确认后马上告诉您发货时间。',
      en: 'We are very sorry — we are urgently checking the stock of this item. Please wait a few minutes; we will confirm the delivery time right after.',
    },
  },
  page: {
    name: { 'zh-CN': '页面', en: 'page' },
    words: ['页面', '详情页', '主图', '链接', '描述', '规格', '图片', 'page', 'listing', 'image', 'link'],
    script: {
      'zh-CN':
        '亲，非常抱歉，商品页面信息有误，我们正在紧急更正，请您以客服确认的信息为准，稍等几分钟我们给您准确答复。',
      en: 'We are very sorry — the product page shows wrong information and is being corrected. Please rely on what we confirm here; we will reply in a few minutes.',
    },
  },
  other: {
    name: { 'zh-CN': '其他', en: 'other' },
    words: [],
    script: {
      'zh-CN': '亲，非常抱歉给您带来不便，我们正在紧急处理这个问题，请您稍等几分钟，处理好第一时间回复您。',
      en: 'We are very sorry for the trouble. We are urgently handling it; please give us a few minutes and we will reply first thing.',
    },
  },
} satisfies Record<string, { name: Text; words: string[]; script: Text }>;

export type AnomalyKind = keyof typeof ANOMALY_KINDS;
export const KIND_KEYS = Object.keys(ANOMALY_KINDS) as AnomalyKind[];

const KIND_WORDS: Record<string, AnomalyKind> = Object.fromEntries(
  KIND_KEYS.flatMap((k) => [
    [k, k],
    [ANOMALY_KINDS[k].name['zh-CN'], k],
  ]),
);

/** "kind=价格" / "kind=price" → price; unknown → undefined. */
export const parseKind = (word: string): AnomalyKind | undefined => KIND_WORDS[word.trim().toLowerCase()];

/** Recognises the kind from what the agent wrote; nothing recognisable → other. */
export function recogniseKind(text: string): AnomalyKind {
  const t = text.toLowerCase();
  for (const k of KIND_KEYS) if (ANOMALY_KINDS[k].words.some((w) => t.includes(w))) return k;
  return 'other';
}

export const kindName = (kind: string): Text =>
  ANOMALY_KINDS[(kind in ANOMALY_KINDS ? kind : 'other') as AnomalyKind].name;
export const customerScript = (kind: string): Text =>
  ANOMALY_KINDS[(kind in ANOMALY_KINDS ? kind : 'other') as AnomalyKind].script;

/**
 * Each kind's customer wording is a place of the script library (core/script-slots.ts): the team
 * may link another script to it; the wording above is the default the library starts with.
 */
export const ANOMALY_SCRIPT_SLOTS: Record<string, ScriptSlot> = Object.fromEntries(
  KIND_KEYS.map((k) => {
    const name = ANOMALY_KINDS[k].name;
    return [
      `anomaly.${k}`,
      {
        label: { 'zh-CN': `异常·${name['zh-CN']}`, en: `anomaly·${name.en}` },
        title: { 'zh-CN': `店铺异常·${name['zh-CN']}安抚`, en: `Store anomaly (${name.en}): soothe` },
        text: ANOMALY_KINDS[k].script,
        tags: ['店铺异常', name['zh-CN']],
      },
    ];
  }),
);
