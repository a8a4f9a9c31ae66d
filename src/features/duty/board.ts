/** The board's duty panel: who is on duty now (primary and backup) and the next change. */
import { personName, type BoardRow, type BoardSection } from '../../core/board';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { loadRules, teamPeople } from './roster';
import { dutyStatus } from './view';

const TX = {
  title: { 'zh-CN': '值班', en: 'On duty' },
  now: { 'zh-CN': '现在', en: 'Now' },
  nobody: { 'zh-CN': '现在无人值班', en: 'Nobody on duty now' },
  nobodyHint: { 'zh-CN': '店铺异常会直接电话主管', en: 'Store anomalies go straight to the supervisors' },
  backup: { 'zh-CN': '备份 {who}', en: 'backup {who}' },
  noBackup: { 'zh-CN': '无备份', en: 'no backup' },
  next: { 'zh-CN': '{at} 起', en: 'From {at}' },
  nextNobody: { 'zh-CN': '{at} 起无人值班', en: 'Nobody from {at}' },
};

export const dutyBoard: BoardSection = {
  key: 'duty',
  order: 10,
  async load(deps, team, now, L) {
    const [rules, people] = await Promise.all([loadRules(deps.db, team.id), teamPeople(deps, team.id)]);
    const status = dutyStatus(rules, now, team.timeZone, people.canBuzz);
    const who = (id: string) => personName(people.names, id);
    const rows: BoardRow[] = [];
    if (status.now)
      rows.push({
        title: `${t(L, TX.now)}：${who(status.now.primary)}`,
        detail: status.now.backup ? t(L, TX.backup, { who: who(status.now.backup) }) : t(L, TX.noBackup),
        tone: 'green',
      });
    else rows.push({ title: t(L, TX.nobody), detail: t(L, TX.nobodyHint), tone: 'red' });
    if (status.next) {
      const at = formatLocal(status.next.at, team.timeZone, L, now);
      const d = status.next.duty;
      rows.push(
        d
          ? {
              title: `${t(L, TX.next, { at })}：${who(d.primary)}`,
              detail: d.backup ? t(L, TX.backup, { who: who(d.backup) }) : t(L, TX.noBackup),
              countdown: { to: status.next.at.toISOString(), label: t(L, TX.next, { at }) },
            }
          : { title: t(L, TX.nextNobody, { at }), tone: 'amber' },
      );
    }
    return { title: t(L, TX.title), tone: status.now ? 'green' : 'red', blocks: [{ type: 'rows', rows }] };
  },
};
