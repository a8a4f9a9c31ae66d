import type { Locale } from '../../config';
import { card, chart, divider, markdown, note, type Card, type CardElement } from '../../cards/card';
import { t } from '../../i18n';
import { formatTarget, formatValue } from './format';
import type { KpiReport } from './report';
import { KX } from './texts';

const MAX_AGENTS = 5;

/** A VChart line spec of the daily trend: one series per metric, on its own normalised scale if units differ. */
function trendSpec(report: KpiReport, locale: Locale): Record<string, unknown> {
  const values = report.trend.flatMap((s) =>
    s.points.map((p) => ({ day: p.day.slice(5), value: Number(p.value.toFixed(4)), metric: t(locale, s.metric.name) })),
  );
  return {
    type: 'line',
    data: [{ id: 'trend', values }],
    xField: 'day',
    yField: 'value',
    seriesField: 'metric',
    legends: { visible: true, orient: 'bottom' },
    point: { visible: true },
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
  if (v.multiDay && report.trend.some((s) => s.points.length > 1)) {
    elements.push(divider(), markdown(`**${t(L, KX.trendTitle)}**`), chart(trendSpec(report, L), '2:1'));
  }
  elements.push(note(t(L, KX.footer)));
  const breached = report.lines.some((l) => l.breached);
  return card({
    title: t(L, KX.title, { scope: v.scope, period: v.period }),
    color: breached ? 'red' : 'green',
    elements,
  });
}
