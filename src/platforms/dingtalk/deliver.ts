/**
 * What the HTTP route and the Stream connection share once a DingTalk callback is normalised:
 * handleEvent (its insert is the de-duplication), then the answer. A message's work continues
 * deferred; a card press is awaited up to the budget, since its answer updates the card.
 */
import { handleEvent } from '../../core/handle-event';
import type { Deps } from '../../core/deps';
import type { CardActionAnswer } from '../../core/inbound';
import { t } from '../../i18n';
import { renderDingTalkCard } from './card-render';
import type { DingTalkNormalized } from './normalize';
import { isOwnOutTrackId } from './out-track';
import { decodeRef } from './message-ref';
import { DINGTALK_NAME } from './traits';

/** DingTalk's answer deadline for a card callback is not documented [u]: Feishu's 2.5 s is kept. */
export const CARD_ANSWER_BUDGET_MS = 2_500;

/** A card callback's answer as DingTalk reads it (the Stream ack's `response`, or the HTTP body). */
export interface DingTalkCardAnswer {
  cardData?: { cardParamMap: Record<string, string> };
  cardUpdateOptions?: { updateCardDataByKey: boolean; updatePrivateDataByKey: boolean };
}

const UNPUBLISHED = {
  'zh-CN':
    '我还认不出你：钉钉只在机器人「发布上线」后才告诉我发消息人的员工 ID。请管理员在开发者后台发布应用（版本管理与发布），然后再发一次。',
  en: "I cannot tell who you are yet: DingTalk gives me the sender's staff id only once the robot is published. Ask your admin to publish the app (version management), then send it again.",
};

export async function deliverDingTalk(
  n: DingTalkNormalized,
  deps: Deps,
  meta: { transport: 'http' | 'stream'; frameId?: string },
  budgetMs = CARD_ANSWER_BUDGET_MS,
): Promise<DingTalkCardAnswer> {
  const log = deps.log;
  if (n.kind === 'invalid') {
    log.warn('dingtalk event rejected', { ...meta, reason: n.reason });
    return {};
  }
  if (n.kind === 'ignored') {
    log.info('dingtalk event ignored', { ...meta, reason: n.reason });
    return {};
  }
  if (n.kind === 'unidentified') {
    // Nothing is stored: there is nobody to store it for. The answer goes straight back.
    log.warn('dingtalk event not accepted', { ...meta, reason: n.reason });
    const platform = deps.platformFor(DINGTALK_NAME);
    deps.defer(
      platform
        .reply(n.reply.messageId, { msgType: 'text', content: { text: t(deps.config.locale, UNPUBLISHED) } }, '')
        .catch((err: unknown) => log.warn('dingtalk unpublished answer failed', { error: String(err) })),
    );
    return {};
  }
  const event = n.event;
  if (event.type === 'card_action') {
    const ref = decodeRef(event.messageId);
    if (ref?.kind !== 'card' || !isOwnOutTrackId(ref.outTrackId, deps.config.dingtalk.clientSecret)) {
      log.warn('dingtalk card callback ignored', { ...meta, reason: 'unknown outTrackId' });
      return {};
    }
  }
  const handling = await handleEvent(event, deps);
  if (meta.frameId) log.debug('dingtalk frame', { frameId: meta.frameId, id: event.id, duplicate: handling.duplicate });
  if (handling.duplicate) return {};
  if (event.type === 'message') {
    deps.defer(handling.done);
    return {};
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), budgetMs);
  });
  const handled = await Promise.race([handling.done, late]);
  clearTimeout(timer);
  if (!handled) {
    log.warn('card action answered late', { id: event.id, budgetMs });
    deps.defer(handling.done);
    return {};
  }
  const toast = handled.answer?.toast?.content;
  if (toast && !handled.answer?.card) {
    // A DingTalk card shows no toast, and this answer leaves the card as it is (a refusal, a stale
    // button): without a word the presser would see nothing happen. It reaches them privately.
    const platform = deps.platformFor(DINGTALK_NAME);
    deps.defer(
      platform
        .send({ openId: event.operator.openId }, { msgType: 'text', content: { text: toast } }, '')
        .catch((err: unknown) => log.warn('dingtalk press answer failed', { id: event.id, error: String(err) })),
    );
  }
  return cardAnswer(handled.answer, deps.config.dingtalk.cardTemplateId);
}

/**
 * The card as it is now, in the template's params. A toast has no place on a DingTalk card [u]:
 * an answer that changes the card says the same on it; one that does not is sent to the presser
 * privately (deliverDingTalk). Without a template nothing can change in place.
 */
export function cardAnswer(answer: CardActionAnswer | undefined, templateId: string | undefined): DingTalkCardAnswer {
  if (!answer?.card || !templateId) return {};
  const r = renderDingTalkCard(answer.card, { templateId });
  if (r.kind !== 'template') return {};
  return {
    cardData: { cardParamMap: r.cardParamMap },
    cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
  };
}
