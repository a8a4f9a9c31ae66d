/** KPI and violation alerts as an export (/export alerts): one row per alert that fired in the period. */
import { sql } from 'drizzle-orm';
import { recordsInRange, type ExportContext, type ExportKind } from '../../core/export-def';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { metricByKey } from '../kpi/catalog';

const x = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const STATE = { firing: x('告警中', 'firing'), resolved: x('已恢复', 'resolved') };

interface Row {
  id: number;
  fired_at: Date;
  resolved_at: Date | null;
  state: keyof typeof STATE;
  kind: string;
  store_name: string | null;
  agent: string;
  metric: string;
  first_value: number | null;
  value: number | null;
  target_op: string | null;
  target_value: number | null;
  period: string | null;
  claimed_by: string | null;
}

async function* rows(ctx: ExportContext) {
  const { deps, team } = ctx;
  const locale = localeOf(deps.config, team);
  const now = deps.clock.now();
  for await (const r of recordsInRange<Row>(ctx, {
    select: sql`select a.id, a.fired_at, a.resolved_at, a.state, a.kind, s.name as store_name, a.agent, a.metric,
              a.first_value, a.value, a.target_op, a.target_value, a.period, a.claimed_by
            from alerts a left join stores s on s.id = a.store_id`,
    at: 'fired_at',
    alias: 'a',
  })) {
    const fired = new Date(r.fired_at);
    const end = r.resolved_at ? new Date(r.resolved_at) : now;
    const def = r.metric ? metricByKey(r.metric) : undefined;
    yield [
      Number(r.id),
      fired,
      r.resolved_at ? new Date(r.resolved_at) : null,
      t(locale, STATE[r.state] ?? STATE.firing),
      r.kind,
      r.store_name ?? '',
      r.agent,
      def ? t(locale, def.name) : r.metric,
      r.first_value,
      r.value,
      r.target_op && r.target_value !== null ? `${r.target_op} ${r.target_value}` : '',
      r.period ?? '',
      Math.round(((end.getTime() - fired.getTime()) / 60_000) * 10) / 10,
      ctx.nameOf(r.claimed_by),
    ];
  }
}

export const alertExport: ExportKind = {
  kind: 'alerts',
  aliases: ['alert', '告警'],
  title: x('告警', 'Alerts'),
  columns: [
    { title: x('编号', 'ID'), type: 'int' },
    { title: x('触发时间', 'Fired'), type: 'datetime' },
    { title: x('恢复时间', 'Resolved'), type: 'datetime' },
    { title: x('状态', 'State'), type: 'text', summary: 'count' },
    { title: x('类型', 'Kind'), type: 'text', summary: 'count' },
    { title: x('店铺', 'Store'), type: 'text', summary: 'count' },
    { title: x('客服', 'Agent'), type: 'text' },
    { title: x('指标', 'Metric'), type: 'text', summary: 'count' },
    { title: x('首次值', 'First value'), type: 'number' },
    { title: x('最新值', 'Latest value'), type: 'number' },
    { title: x('目标', 'Target'), type: 'text' },
    { title: x('周期', 'Period'), type: 'text' },
    { title: x('持续（分钟）', 'Minutes firing'), type: 'minutes', summary: 'avg' },
    { title: x('认领人', 'Claimed by'), type: 'text' },
  ],
  rows,
};
