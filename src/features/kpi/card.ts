import type { Locale } from '../../config';
import { card, chart, divider, markdown, note, type Card, type CardElement } from '../../cards/card';
import { t, type Text } from '../../i18n';
import { formatTarget, formatValue } from './format';
import type { MetricUnit } from './catalog';
import type { KpiReport, MetricLine } from './report';
import { KX } from './texts';

const MAX_AGENTS = 5;

const SERIES = '#1664ff';
const TARGET = '#f54a45';
/** What a chart's values are in: rates as percent (92.3, not 0.923), the rest in their own unit. */
const CHART_UNIT: Record<MetricUnit, Text | undefined> = {
  ratio: { 'zh-CN': '%', en: '%' },
  seconds: { 'zh-CN': '秒', en: 's' },
  cny: { 'zh-CN': '元', en: 'CNY' },
  count: undefined,
  points: undefined,
  number: undefined,
};

/** Round bounds around lo..hi, so the axis ticks read 85, 90, 95 rather than 84.37. */
function roundBounds(lo: number, hi: number): [number, number] {
  const step = 10 ** Math.floor(Math.log10(Math.max(hi - lo, 1e-9))) / 2;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/**
 * A VChart spec of one metric's daily trend, with its target as a dashed line. One chart per metric:
 * seconds, rates and counts on one axis would flatten all but the largest. Counts are bars, the rest
 * lines; rates and durations zoom in on where the values and the target are (the axis need not start
 * at zero), counts and money start at zero.
 */
export function trendSpec(series: KpiReport['trend'][number], line: MetricLine | undefined, locale: Locale) {
  const { metric, points } = series;
  const k = metric.unit === 'ratio' ? 100 : 1;
  const shown = (v: number) => Number((v * k).toFixed(2));
  const values = points.map((p) => ({ day: p.day.slice(5), value: shown(p.value) }));
  const target = line?.target;
  const unit = CHART_UNIT[metric.unit];
  const bars = metric.unit === 'count';
  const all = [...values.map((v) => v.value), ...(target ? [shown(target.value)] : [])];
  let [lo, hi] = [Math.min(...all), Math.max(...all)];
  const pad = (hi - lo) * 0.15 || Math.max(1, Math.abs(hi) * 0.05);
  const fromZero = bars || metric.unit === 'cny' || lo - pad <= 0;
  [lo, hi] = roundBounds(fromZero ? Math.min(0, lo) : lo - pad, hi + pad);
  if (metric.unit === 'ratio') hi = Math.min(hi, 100);
  // A handful of bad reviews reads best on whole-number ticks.
  if (bars) hi = Math.max(4, Math.ceil(hi / 4) * 4);
  const title = `${t(locale, metric.name)}${unit ? `（${t(locale, unit)}）` : ''}`;
  return {
    type: bars ? 'bar' : 'line',
    title: { visible: true, text: title },
    data: [{ id: 'trend', values }],
    xField: 'day',
    yField: 'value',
    color: [SERIES],
    axes: [
      { orient: 'left', min: lo, max: hi, zero: fromZero },
      { orient: 'bottom', label: { autoHide: true } },
    ],
    // Thirty days of dots are noise; a week's seven are worth seeing.
    point: { visible: points.length <= 14 },
    ...(target && !(bars && target.value === 0)
      ? {
          markLine: [
            {
              y: shown(target.value),
              line: { style: { stroke: TARGET, lineDash: [4, 4], lineWidth: 1.5 } },
              // VChart ends a mark line with an arrow by default: a target is a level, not a direction.
              endSymbol: { visible: false },
              label: {
                visible: true,
                position: 'insideEndTop',
                text: t(locale, KX.chartTarget, { target: formatTarget(target.op, target.value, metric.unit, locale) }),
                labelBackground: { visible: false },
                style: { fill: TARGET },
              },
            },
          ],
        }
      : {}),
  };
}

export function kpiCard(v: {
  report: KpiReport;
  scope: string;
  period: string;
  locale: Locale;
  multiDay: boolean;
}): Card {
  const L = v.locale;
  const { report } = v;
  const elements: CardElement[] = [];
  const lines = report.lines.map((l) => {
    const mark = l.target ? (l.breached ? '🔴' : '✅') : '⚪';
    const unit = l.metric.unit;
    const target = l.target
      ? t(L, KX.target, {
          target: formatTarget(l.target.op, l.target.value, unit, L),
          over: l.breached && l.over !== undefined ? t(L, KX.over, { by: formatValue(l.over, unit, L) }) : '',
        })
      : '';
    return t(L, KX.line, { mark, name: t(L, l.metric.name), value: formatValue(l.value, unit, L), target });
  });
  elements.push(markdown(lines.join('\n')));
  if (report.agents.length) {
    const rows = report.agents.map(({ metric, worst }) => {
      const shown = worst.slice(0, MAX_AGENTS).map((a) => `${a.agent} ${formatValue(a.value, metric.unit, L)}`);
      const more = worst.length > MAX_AGENTS ? ` ${t(L, KX.more, { n: worst.length - MAX_AGENTS })}` : '';
      return t(L, KX.agentLine, { name: t(L, metric.name), who: shown.join('、') + more });
    });
    elements.push(divider(), markdown([t(L, KX.agentsTitle), ...rows].join('\n')));
  }
  // A count that stayed at zero all along (no bad review all week) needs no chart.
  const charted = v.multiDay
    ? report.trend.filter((s) => s.points.length > 1 && s.points.some((p) => p.value !== 0))
    : [];
  if (charted.length) elements.push(divider(), markdown(`**${t(L, KX.trendTitle)}**`));
  for (const series of charted) {
    const line = report.lines.find((l) => l.metric.key === series.metric.key);
    elements.push(chart(trendSpec(series, line, L), '2:1'));
  }
  elements.push(note(t(L, KX.footer)));
  const breached = report.lines.some((l) => l.breached);
  return card({
    title: t(L, KX.title, { scope: v.scope, period: v.period }),
    color: breached ? 'red' : 'green',
    elements,
  });
}
