/**
 * KPI values as an export (/export kpi): one row per stored value (store or agent, day or hour) in
 * the period, in day order, with the metric's name and unit in the team's language.
 */
import { sql } from 'drizzle-orm';
import { pagedRows, type ExportContext, type ExportKind } from '../../core/export-def';
import { localeOf } from '../../core/teams';
import { query } from '../../db/client';
import { t, type Text } from '../../i18n';
import { metricByKey, type MetricUnit } from './catalog';

const x = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });
const UNITS: Record<MetricUnit, Text> = {
  seconds: x('秒', 's'),
  ratio: x('比例', 'ratio'),
  count: x('个', 'count'),
  cny: x('元', 'CNY'),
  points: x('分', 'points'),
  number: x('', ''),
};

interface Row {
  id: number;
  day: string;
  store_name: string;
  agent: string;
  metric: string;
  hour: number;
  value: number;
  base: number | null;
  source: string;
}

async function* rows(ctx: ExportContext) {
  const { deps, team, range } = ctx;
  const locale = localeOf(deps.config, team);
  const own = new Map(
    (
      await query<{ key: string; name_zh: string; name_en: string; unit: string }>(
        deps.db,
        sql`select key, name_zh, name_en, unit from kpi_metrics where team_id = ${team.id}`,
      )
    ).map((m) => [m.key, { name: x(m.name_zh, m.name_en), unit: m.unit }]),
  );
  const names = new Map<string, [string, string]>();
  const describe = (key: string): [string, string] => {
    const known = names.get(key);
    if (known) return known;
    const def = metricByKey(key);
    const custom = own.get(key);
    const unit = def
      ? t(locale, UNITS[def.unit])
      : custom
        ? UNITS[custom.unit as MetricUnit]
          ? t(locale, UNITS[custom.unit as MetricUnit])
          : custom.unit
        : '';
    const named: [string, string] = [def ? t(locale, def.name) : custom ? t(locale, custom.name) : key, unit];
    names.set(key, named);
    return named;
  };
  for await (const r of pagedRows<Row, { day: string; id: number }>(
    (after, size) =>
      query<Row>(
        deps.db,
        sql`select v.id, v.day::text as day, s.name as store_name, v.agent, v.metric, v.hour, v.value, v.base, v.source
            from kpi_values v join stores s on s.id = v.store_id
            where v.team_id = ${team.id} and v.day >= ${range.fromDay} and v.day <= ${range.toDay}
              and (v.day, v.id) > (${after?.day ?? '1970-01-01'}::date, ${after?.id ?? 0})
            order by v.day, v.id limit ${size}`,
      ),
    (r) => ({ day: r.day, id: Number(r.id) }),
    5_000,
  )) {
    const [metric, unit] = describe(r.metric);
    yield [
      r.day,
      r.store_name,
      r.agent,
      metric,
      r.metric,
      r.hour >= 0 ? r.hour : null,
      r.value,
      unit,
      r.base,
      r.source,
    ];
  }
}

export const kpiExport: ExportKind = {
  kind: 'kpi',
  aliases: ['kpis', '数据', '指标'],
  title: x('KPI 数据', 'KPI values'),
  columns: [
    { title: x('日期', 'Day'), type: 'date' },
    { title: x('店铺', 'Store'), type: 'text', summary: 'count' },
    { title: x('客服', 'Agent'), type: 'text' },
    { title: x('指标', 'Metric'), type: 'text', summary: 'count' },
    { title: x('指标代码', 'Metric key'), type: 'text', width: 22 },
    { title: x('小时', 'Hour'), type: 'int' },
    { title: x('数值', 'Value'), type: 'number' },
    { title: x('单位', 'Unit'), type: 'text', width: 8 },
    { title: x('基数', 'Base'), type: 'number' },
    { title: x('来源', 'Source'), type: 'text' },
  ],
  rows,
};
