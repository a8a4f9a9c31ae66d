import { z } from 'zod';
import type { Locale } from '../../config';
import type { ActionContext } from '../../core/context';
import type { CardActionAnswer } from '../../core/inbound';
import { teamPeople } from '../duty/roster';
import { t } from '../../i18n';
import { M } from '../../i18n/messages';
import type { ChangeResult } from './claim';
import { renderCard, textMention } from './publish';
import { cardId } from '../../core/card-values';

/** What a claim or resolve says back, by text command or button. */
const TX = {
  claimed: {
    'zh-CN': '已认领 #{id}，升级已停止。处理好后点「已解决」或发送 /resolve {id} 说明。',
    en: 'Claimed #{id}; the escalation has stopped. When done, tap "Resolved" or send /resolve {id} note.',
  },
  resolved: { 'zh-CN': '#{id} 已解决，已关闭。', en: '#{id} is resolved and closed.' },
  notFound: {
    'zh-CN': '本组没有异常 #{id}。/anomaly list 可以看到未解决的异常。',
    en: 'This team has no anomaly #{id}. /anomaly list shows the open ones.',
  },
  alreadyClaimed: { 'zh-CN': '#{id} 已由 {who} 认领。', en: '#{id} was already claimed by {who}.' },
  alreadyResolved: { 'zh-CN': '#{id} 已经解决了。', en: '#{id} is already resolved.' },
  someone: { 'zh-CN': '其他人', en: 'someone else' },
};

/** How an answer names a person: a text reply mentions them, a toast (plain text) gives the name. */
export type PersonFormat = (openId: string) => string;

export function answerText(
  locale: Locale,
  id: number,
  r: ChangeResult,
  action: 'claim' | 'resolve',
  person: PersonFormat,
): string {
  switch (r.outcome) {
    case 'ok':
      return t(locale, action === 'claim' ? TX.claimed : TX.resolved, { id });
    case 'not_found':
      return t(locale, TX.notFound, { id });
    case 'already_claimed':
      return t(locale, TX.alreadyClaimed, { id, who: person(r.anomaly.claimedBy ?? '') });
    case 'already_resolved':
      return t(locale, TX.alreadyResolved, { id });
  }
}

/**
 * The card's Claim and Resolved buttons: `change` claims or resolves the anomaly; the answer is a
 * toast and, unless the button was stale, the card as it stands now.
 */
export async function anomalyAction(
  ctx: ActionContext,
  value: Record<string, unknown>,
  action: 'claim' | 'resolve',
  change: (id: number) => Promise<ChangeResult>,
): Promise<CardActionAnswer> {
  const id = cardId(value);
  if (id === undefined) return { toast: { type: 'warning', content: t(ctx.locale, M.actionExpired) } };
  const r = await change(id);
  // These two name nobody.
  if (r.outcome === 'ok')
    return { toast: { type: 'success', content: answerText(ctx.locale, id, r, action, textMention) }, card: r.card };
  if (r.outcome === 'not_found')
    return { toast: { type: 'warning', content: answerText(ctx.locale, id, r, action, textMention) } };
  const people = await teamPeople(ctx.deps, ctx.team.id);
  const name: PersonFormat = (openId) => people.names.get(openId) || t(ctx.locale, TX.someone);
  return {
    toast: { type: 'info', content: answerText(ctx.locale, id, r, action, name) },
    card: await renderCard(ctx.deps, ctx.team, r.anomaly, { people }),
  };
}

/** "#42", "42" → 42. */
export const anomalyId = (v: unknown): number | undefined => {
  const s = String(v ?? '')
    .trim()
    .replace(/^#/, '');
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
};

/** The anomaly number argument of /ack and /resolve. */
export const idArg = z
  .string({
    message:
      '缺少异常编号，例如 42（见卡片标题或 /anomaly list）|the anomaly number is missing, e.g. 42 (see the card title or /anomaly list)',
  })
  .transform((s) => anomalyId(s))
  .refine((n): n is number => n !== undefined, {
    message: '异常编号是数字，例如 42|the anomaly number is a number, e.g. 42',
  });
