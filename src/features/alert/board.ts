/**
 * The board's alert panel: one tile per store of the team, red while it has an open alert nobody
 * took, amber while its alerts are claimed, silenced or flapping, green when its numbers are
 * within target. 200 stores fit: a tile is a name and a count.
 */
import type { BoardTone, BoardSection } from '../../core/board';
import { t } from '../../i18n';
import { metricByKey } from '../kpi/catalog';
import { activeStores } from '../stores/repo';
import { activeSilences, firingAlerts } from './repo';
import { silencedBy } from './rules';

const TX = {
  title: { 'zh-CN': '告警（各店铺对照目标）', en: 'Alerts by store (against targets)' },
  red: { 'zh-CN': '待处理', en: 'to act on' },
  amber: { 'zh-CN': '处理中/静默', en: 'claimed/silenced' },
  green: { 'zh-CN': '达标', en: 'on target' },
  team: { 'zh-CN': '全组', en: 'team' },
  count: { 'zh-CN': '{n} 项', en: '{n}' },
};

export const alertBoard: BoardSection = {
  key: 'alert',
  order: 40,
  async load(deps, team, now, L) {
    const [stores, firing, silences] = await Promise.all([
      activeStores(deps.db, team.id),
      firingAlerts(deps.db, team.id),
      activeSilences(deps.db, team.id, now),
    ]);
    const toneOf = (a: (typeof firing)[number]): BoardTone =>
      a.claimedBy ||
      (a.flappingUntil && a.flappingUntil > now) ||
      silencedBy(silences, { storeId: a.storeId, metric: a.metric }, now)
        ? 'amber'
        : 'red';
    const byStore = new Map<number | null, typeof firing>();
    for (const a of firing) byStore.set(a.storeId, [...(byStore.get(a.storeId) ?? []), a]);
    const tileOf = (label: string, list: typeof firing) => {
      const tone: BoardTone = !list.length ? 'green' : list.some((a) => toneOf(a) === 'red') ? 'red' : 'amber';
      const what = list.map((a) => {
        const m = metricByKey(a.metric);
        return m ? t(L, m.name) : a.kind;
      });
      return {
        label,
        tone,
        ...(list.length ? { value: t(L, TX.count, { n: list.length }), detail: [...new Set(what)].join('、') } : {}),
      };
    };
    const tiles = stores.map((s) => tileOf(s.name, byStore.get(s.id) ?? []));
    const teamWide = byStore.get(null);
    if (teamWide?.length) tiles.unshift(tileOf(t(L, TX.team), teamWide));
    // Worst first: the red tiles are what the room should see from the door.
    const rank: Record<BoardTone, number> = { red: 0, amber: 1, green: 2, grey: 3 };
    tiles.sort((a, b) => rank[a.tone] - rank[b.tone]);
    const count = (tone: BoardTone) => String(tiles.filter((x) => x.tone === tone).length);
    return {
      title: t(L, TX.title),
      tone: tiles.some((x) => x.tone === 'red') ? 'red' : tiles.some((x) => x.tone === 'amber') ? 'amber' : 'green',
      wide: true,
      blocks: [
        {
          type: 'stats',
          stats: [
            { label: t(L, TX.red), value: count('red'), tone: 'red' },
            { label: t(L, TX.amber), value: count('amber'), tone: 'amber' },
            { label: t(L, TX.green), value: count('green'), tone: 'green' },
          ],
        },
        { type: 'tiles', tiles },
      ],
    };
  },
};
