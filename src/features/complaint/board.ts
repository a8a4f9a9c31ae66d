/**
 * The board's complaint panel: open serious complaints whose next time limit is within two hours
 * or already past, soonest first; the others are counted. A paused one (waiting for the customer)
 * shows no countdown.
 */
import { personName, rowsBlock, type BoardRow, type BoardSection } from '../../core/board';
import { t } from '../../i18n';
import { teamPeople } from '../duty/roster';
import { nextDue } from './card';
import { categoryName, openComplaints } from './repo';
import { STAGE_NAMES } from './texts';

const NEAR_MS = 2 * 3_600_000;
const RED_MS = 30 * 60_000;

const TX = {
  title: { 'zh-CN': '客诉临近时限', en: 'Complaints near their limit' },
  none: { 'zh-CN': '没有临近时限的客诉', en: 'No complaint near its limit' },
  others: { 'zh-CN': '另有 {n} 起未闭环，时限在 2 小时以后', en: '{n} more open, due in over 2 h' },
  due: { 'zh-CN': '{stage}时限', en: '{stage} due' },
  paused: { 'zh-CN': '已暂停计时（等顾客）', en: 'clock paused (waiting for the customer)' },
  owner: { 'zh-CN': '负责人 {who}', en: 'owner {who}' },
};

export const complaintBoard: BoardSection = {
  key: 'complaint',
  order: 60,
  async load(deps, team, now, L) {
    const [open, { names }] = await Promise.all([openComplaints(deps.db, team.id), teamPeople(deps, team.id)]);
    const withDue = open
      .map((c) => ({ c, due: nextDue(c) }))
      .sort((a, b) => (a.due?.at.getTime() ?? Infinity) - (b.due?.at.getTime() ?? Infinity));
    const near = withDue.filter(({ c, due }) => !c.pausedAt && due && due.at.getTime() - now.getTime() <= NEAR_MS);
    const rows: BoardRow[] = near.map(({ c, due }) => {
      const left = due!.at.getTime() - now.getTime();
      return {
        title: `#${c.id} ${c.storeName} · ${categoryName(L, c.category)}${c.amount !== null ? ` · ¥${c.amount}` : ''}`,
        detail: `${c.wants.slice(0, 40)} — ${t(L, TX.owner, { who: personName(names, c.ownerOpenId) })}`,
        tone: left <= RED_MS ? 'red' : 'amber',
        countdown: { to: due!.at.toISOString(), label: t(L, TX.due, { stage: t(L, STAGE_NAMES[due!.stage]) }) },
      };
    });
    const others = open.length - near.length;
    const blocks = rows.length
      ? [rowsBlock(rows, 6)]
      : [{ type: 'note' as const, text: t(L, TX.none), tone: 'green' as const }];
    if (others > 0) blocks.push({ type: 'note', text: t(L, TX.others, { n: others }), tone: 'grey' });
    return {
      title: t(L, TX.title),
      tone: rows.some((r) => r.tone === 'red') ? 'red' : rows.length ? 'amber' : 'green',
      blocks,
    };
  },
};
