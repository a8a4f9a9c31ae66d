import type { Locale } from '../config';
import { atPerson } from '../core/teams';
import { t } from '../i18n';
import type { ChangeResult } from './claim';

/** What a claim or resolve says back, by text command or button. */
const TX = {
  claimed: { 'zh-CN': '已认领 #{id}，升级已停止。处理好后点「已解决」或发送 /resolve {id} 说明。', en: 'Claimed #{id}; the escalation has stopped. When done, tap "Resolved" or send /resolve {id} note.' },
  resolved: { 'zh-CN': '#{id} 已解决，已关闭。', en: '#{id} is resolved and closed.' },
  notFound: { 'zh-CN': '本组没有异常 #{id}。/anomaly list 可以看到未解决的异常。', en: 'This team has no anomaly #{id}. /anomaly list shows the open ones.' },
  alreadyClaimed: { 'zh-CN': '#{id} 已由 {who} 认领。', en: '#{id} was already claimed by {who}.' },
  alreadyResolved: { 'zh-CN': '#{id} 已经解决了。', en: '#{id} is already resolved.' },
};

export function answerText(locale: Locale, id: number, r: ChangeResult, action: 'claim' | 'resolve', plain: boolean): string {
  const who = (openId: string | null | undefined) => (plain ? `<at user_id="${openId ?? ''}"></at>` : atPerson(openId ?? ''));
  switch (r.outcome) {
    case 'ok':
      return t(locale, action === 'claim' ? TX.claimed : TX.resolved, { id });
    case 'not_found':
      return t(locale, TX.notFound, { id });
    case 'already_claimed':
      return t(locale, TX.alreadyClaimed, { id, who: who(r.anomaly.claimedBy) });
    case 'already_resolved':
      return t(locale, TX.alreadyResolved, { id });
  }
}

/** "#42", "42" → 42. */
export const anomalyId = (v: unknown): number | undefined => {
  const s = String(v ?? '').trim().replace(/^#/, '');
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
};
