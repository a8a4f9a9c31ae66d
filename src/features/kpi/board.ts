/**
 * The board's KPI panel: today's consult volume by hour (the chart "kpi.consultsToday", categories
 * "0:00" … "23:00": a forecast section adds its line to the same chart by that id), and the
 * response KPIs of the latest hour that has data, against the team's targets.
 */
import { DateTime } from 'luxon';
import type { BoardBlock, BoardSection, BoardTone } from '../../core/board';
import { t } from '../../i18n';
import { metricByKey } from './catalog';
import { formatValue } from './format';
import { loadTargets, loadValues } from './repo';
import { breaches, effectiveTarget } from './targets';

export const CONSULTS_CHART = 'kpi.consultsToday';
export const hourLabel = (h: number): string => `${h}:00`;

const VOLUME = 'consult_users';
const RESPONSE = ['first_response_s', 'avg_response_s', 'reply_3min_rate', 'answer_30s_rate'];

const TX = {
  title: { 'zh-CN': '今日咨询量（按小时）', en: "Today's consults by hour" },
  volume: { 'zh-CN': '咨询人数', en: 'Consults' },
  hour: { 'zh-CN': '{hour} 时段响应', en: 'Response, {hour} hour' },
  noData: {
    'zh-CN': '今天还没有分时数据（接口 POST /api/v1/metrics 带 hour）',
    en: 'No hourly data today yet (POST /api/v1/metrics with hour)',
  },
};

export const kpiBoard: BoardSection = {
  key: 'kpi',
  order: 70,
  async load(deps, team, now, L) {
    const local = DateTime.fromJSDate(now, { zone: team.timeZone });
    const day = local.toISODate()!;
    const rows = await loadValues(deps.db, team.id, {
      from: day,
      to: day,
      agent: '',
      hourly: true,
      metrics: [VOLUME, ...RESPONSE],
    });
    const hourly = rows.filter((r) => r.hour >= 0);
    const categories = Array.from({ length: 24 }, (_, h) => hourLabel(h));
    const blocks: BoardBlock[] = [];
    const volume = hourly.filter((r) => r.metric === VOLUME);
    if (volume.length) {
      const perHour: (number | null)[] = categories.map(() => null);
      for (const r of volume) perHour[r.hour] = (perHour[r.hour] ?? 0) + r.value;
      blocks.push({
        type: 'chart',
        id: CONSULTS_CHART,
        categories,
        series: [{ name: t(L, TX.volume), kind: 'bar', values: perHour }],
      });
    }
    const responseRows = hourly.filter((r) => RESPONSE.includes(r.metric));
    const latest = Math.max(-1, ...responseRows.filter((r) => r.hour <= local.hour).map((r) => r.hour));
    let tone: BoardTone = 'grey';
    if (latest >= 0) {
      const targets = await loadTargets(deps.db, team.id, new Map());
      const stats = RESPONSE.flatMap((key) => {
        const m = metricByKey(key);
        const of = responseRows.filter((r) => r.metric === key && r.hour === latest);
        if (!m || !of.length) return [];
        // Stores weigh by what the value is a share of (received buyers) when they say it.
        const weight = (r: (typeof of)[number]) => (r.base && r.base > 0 ? r.base : 1);
        const total = of.reduce((s, r) => s + weight(r), 0);
        const value = of.reduce((s, r) => s + r.value * weight(r), 0) / total;
        const target = effectiveTarget(m, null, targets);
        const statTone: BoardTone = !target ? 'grey' : breaches(value, target) ? 'red' : 'green';
        if (statTone === 'red') tone = 'red';
        else if (statTone === 'green' && tone === 'grey') tone = 'green';
        return [{ label: t(L, m.name), value: formatValue(value, m.unit, L), tone: statTone }];
      });
      blocks.push({ type: 'note', text: t(L, TX.hour, { hour: hourLabel(latest) }) }, { type: 'stats', stats });
    }
    if (!blocks.length) blocks.push({ type: 'note', text: t(L, TX.noData) });
    return { title: t(L, TX.title), tone, wide: true, blocks };
  },
};
