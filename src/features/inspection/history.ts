/**
 * /inspect history and the digest's numbers (pure): completion rate, median time to complete, late
 * days, problems per item, over a run of days.
 */
import type { Locale } from '../../config';
import { card, chart, fields, markdown, type Card } from '../../cards/card';
import { t } from '../../i18n';
import type { ItemState } from './items';
import { IX } from './texts';

export interface DayRecord {
  day: string;
  postedAt: Date;
  deadlineAt: Date;
  completedAt: Date | null;
  items: ItemState[];
}

export interface HistoryStats {
  /** Days with an inspection. */
  days: number;
  completed: number;
  /** Done after the deadline, or never. */
  late: number;
  medianMinutes: number | undefined;
  /** Problems per item name, most first. */
  problems: { item: string; count: number }[];
  perDay: { day: string; minutes: number | null; late: boolean }[];
}

export function median(xs: readonly number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function historyStats(records: readonly DayRecord[], now: Date): HistoryStats {
  const perDay = records.map((r) => {
    const minutes = r.completedAt ? Math.round((r.completedAt.getTime() - r.postedAt.getTime()) / 60_000) : null;
    // Today's, still within its deadline, is not late (yet).
    const late = r.completedAt
      ? r.completedAt.getTime() > r.deadlineAt.getTime()
      : now.getTime() > r.deadlineAt.getTime();
    return { day: r.day, minutes, late };
  });
  const counts = new Map<string, number>();
  for (const r of records)
    for (const it of r.items) if (it.state === 'problem') counts.set(it.name, (counts.get(it.name) ?? 0) + 1);
  const problems = [...counts.entries()]
    .map(([item, count]) => ({ item, count }))
    .sort((a, b) => b.count - a.count || a.item.localeCompare(b.item));
  const done = perDay.filter((d) => d.minutes !== null);
  return {
    days: records.length,
    completed: done.length,
    late: perDay.filter((d) => d.late).length,
    medianMinutes: median(done.map((d) => d.minutes!)),
    problems,
    perDay,
  };
}

export const rateText = (s: Pick<HistoryStats, 'days' | 'completed'>): string =>
  s.days ? `${Math.round((s.completed / s.days) * 100)}%` : '–';

export function historyCard(s: HistoryStats, periodDays: number, L: Locale): Card {
  const [rate, med, late, probs] = t(L, IX.historyFields).split('|');
  const total = s.problems.reduce((n, p) => n + p.count, 0);
  const spec = {
    type: 'bar',
    title: { visible: true, text: t(L, IX.chartTitle) },
    data: [
      {
        id: 'minutes',
        values: s.perDay.map((d) => ({ day: d.day.slice(5), minutes: d.minutes ?? 0 })),
      },
    ],
    xField: 'day',
    yField: 'minutes',
    color: ['#3370ff'],
    axes: [
      { orient: 'left', min: 0 },
      { orient: 'bottom', label: { autoHide: true } },
    ],
  };
  return card({
    title: t(L, IX.historyTitle, { days: periodDays }),
    color: s.late ? 'orange' : 'green',
    elements: [
      ...fields([
        [rate!, `${rateText(s)}（${s.completed}/${s.days}）`],
        [med!, s.medianMinutes === undefined ? '–' : t(L, IX.minutes, { n: Math.round(s.medianMinutes) })],
        [late!, String(s.late)],
        [probs!, String(total)],
      ]),
      chart(spec, '2:1'),
      markdown(
        t(L, IX.problemsPerItem, {
          list: s.problems.length ? s.problems.map((p) => `- ${p.item}：${p.count}`).join('\n') : t(L, IX.noProblems),
        }),
      ),
    ],
  });
}
