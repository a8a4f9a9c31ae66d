/**
 * What the Feishu PlatformApi states about itself besides its calls: name, limits, card measure,
 * and the words failure explanations use. One object, so that anything standing in for Feishu
 * (the tests' recording platform) states exactly the same.
 */
import type { PlatformApi } from '../../port/platform';
import { measureFeishuCard } from './card-json';
import { FEISHU_CARD_LIMITS, FEISHU_EDITABLE_DAYS, FEISHU_LIMITS, FEISHU_UNREAD_BUZZ_LIMIT } from './limits';

export const FEISHU_NAME = 'feishu';

export const feishuTraits: Pick<PlatformApi, 'name' | 'limits' | 'words' | 'cardLimits' | 'measureCard'> = {
  name: FEISHU_NAME,
  limits: FEISHU_LIMITS,
  cardLimits: FEISHU_CARD_LIMITS,
  measureCard: measureFeishuCard,
  words: {
    name: { 'zh-CN': '飞书', en: 'Feishu' },
    credentials: { 'zh-CN': 'FEISHU_APP_ID / FEISHU_APP_SECRET', en: 'FEISHU_APP_ID / FEISHU_APP_SECRET' },
    unreadBuzzLimit: FEISHU_UNREAD_BUZZ_LIMIT,
    editableDays: FEISHU_EDITABLE_DAYS,
  },
};
