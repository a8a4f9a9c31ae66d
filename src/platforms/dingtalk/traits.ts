/**
 * What the DingTalk PlatformApi states about itself besides its calls: name, limits, card measure
 * and the words explanations, /help and /setup use.
 */
import type { DingTalkConfig } from '../../config';
import type { PlatformApi, PlatformWords } from '../../port/platform';
import { measureDingTalkCard } from './card-render';
import { DINGTALK_CARD_LIMITS, DINGTALK_LIMITS, DINGTALK_STANDARD_MONTHLY_CALLS } from './limits';

export const DINGTALK_NAME = 'dingtalk';

export function dingTalkWords(edition: DingTalkConfig['edition']): PlatformWords {
  const standard = edition === 'standard';
  return {
    name: { 'zh-CN': '钉钉', en: 'DingTalk' },
    credentials: {
      'zh-CN': 'DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET',
      en: 'DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET',
    },
    groupHint: {
      'zh-CN': '钉钉群里只有 @我 的消息才会送到我这里：命令前请先 @现场管家。',
      en: 'In a DingTalk group only messages that @mention me reach me: put @floorwalker before a command.',
    },
    setupNotes: [
      standard
        ? {
            'zh-CN':
              '⚠️ 钉钉标准版：电话/短信 DING（电话升级）需要专业版或专属版，并购买 DING 权益包；在此之前只能应用内 DING。每月 OpenAPI 调用上限 10,000 次。',
            en: '⚠️ DingTalk standard edition: phone/SMS DING (phone escalation) needs the professional or exclusive edition and a DING add-on; until then only in-app DING works. At most 10,000 API calls a month.',
          }
        : {
            'zh-CN': '钉钉专业版/专属版：电话/短信 DING 需要已购买的 DING 权益包（管理后台 → 增值服务）。',
            en: 'DingTalk professional/exclusive edition: phone/SMS DING needs a purchased DING add-on (admin console → value-added services).',
          },
    ],
    ...(standard ? { monthlyCallLimit: DINGTALK_STANDARD_MONTHLY_CALLS } : {}),
    firstSetupIsSupervisor: true,
    filesOnlyPrivately: true,
  };
}

export function dingTalkTraits(opts: {
  edition: DingTalkConfig['edition'];
  templateId?: string | undefined;
}): Pick<PlatformApi, 'name' | 'limits' | 'words' | 'cardLimits' | 'measureCard' | 'mentionsNeedNames'> {
  const render = opts.templateId ? { templateId: opts.templateId } : {};
  return {
    name: DINGTALK_NAME,
    limits: DINGTALK_LIMITS,
    cardLimits: DINGTALK_CARD_LIMITS,
    measureCard: (c) => measureDingTalkCard(c, render),
    words: dingTalkWords(opts.edition),
    // A card instance and a robot message show the name the text writes, never one from the id.
    mentionsNeedNames: true,
  };
}
