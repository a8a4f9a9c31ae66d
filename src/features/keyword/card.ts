/** The early-warning card: the keyword, how far above its baseline, where, @ops, and today vs the baseline by hour. */
import { DateTime } from 'luxon';
import { buttons, card, chart, markdown, type Card } from '../../cards/card';
import { mentionAll } from '../../cards/mention';
import type { Locale } from '../../config';
import { t } from '../../i18n';
import { draftButton } from '../script';
import { ratioOf, type KeywordObservation } from './rules';
import { KX } from './texts';

export interface WarningView {
  keyword: string;
  /** The store's name, or '' for the team as a whole. */
  store: string;
  /** ended: the day is over while it was firing (closed at midnight, not left open forever). */
  state: 'firing' | 'resolved' | 'ended';
  obs: KeywordObservation;
  ops: readonly string[];
  names: ReadonlyMap<string, string>;
  locale: Locale;
  zone: string;
  now: Date;
}

export function ratioText(L: Locale, o: Pick<KeywordObservation, 'today' | 'baselineTotal'>): string {
  const r = ratioOf(o);
  return Number.isFinite(r) ? `${r.toFixed(1)}×` : t(L, KX.newWord);
}

export function warningCard(v: WarningView): Card {
  const L = v.locale;
  const o = v.obs;
  const p = {
    keyword: v.keyword,
    ratio: ratioText(L, o),
    store: v.store || t(L, KX.team),
    hours: Math.max(o.spanHours, 1),
    count: o.today,
    base: (o.baselineTotal / 7).toFixed(1),
    at: DateTime.fromJSDate(v.now, { zone: v.zone }).toFormat('HH:mm'),
    day: o.day,
  };
  const hours = o.todayByHour.map((_, h) => `${String(h).padStart(2, '0')}:00`);
  const series = (name: string, values: readonly number[]) =>
    values.map((n, h) => ({ hour: hours[h], count: Math.round(n * 10) / 10, series: name }));
  const spec = {
    type: 'line',
    data: [
      {
        id: 'counts',
        values: [...series(t(L, KX.today), o.todayByHour), ...series(t(L, KX.baseline), o.baselineByHour)],
      },
    ],
    xField: 'hour',
    yField: 'count',
    seriesField: 'series',
    legends: { visible: true },
  };
  const firing = v.state === 'firing';
  const ended = v.state === 'ended';
  return card({
    title: t(L, firing ? KX.title : ended ? KX.titleEnded : KX.titleResolved, p),
    color: firing ? 'orange' : ended ? 'grey' : 'green',
    elements: [
      markdown(t(L, firing ? KX.line : ended ? KX.endedLine : KX.resolvedLine, p)),
      ...(firing && v.ops.length ? [markdown(t(L, KX.ops, { who: mentionAll(v.names, [...v.ops]) }))] : []),
      chart(spec),
      // What customers keep saying deserves a prepared answer: a prefilled add, privately.
      ...(firing ? [buttons([draftButton(L, v.keyword)])] : []),
    ],
  });
}
