/**
 * KPI values as an export (/export kpi): one row per store (or agent) and day (or hour) in the
 * period, one column per metric the team holds values of — the shape of a platform's own report,
 * which a supervisor hands upward as it is. Metrics in the catalogue's order, named and typed in
 * the team's language (rates as percentages, money as yuan, seconds as numbers).
 */
import { sql } from 'drizzle-orm';
import {
  pagedRows,
  type ExportCell,
  type ExportColumn,
  type ExportContext,
  type ExportKind,
} from '../../core/export-def';
import { query } from '../../db/client';
import { t, type Text } from '../../i18n';
import { CATALOG, metricByKey, type MetricUnit } from './catalog';

const x = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });
const UNITS: Record<MetricUnit, Text> = {
  seconds: x('秒', 's'),
  ratio: x('%', '%'),
  count: x('', ''),
  cny: x('元', 'CNY'),
  points: x('分', 'points'),
  number: x('', ''),
};
const TYPES: Record<MetricUnit, ExportColumn['type']> = {
  seconds: 'number',
  ratio: 'percent',
  count: 'int',
  cny: 'money',
  points: 'number',
  number: 'number',
};
const SUMMARY: Record<MetricUnit, ExportColumn['summary']> = {
  seconds: 'avg',
  ratio: 'avg',
  count: 'sum',
  cny: 'sum',
  points: 'avg',
  number: 'avg',
};

const FIXED: ExportColumn[] = [
  { title: x('日期', 'Day'), type: 'date' },
  { title: x('店铺', 'Store'), type: 'text', summary: 'count' },
  { title: x('客服', 'Agent'), type: 'text' },
  { title: x('小时', 'Hour'), type: 'int' },
];

const ORDER = new Map(CATALOG.map((m, i) => [m.key, i]));

/** The metrics the team holds values of in the period, in the catalogue's order, then its own metrics by key. */
async function metricsOf(ctx: ExportContext): Promise<{ key: string; column: ExportColumn }[]> {
  const { deps, team, range } = ctx;
  const keys = await query<{ metric: string }>(
    deps.db,
    sql`select distinct metric from kpi_values
        where team_id = ${team.id} and day >= ${range.fromDay} and day <= ${range.toDay}`,
  );
  const own = new Map(
    (
      await query<{ key: string; name_zh: string; name_en: string; unit: string }>(
        deps.db,
        sql`select key, name_zh, name_en, unit from kpi_metrics where team_id = ${team.id}`,
      )
    ).map((m) => [m.key, m]),
  );
  return keys
    .map((k) => k.metric)
    .sort((a, b) => (ORDER.get(a) ?? 1e6) - (ORDER.get(b) ?? 1e6) || a.localeCompare(b))
    .map((key) => {
      const def = metricByKey(key);
      const custom = own.get(key);
      const unit = (def?.unit ?? custom?.unit ?? 'number') as MetricUnit;
      const name = def ? def.name : custom ? x(custom.name_zh, custom.name_en) : x(key, key);
      const u = UNITS[unit] ?? UNITS.number;
      const title = u['zh-CN'] ? x(`${name['zh-CN']}（${u['zh-CN']}）`, `${name.en} (${u.en})`) : name;
      return { key, column: { title, type: TYPES[unit] ?? 'number', summary: SUMMARY[unit] ?? 'avg' } };
    });
}

const metricsCache = new WeakMap<ExportContext, Promise<{ key: string; column: ExportColumn }[]>>();
const metricsFor = (ctx: ExportContext) => {
  let m = metricsCache.get(ctx);
  if (!m) metricsCache.set(ctx, (m = metricsOf(ctx)));
  return m;
};

interface Row {
  day: string;
  store_id: number;
  store_name: string;
  agent: string;
  hour: number;
  metric: string;
  value: number;
}

type Key = Pick<Row, 'day' | 'store_id' | 'agent' | 'hour' | 'metric'>;

async function* rows(ctx: ExportContext): AsyncIterable<ExportCell[]> {
  const { deps, team, range } = ctx;
  const metrics = await metricsFor(ctx);
  const at = new Map(metrics.map((m, i) => [m.key, FIXED.length + i]));
  const width = FIXED.length + metrics.length;
  let current: ExportCell[] | undefined;
  let group = '';
  for await (const r of pagedRows<Row, Key>(
    (after, size) =>
      query<Row>(
        deps.db,
        sql`select v.day::text as day, v.store_id, s.name as store_name, v.agent, v.hour, v.metric, v.value
            from kpi_values v join stores s on s.id = v.store_id
            where v.team_id = ${team.id} and v.day >= ${range.fromDay} and v.day <= ${range.toDay}
              and (v.day, v.store_id, v.agent, v.hour, v.metric) >
                  (${after?.day ?? '1970-01-01'}::date, ${after?.store_id ?? 0}, ${after?.agent ?? ''}, ${after?.hour ?? -2}, ${after?.metric ?? ''})
            order by v.day, v.store_id, v.agent, v.hour, v.metric limit ${size}`,
      ),
    (r) => ({ day: r.day, store_id: Number(r.store_id), agent: r.agent, hour: r.hour, metric: r.metric }),
    5_000,
  )) {
    // Rows of one store/agent and day/hour come together (the order above), across pages too.
    const key = `${r.day}|${r.store_id}|${r.agent}|${r.hour}`;
    if (key !== group) {
      if (current) yield current;
      group = key;
      current = new Array<ExportCell>(width).fill(null);
      current[0] = r.day;
      current[1] = r.store_name;
      current[2] = r.agent;
      current[3] = r.hour >= 0 ? r.hour : null;
    }
    const i = at.get(r.metric);
    if (i !== undefined) current![i] = r.value;
  }
  if (current) yield current;
}

export const kpiExport: ExportKind = {
  kind: 'kpi',
  aliases: ['kpis', '数据', '指标'],
  title: x('KPI 数据', 'KPI values'),
  columns: async (ctx) => [...FIXED, ...(await metricsFor(ctx)).map((m) => m.column)],
  rows,
};
