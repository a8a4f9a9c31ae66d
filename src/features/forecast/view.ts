/**
 * How a forecast looks (pure): the summary line, the promotion line, the bar chart of expected
 * consults per hour with the agents needed as a line on its own axis (a VChart "common" spec, which
 * Feishu's clients draw from VChart 1.2 on), the hourly table of the /forecast card, and the basis.
 */
import type { Locale } from '../../config';
import { chart, markdown, note, table, type CardElement } from '../../cards/card';
import { weekdayName } from '../../domain/local-time';
import { t } from '../../i18n';
import { weekdayOf, type PromoDay } from './calendar-rules';
import { MIN_DAYS, peakHours, type Forecast } from './model';
import { FX } from './texts';

const VOLUME = '#1664ff';
const AGENTS = '#f54a45';

export interface ForecastView {
  forecast: Forecast;
  day: string;
  capacity: number;
  /** Agents needed per hour (empty when there is no forecast). */
  agents: number[];
  promo?: PromoDay;
}

const hh = (h: number) => String(h).padStart(2, '0');
const count = (v: number, L: Locale) => Math.round(v).toLocaleString(L === 'en' ? 'en-US' : 'zh-CN');

/** "09–11 点" runs of the hours that need the most agents. */
function hourRuns(hours: number[], L: Locale): string {
  const runs: [number, number][] = [];
  for (const h of [...hours].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && last[1] === h - 1) last[1] = h;
    else runs.push([h, h]);
  }
  return runs
    .map(([a, b]) => (a === b ? t(L, FX.hourName, { h: hh(a) }) : `${hh(a)}–${t(L, FX.hourName, { h: hh(b) })}`))
    .join('、');
}

export function forecastSpec(v: ForecastView, L: Locale): Record<string, unknown> {
  if (!v.forecast.ok) return {};
  const volume = t(L, FX.volume);
  const agents = t(L, FX.agents);
  return {
    type: 'common',
    title: { visible: true, text: t(L, FX.chartTitle) },
    data: [
      { id: 'volume', values: v.forecast.hours.map((x, h) => ({ hour: hh(h), value: Math.round(x), kind: volume })) },
      { id: 'agents', values: v.agents.map((n, h) => ({ hour: hh(h), agents: n, kind: agents })) },
    ],
    // The legend's names come from seriesField; the colour of each is fixed by name.
    color: { type: 'ordinal', domain: [volume, agents], range: [VOLUME, AGENTS] },
    series: [
      { type: 'bar', id: 'volume', dataIndex: 0, xField: 'hour', yField: 'value', seriesField: 'kind' },
      {
        type: 'line',
        id: 'agents',
        dataIndex: 1,
        xField: 'hour',
        yField: 'agents',
        seriesField: 'kind',
        line: { style: { lineWidth: 2 } },
        point: { style: { size: 5 } },
        label: { visible: true },
      },
    ],
    axes: [
      { orient: 'left', seriesId: ['volume'], title: { visible: true, text: volume }, zero: true },
      {
        orient: 'right',
        seriesId: ['agents'],
        title: { visible: true, text: agents },
        zero: true,
        grid: { visible: false },
      },
      { orient: 'bottom', type: 'band' },
    ],
    legends: { visible: true, orient: 'bottom' },
  };
}

function summary(v: ForecastView, L: Locale): string {
  const f = v.forecast;
  if (!f.ok) return t(L, FX.notEnough, { min: MIN_DAYS, n: f.basisDays });
  const most = Math.max(...v.agents);
  const mostHours = v.agents.flatMap((n, h) => (n === most ? [h] : []));
  return t(L, FX.summary, {
    day: v.day.slice(5),
    weekday: weekdayName(weekdayOf(v.day), L),
    total: count(f.total, L),
    peaks: hourRuns(peakHours(f.hours, 3), L),
    capacity: v.capacity,
    most,
    mostHours: hourRuns(mostHours, L),
  });
}

function basis(v: ForecastView, L: Locale): string {
  const f = v.forecast;
  if (!f.ok) return '';
  const trend = `${f.weeklyTrend >= 0 ? '+' : '−'}${Math.abs(f.weeklyTrend * 100).toFixed(1)}%`;
  return t(L, FX.basis, { n: f.basisDays, last: f.lastDay.slice(5), trend, capacity: v.capacity });
}

/** The digest section's elements: summary, promotion, chart, basis. */
export function forecastElements(v: ForecastView, L: Locale): CardElement[] {
  const out: CardElement[] = [markdown(summary(v, L))];
  if (!v.forecast.ok) return out;
  if (v.promo && v.promo.multiplier !== 1)
    out.push(markdown(t(L, FX.promo, { name: v.promo.name, multiplier: v.promo.multiplier })));
  out.push(chart(forecastSpec(v, L), '2:1'));
  out.push(note(basis(v, L)));
  return out;
}

/** The /forecast card's elements: the digest's, with the hour-by-hour table of the working hours. */
export function forecastCardElements(v: ForecastView, L: Locale): CardElement[] {
  const out = forecastElements(v, L);
  if (!v.forecast.ok) return out;
  const f = v.forecast;
  const rows = f.hours.flatMap((x, h) =>
    // The quiet night hours are in the chart; the table is for planning shifts.
    Math.round(x) > 0 && (v.agents[h]! > 1 || h >= 8)
      ? [{ hour: t(L, FX.hourName, { h: hh(h) }), volume: count(x, L), agents: String(v.agents[h]) }]
      : [],
  );
  out.splice(
    out.length - 1,
    0,
    table(
      [
        { key: 'hour', title: t(L, FX.hour) },
        { key: 'volume', title: t(L, FX.volume) },
        { key: 'agents', title: t(L, FX.agents) },
      ],
      rows,
    ),
  );
  return out;
}
