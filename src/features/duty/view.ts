import type { Locale } from '../../config';
import { nameOrMention } from '../../cards/mention';
import { coverageGaps, dutyTimeline, nextChange, onDutyAt, type DutyRule, type Gap, type OnDuty } from './rules';
import { formatClock } from './spec';
import { formatLocal, weekdayName } from '../../domain/local-time';
import { t } from '../../i18n';
import type { ShiftRow } from './roster';

export const DX = {
  nobody: { 'zh-CN': '无人', en: 'nobody' },
  noBackup: { 'zh-CN': '无备份', en: 'no backup' },
  backup: { 'zh-CN': '备份', en: 'backup' },
  people: { 'zh-CN': '{primary}（备份 {backup}）', en: '{primary} (backup {backup})' },
  peopleNoBackup: { 'zh-CN': '{primary}（无备份）', en: '{primary} (no backup)' },
  srcStanding: { 'zh-CN': '手动指定，直到更改', en: 'set by hand, until changed' },
  srcWeekly: { 'zh-CN': '排班 #{id}', en: 'shift #{id}' },
  srcOnce: { 'zh-CN': '临时替班 #{id}', en: 'one-off #{id}' },
  gapNobody: {
    'zh-CN': '⚠️ {from}–{to} 无人值班：这段时间的店铺异常会直接电话主管',
    en: '⚠️ {from}–{to} nobody on duty: store anomalies then go straight to the supervisors',
  },
  gapUnreachable: {
    'zh-CN': '⚠️ {from}–{to} 值班的 {who} 无法加急（不在群里或账号无效）',
    en: '⚠️ {from}–{to} {who} is on duty but cannot be buzzed (not in the group, or the id is invalid)',
  },
  daily: { 'zh-CN': '每天', en: 'daily' },
  weekdays: { 'zh-CN': '工作日', en: 'weekdays' },
  weekends: { 'zh-CN': '周末', en: 'weekends' },
  nextDay: { 'zh-CN': '次日', en: 'next day' },
};

export function peopleText(
  locale: Locale,
  names: Map<string, string>,
  d: { primary: string; backup?: string },
): string {
  return d.backup
    ? t(locale, DX.people, { primary: nameOrMention(names, d.primary), backup: nameOrMention(names, d.backup) })
    : t(locale, DX.peopleNoBackup, { primary: nameOrMention(names, d.primary) });
}

export function sourceText(locale: Locale, d: OnDuty): string {
  return d.kind === 'standing'
    ? t(locale, DX.srcStanding)
    : t(locale, d.kind === 'weekly' ? DX.srcWeekly : DX.srcOnce, { id: d.ruleId });
}

export function gapLines(locale: Locale, zone: string, now: Date, names: Map<string, string>, gaps: Gap[]): string[] {
  return gaps.map((g) =>
    g.reason === 'nobody'
      ? t(locale, DX.gapNobody, {
          from: formatLocal(g.from, zone, locale, now),
          to: formatLocal(g.to, zone, locale, now),
        })
      : t(locale, DX.gapUnreachable, {
          from: formatLocal(g.from, zone, locale, now),
          to: formatLocal(g.to, zone, locale, now),
          who: g.openIds.map((id) => nameOrMention(names, id)).join('、'),
        }),
  );
}

export function repeatText(locale: Locale, weekdays: number[]): string {
  const key = weekdays.join(',');
  if (key === '1,2,3,4,5,6,7') return t(locale, DX.daily);
  if (key === '1,2,3,4,5') return t(locale, DX.weekdays);
  if (key === '6,7') return t(locale, DX.weekends);
  return weekdays.map((d) => weekdayName(d, locale)).join(locale === 'en' ? ', ' : '、');
}

/** "#3 每天 21:00–次日 09:00 王主管（备份 李组长）" */
export function shiftLine(locale: Locale, zone: string, now: Date, names: Map<string, string>, s: ShiftRow): string {
  const who = peopleText(locale, names, {
    primary: s.primaryOpenId,
    ...(s.backupOpenId ? { backup: s.backupOpenId } : {}),
  });
  if (s.kind === 'weekly') {
    const crosses = (s.endMinute ?? 0) <= (s.startMinute ?? 0);
    return `#${s.id} ${repeatText(locale, s.weekdays ?? [])} ${formatClock(s.startMinute ?? 0)}–${crosses ? t(locale, DX.nextDay) + ' ' : ''}${formatClock(s.endMinute ?? 0)} ${who}`;
  }
  const from = s.startsAt ? formatLocal(s.startsAt, zone, locale, now) : '';
  if (s.kind === 'standing')
    return `#${s.id} ${from} → ${s.endsAt ? formatLocal(s.endsAt, zone, locale, now) : '…'} ${who}`;
  return `#${s.id} ${from}–${s.endsAt ? formatLocal(s.endsAt, zone, locale, now) : ''} ${who}`;
}

export interface DutyStatus {
  now?: OnDuty;
  next?: { at: Date; duty?: OnDuty };
  gaps: Gap[];
}

/** Who is on duty now, the next change, and the gaps in the next 24 h. */
export function dutyStatus(
  rules: DutyRule[],
  now: Date,
  zone: string,
  canBuzz: (openId: string) => boolean,
): DutyStatus {
  const current = onDutyAt(rules, now, zone);
  const next = nextChange(rules, now, zone);
  return {
    ...(current ? { now: current } : {}),
    ...(next ? { next } : {}),
    gaps: coverageGaps(rules, now, new Date(now.getTime() + 86_400_000), zone, canBuzz),
  };
}

export { dutyTimeline };
