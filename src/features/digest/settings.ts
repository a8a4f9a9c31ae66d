/** `/digest time` and `/digest weekly`: the team's own slots for the two digests (core schedules). */
import type { Deps } from '../../core/deps';
import type { DigestKind } from '../../core/feature';
import { formatTimeOfDay } from '../../core/schedule-rules';
import { schedulesOfTeam, setTeamSchedule } from '../../core/schedules';
import { localeOf, type Team } from '../../core/teams';
import { formatLocal, weekdayName } from '../../domain/local-time';
import { t } from '../../i18n';
import { DAILY, WEEKLY } from './post';

const TX = {
  set: {
    'zh-CN': '已设置：{what}{days} {time} 发送（{zone}）。下一次：{next}。',
    en: 'Done: the {what} goes out {days} at {time} ({zone}). Next: {next}.',
  },
  off: {
    'zh-CN': '已关闭{what}。/digest {cmd} 09:00 可以重新打开。',
    en: 'The {what} is off. /digest {cmd} 09:00 turns it on again.',
  },
  daily: { 'zh-CN': '日报', en: 'morning digest' },
  weekly: { 'zh-CN': '周报', en: 'weekly report' },
  everyDay: { 'zh-CN': '每天', en: 'every day' },
  badTime: {
    'zh-CN': '时间「{word}」看不懂：写成 24 小时制的 HH:MM，例如 09:00。',
    en: 'The time "{word}" is not HH:MM (24 h), e.g. 09:00.',
  },
  current: {
    'zh-CN': '日报：{daily}　周报：{weekly}（{zone}）',
    en: 'Morning digest: {daily} · Weekly report: {weekly} ({zone})',
  },
  offShort: { 'zh-CN': '已关闭', en: 'off' },
};

const keyOf = (kind: DigestKind) => (kind === 'daily' ? DAILY : WEEKLY);

function daysText(L: ReturnType<typeof localeOf>, weekdays: readonly number[]): string {
  if (weekdays.length === 7) return t(L, TX.everyDay);
  return weekdays.map((d) => weekdayName(d, L)).join(L === 'en' ? ', ' : '、');
}

/** What the team's digests are set to now, as one line. */
export async function digestTimesText(deps: Deps, team: Team): Promise<string> {
  const L = localeOf(deps.config, team);
  const all = await schedulesOfTeam(deps, team.id);
  const line = (key: string) => {
    const s = all.find((x) => x.key === key);
    if (!s || !s.enabled) return t(L, TX.offShort);
    return `${daysText(L, s.weekdays)} ${formatTimeOfDay(s.minuteOfDay)}`;
  };
  return t(L, TX.current, { daily: line(DAILY), weekly: line(WEEKLY), zone: team.timeZone });
}

/**
 * Sets the time (and for the weekly report the weekday) of a digest, or switches it off (`time`
 * "off"). Bad input changes nothing and says why.
 */
export async function setDigestTime(
  deps: Deps,
  team: Team,
  o: { kind: DigestKind; time: string; weekdays?: number[]; by: string },
): Promise<string> {
  const L = localeOf(deps.config, team);
  const what = t(L, o.kind === 'daily' ? TX.daily : TX.weekly);
  const key = keyOf(o.kind);
  if (['off', '关闭', '关'].includes(o.time.trim().toLowerCase())) {
    await setTeamSchedule(deps, team, key, { enabled: false }, o.by);
    return t(L, TX.off, { what, cmd: o.kind === 'daily' ? 'time' : 'weekly mon' });
  }
  const r = await setTeamSchedule(
    deps,
    team,
    key,
    { time: o.time.trim().replace('：', ':'), ...(o.weekdays ? { weekdays: o.weekdays } : {}), enabled: true },
    o.by,
  );
  if (!r.ok) return t(L, TX.badTime, { word: o.time });
  const now = deps.clock.now();
  return t(L, TX.set, {
    what,
    days: daysText(L, r.schedule.weekdays),
    time: formatTimeOfDay(r.schedule.minuteOfDay),
    zone: team.timeZone,
    next: r.next ? formatLocal(r.next, team.timeZone, L, now) : '—',
  });
}
