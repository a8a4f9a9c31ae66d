/**
 * The board's incident panel: open incidents, severity first, with their playbook's step progress
 * and the time limit of the next step not done. A private playbook (a colleague's health) shows
 * its name only: the room sees that someone is looked after, never who or why.
 */
import { rowsBlock, type BoardRow, type BoardSection } from '../../core/board';
import { t } from '../../i18n';
import { openIncidents } from './repo';

const TX = {
  title: { 'zh-CN': '突发情况', en: 'Incidents' },
  none: { 'zh-CN': '没有进行中的突发情况', en: 'No open incidents' },
  sev: { 'zh-CN': '{sev}级', en: 'sev{sev}' },
  mitigated: { 'zh-CN': '已缓解', en: 'mitigated' },
  next: { 'zh-CN': '下一步：{step}', en: 'next: {step}' },
  limit: { 'zh-CN': '第 {n} 步时限', en: 'step {n} due' },
};

export const incidentBoard: BoardSection = {
  key: 'incident',
  order: 30,
  async load(deps, team, _now, L) {
    const open = (await openIncidents(deps.db, team.id)).sort(
      (a, b) => a.severity - b.severity || a.startedAt.getTime() - b.startedAt.getTime(),
    );
    const rows: BoardRow[] = open.map((i) => {
      const done = i.steps.filter((s) => s.doneAt).length;
      const nextIndex = i.steps.findIndex((s) => !s.doneAt);
      const next = nextIndex >= 0 ? i.steps[nextIndex] : undefined;
      const about = i.playbook.private ? '' : i.description.slice(0, 50);
      const parts = [
        about,
        i.mitigatedAt ? t(L, TX.mitigated) : '',
        next ? t(L, TX.next, { step: next.text.slice(0, 40) }) : '',
      ];
      return {
        title: `#${i.id} ${i.playbook.name} · ${t(L, TX.sev, { sev: i.severity })}`,
        detail: parts.filter(Boolean).join(' — '),
        tone: i.severity === 1 && !i.mitigatedAt ? 'red' : 'amber',
        progress: { done, total: i.steps.length },
        ...(next?.limitMin !== undefined
          ? {
              countdown: {
                to: new Date(i.startedAt.getTime() + next.limitMin * 60_000).toISOString(),
                label: t(L, TX.limit, { n: nextIndex + 1 }),
              },
            }
          : {}),
      };
    });
    return {
      title: t(L, TX.title),
      tone: rows.some((r) => r.tone === 'red') ? 'red' : rows.length ? 'amber' : 'green',
      blocks: rows.length ? [rowsBlock(rows, 6)] : [{ type: 'note', text: t(L, TX.none), tone: 'green' }],
    };
  },
};
