/**
 * The board's inspection panel: today's morning inspection, items confirmed of all, problems
 * found, and the countdown to its deadline while unfinished.
 */
import type { BoardSection } from '../../core/board';
import { t } from '../../i18n';
import { inspectionOfDay } from './repo';
import { localDay } from './service';

const TX = {
  title: { 'zh-CN': '今日巡店', en: "Today's inspection" },
  notYet: { 'zh-CN': '今天的巡店还没开始', en: "Today's inspection has not started" },
  done: { 'zh-CN': '已确认 {done} / {total} 项', en: '{done} of {total} items confirmed' },
  problems: { 'zh-CN': '{n} 项有问题：{items}', en: '{n} with problems: {items}' },
  complete: { 'zh-CN': '已全部完成', en: 'all done' },
  deadline: { 'zh-CN': '截止', en: 'deadline' },
  pending: { 'zh-CN': '待确认：{items}', en: 'to confirm: {items}' },
};

export const inspectionBoard: BoardSection = {
  key: 'inspection',
  order: 50,
  async load(deps, team, now, L) {
    const row = await inspectionOfDay(deps.db, team.id, localDay(now, team.timeZone));
    if (!row) return { title: t(L, TX.title), tone: 'grey', blocks: [{ type: 'note', text: t(L, TX.notYet) }] };
    const total = row.items.length;
    const done = row.items.filter((i) => i.state !== 'pending').length;
    const problems = row.items.filter((i) => i.state === 'problem');
    const pending = row.items.filter((i) => i.state === 'pending');
    const late = !row.completedAt && row.deadlineAt <= now;
    const tone = row.completedAt ? (problems.length ? 'amber' : 'green') : late ? 'red' : 'amber';
    return {
      title: t(L, TX.title),
      tone,
      blocks: [
        { type: 'progress', done, total, label: t(L, TX.done, { done, total }), tone },
        {
          type: 'rows',
          rows: [
            ...(problems.length
              ? [
                  {
                    title: t(L, TX.problems, { n: problems.length, items: problems.map((i) => i.name).join('、') }),
                    tone: 'red' as const,
                  },
                ]
              : []),
            row.completedAt
              ? { title: t(L, TX.complete), tone: 'green' as const }
              : {
                  title: t(L, TX.pending, {
                    items:
                      pending
                        .slice(0, 4)
                        .map((i) => i.name)
                        .join('、') + (pending.length > 4 ? '…' : ''),
                  }),
                  tone,
                  countdown: { to: row.deadlineAt.toISOString(), label: t(L, TX.deadline) },
                },
          ],
        },
      ],
    };
  },
};
