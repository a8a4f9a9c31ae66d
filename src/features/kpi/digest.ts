/**
 * The KPI part of the morning digest and the weekly report: every store against its targets, the
 * worst first (a table of at most TOP_STORES, the rest summarised, /kpi for more), the team's trend
 * over the week (at most 3 charts), the week against the week before (weekly), and what is still
 * 延迟统计 or not in yet, with the day each is final up to ("as of").
 */
import type { Locale } from '../../config';
import type { Deps } from '../../core/deps';
import type { DigestPeriod, DigestSection } from '../../core/feature';
import { localeOf, type Team } from '../../core/teams';
import { chart, markdown, note, table, type CardElement } from '../../cards/card';
import { t } from '../../i18n';
import { activeStores } from '../stores/repo';
import { PLATFORMS, type PlatformKey } from '../stores/platforms';
import type { Sample } from './aggregate';
import { trendSpec } from './card';
import type { MetricDef } from './catalog';
import { addDays, splitDelayed, staleMetrics, storeStandings, type StoreStanding } from './digest-rules';
import { formatTarget, formatValue } from './format';
import { loadReportValues, loadTargets, toSamples } from './repo';
import { buildKpiReport, type MetricLine } from './report';
import type { TargetRow } from './targets';
import { teamCatalog } from './team-metrics-repo';

/** Stores in the table; the others are counted in a line under it. */
export const TOP_STORES = 10;
const MAX_CHARTS = 3;

const TX = {
  title: { 'zh-CN': '📊 店铺数据（对比目标）', en: '📊 Stores against targets' },
  store: { 'zh-CN': '店铺', en: 'Store' },
  off: { 'zh-CN': '未达标', en: 'Off target' },
  worst: { 'zh-CN': '最差指标', en: 'Worst' },
  others: { 'zh-CN': '其他未达标', en: 'Also off' },
  worstLine: { 'zh-CN': '{name} {value}（目标 {target}）', en: '{name} {value} (target {target})' },
  summary: {
    'zh-CN': '共 {n} 家店有数据：**{bad} 家未达标**，{good} 家全部达标{none}。',
    en: '{n} stores with data: **{bad} off target**, {good} all on target{none}.',
  },
  noneYet: { 'zh-CN': '，{n} 家无数据', en: ', {n} without data' },
  shown: {
    'zh-CN': '表中是最差的 {shown} 家；其余 {rest} 家未达标的店：/kpi <店铺> 查看。',
    en: 'The table shows the worst {shown}; {rest} more off target: /kpi <store> for each.',
  },
  allGood: { 'zh-CN': '✅ 所有店铺的指标都达标。', en: '✅ Every store is on target.' },
  noData: {
    'zh-CN': '{period} 还没有数据（导入报表：私聊发文件，或 POST /api/v1/metrics）。',
    en: 'No data for {period} yet (send an export privately, or POST /api/v1/metrics).',
  },
  trend: { 'zh-CN': '**近 7 天趋势（全组）**', en: '**Last 7 days (team)**' },
  delayed: {
    'zh-CN': '⏳ 延迟统计（不判定）：{lines}',
    en: '⏳ Reported late (not judged): {lines}',
  },
  delayedLine: {
    'zh-CN': '{name}（{platforms}，约 {days} 天后出数，截至 {asOf}）',
    en: '{name} ({platforms}, final after ~{days} days, as of {asOf})',
  },
  stale: { 'zh-CN': '🕘 数据截至：{lines}', en: '🕘 Data as of: {lines}' },
  weekTitle: { 'zh-CN': '**本周 vs 上周（全组）**', en: '**This week vs last (team)**' },
  metric: { 'zh-CN': '指标', en: 'Metric' },
  thisWeek: { 'zh-CN': '本周', en: 'This week' },
  lastWeek: { 'zh-CN': '上周', en: 'Last week' },
  change: { 'zh-CN': '变化', en: 'Change' },
  target: { 'zh-CN': '目标', en: 'Target' },
};

const platformName = (p: string, L: Locale) => (p in PLATFORMS ? t(L, PLATFORMS[p as PlatformKey].name) : p || '?');

function worstText(l: MetricLine, L: Locale): string {
  return t(L, TX.worstLine, {
    name: t(L, l.metric.name),
    value: formatValue(l.value, l.metric.unit, L),
    target: formatTarget(l.target!.op, l.target!.value, l.metric.unit, L),
  });
}

/** The stores table and its summary line. */
function storesPart(standings: StoreStanding[], storeCount: number, L: Locale): CardElement[] {
  const bad = standings.filter((s) => s.breached.length);
  const out: CardElement[] = [
    markdown(
      t(L, TX.summary, {
        n: standings.length,
        bad: bad.length,
        good: standings.length - bad.length,
        none: storeCount > standings.length ? t(L, TX.noneYet, { n: storeCount - standings.length }) : '',
      }),
    ),
  ];
  if (!bad.length) return [...out, markdown(t(L, TX.allGood))];
  const shown = bad.slice(0, TOP_STORES);
  out.push(
    table(
      [
        { key: 'store', title: t(L, TX.store) },
        { key: 'off', title: t(L, TX.off) },
        { key: 'worst', title: t(L, TX.worst) },
        { key: 'others', title: t(L, TX.others) },
      ],
      shown.map((s) => ({
        store: s.store,
        off: `🔴 ${s.breached.length}/${s.judged.length}`,
        worst: worstText(s.breached[0]!, L),
        others: s.breached
          .slice(1, 3)
          .map((l) => `${t(L, l.metric.name)} ${formatValue(l.value, l.metric.unit, L)}`)
          .join('、'),
      })),
    ),
  );
  if (bad.length > shown.length)
    out.push(note(t(L, TX.shown, { shown: shown.length, rest: bad.length - shown.length })));
  return out;
}

function trendPart(samples: Sample[], targets: readonly TargetRow[], metrics: readonly MetricDef[], L: Locale) {
  const report = buildKpiReport({ samples, targets, store: null, metrics });
  const series = report.trend
    .filter((s) => s.points.length > 1 && s.points.some((p) => p.value !== 0))
    .slice(0, MAX_CHARTS);
  if (!series.length) return [];
  return [
    markdown(t(L, TX.trend)),
    ...series.map((s) =>
      chart(
        trendSpec(
          s,
          report.lines.find((l) => l.metric.key === s.metric.key),
          L,
        ),
        '2:1',
      ),
    ),
  ];
}

function weekPart(
  thisWeek: Sample[],
  lastWeek: Sample[],
  targets: readonly TargetRow[],
  metrics: readonly MetricDef[],
  L: Locale,
): CardElement[] {
  const now = buildKpiReport({ samples: thisWeek, targets, store: null, metrics, linesOnly: true });
  const before = buildKpiReport({ samples: lastWeek, targets, store: null, metrics, linesOnly: true });
  const rows = metrics.flatMap((m) => {
    const a = now.lines.find((l) => l.metric.key === m.key);
    if (!a) return [];
    const b = before.lines.find((l) => l.metric.key === m.key);
    const unit = m.unit;
    let change = '—';
    if (b) {
      const d = a.value - b.value;
      const better = m.direction === 'none' || d === 0 ? undefined : d > 0 === (m.direction === 'up');
      const text = `${d > 0 ? '+' : d < 0 ? '−' : '±'}${formatValue(Math.abs(d), unit, L)}`;
      change = better === undefined ? text : `${better ? '✅' : '🔴'} ${text}`;
    }
    return [
      {
        metric: `${a.breached ? '🔴 ' : ''}${t(L, m.name)}`,
        now: formatValue(a.value, unit, L),
        before: b ? formatValue(b.value, unit, L) : '—',
        change,
        target: a.target ? formatTarget(a.target.op, a.target.value, unit, L) : '',
      },
    ];
  });
  if (!rows.length) return [];
  return [
    markdown(t(L, TX.weekTitle)),
    table(
      [
        { key: 'metric', title: t(L, TX.metric) },
        { key: 'now', title: t(L, TX.thisWeek) },
        { key: 'before', title: t(L, TX.lastWeek) },
        { key: 'change', title: t(L, TX.change) },
        { key: 'target', title: t(L, TX.target) },
      ],
      rows,
    ),
  ];
}

export async function buildKpiDigest(deps: Deps, team: Team, period: DigestPeriod): Promise<CardElement[] | undefined> {
  const L = localeOf(deps.config, team);
  const weekly = period.kind === 'weekly';
  const days = period.days;
  if (!days) return undefined;
  const lastDay = days.to;
  // A week of days for the trend (daily), two weeks to compare (weekly).
  const first = weekly ? days.previousFrom : addDays(lastDay, -6);
  const stores = await activeStores(deps.db, team.id);
  const names = new Map(stores.map((s) => [s.id, s.name]));
  const [rows, targets, catalog] = await Promise.all([
    loadReportValues(deps.db, team.id, {
      from: first,
      to: lastDay,
      storeIds: stores.map((s) => s.id),
      agent: 'rollup',
    }),
    loadTargets(deps.db, team.id, names),
    teamCatalog(deps.db, team.id),
  ]);
  const samples = toSamples(rows, names);
  // Only the metrics the data has: every report below loops over its metrics.
  const keys = new Set(samples.map((s) => s.metric));
  const metrics = catalog.filter((m) => keys.has(m.key));
  const periodText = days.from === lastDay ? lastDay : `${days.from} – ${lastDay}`;
  const inPeriod = samples.filter((s) => s.day >= days.from);
  if (!inPeriod.length) return [markdown(t(L, TX.noData, { period: periodText }))];
  const platformOf = new Map(stores.map((s) => [s.name, s.platform]));
  const { judged, delayed } = splitDelayed(samples, metrics, platformOf, lastDay);
  const judgedInPeriod = judged.filter((s) => s.day >= days.from);
  const out: CardElement[] = storesPart(
    storeStandings({ samples: judgedInPeriod, targets, metrics }),
    stores.length,
    L,
  );
  if (weekly)
    out.push(
      ...weekPart(
        judgedInPeriod,
        judged.filter((s) => s.day < days.from),
        targets,
        metrics,
        L,
      ),
    );
  else out.push(...trendPart(judged, targets, metrics, L));
  const notes: string[] = [];
  const late = delayed.filter((d) => samples.some((s) => s.metric === d.metric.key) || d.platforms.length);
  if (late.length)
    notes.push(
      t(L, TX.delayed, {
        lines: late
          .map((d) =>
            t(L, TX.delayedLine, {
              name: t(L, d.metric.name),
              platforms: d.platforms.map((p) => platformName(p, L)).join('、'),
              days: d.days,
              asOf: d.asOf.slice(5),
            }),
          )
          .join('；'),
      }),
    );
  const stale = staleMetrics(judged, lastDay);
  if (stale.size)
    notes.push(
      t(L, TX.stale, {
        lines: [...stale]
          .map(
            ([key, day]) =>
              `${t(L, metrics.find((m) => m.key === key)?.name ?? { 'zh-CN': key, en: key })} ${day.slice(5)}`,
          )
          .join('、'),
      }),
    );
  if (notes.length) out.push(note(notes.join('\n')));
  return out;
}

export const kpiDigest: DigestSection = {
  key: 'kpi',
  title: TX.title,
  order: 10,
  build: buildKpiDigest,
};
