/** Today's duty in the morning digest: who is on now, the next change, and gaps in the next 24 h. */
import type { Deps } from '../../core/deps';
import type { DigestPeriod, DigestSection } from '../../core/feature';
import { localeOf, type Team } from '../../core/teams';
import { markdown, type CardElement } from '../../cards/card';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { loadRules, teamPeople } from './roster';
import { dutyStatus, gapLines, peopleText } from './view';

const TX = {
  title: { 'zh-CN': '👥 今日值班', en: "👥 Today's duty" },
  now: { 'zh-CN': '现在：{people}', en: 'Now: {people}' },
  nobody: { 'zh-CN': '⚠️ 现在没有人值班：/duty set @某人', en: '⚠️ Nobody is on duty now: /duty set @someone' },
  next: { 'zh-CN': '{at} 起：{people}', en: 'From {at}: {people}' },
  nextNobody: { 'zh-CN': '{at} 起：无人值班', en: 'From {at}: nobody' },
  covered: { 'zh-CN': '✅ 未来 24 小时都有人值班。', en: '✅ The next 24 h are covered.' },
};

export async function buildDutyDigest(deps: Deps, team: Team, p: DigestPeriod): Promise<CardElement[] | undefined> {
  const L = localeOf(deps.config, team);
  const [rules, people] = await Promise.all([loadRules(deps.db, team.id), teamPeople(deps, team.id)]);
  const now = p.now;
  const status = dutyStatus(rules, now, team.timeZone, people.canBuzz);
  const lines = [status.now ? t(L, TX.now, { people: peopleText(L, people.names, status.now) }) : t(L, TX.nobody)];
  const day = now.getTime() + 86_400_000;
  if (status.next && status.next.at.getTime() < day) {
    const at = formatLocal(status.next.at, team.timeZone, L, now);
    lines.push(
      status.next.duty
        ? t(L, TX.next, { at, people: peopleText(L, people.names, status.next.duty) })
        : t(L, TX.nextNobody, { at }),
    );
  }
  const gaps = gapLines(L, team.timeZone, now, people.names, status.gaps);
  lines.push(...(gaps.length ? gaps : [t(L, TX.covered)]));
  return [markdown(lines.join('\n'))];
}

export const dutyDigest: DigestSection = {
  key: 'duty',
  title: TX.title,
  order: 40,
  kinds: ['daily'],
  build: buildDutyDigest,
};
