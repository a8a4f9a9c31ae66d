/** The days a KPI view covers, in the team's time zone (pure): yesterday, or the N days up to it. */
import { DateTime } from 'luxon';

export type PeriodWord = 'yesterday' | '7d' | '30d';

export const PERIOD_WORDS: Record<string, PeriodWord> = {
  yesterday: 'yesterday',
  昨天: 'yesterday',
  昨日: 'yesterday',
  '1d': 'yesterday',
  '7d': '7d',
  '7天': '7d',
  近7天: '7d',
  week: '7d',
  '30d': '30d',
  '30天': '30d',
  近30天: '30d',
  month: '30d',
};

export interface Period {
  word: PeriodWord;
  from: string;
  to: string;
  days: number;
}

export function periodOf(word: PeriodWord, now: Date, zone: string): Period {
  const to = DateTime.fromJSDate(now, { zone }).startOf('day').minus({ days: 1 });
  const days = word === 'yesterday' ? 1 : word === '7d' ? 7 : 30;
  return { word, from: to.minus({ days: days - 1 }).toISODate()!, to: to.toISODate()!, days };
}

/** "2026-11-30", "11-30", "昨天", "今天" → the local day; undefined when it is none of these. */
export function readLocalDay(text: string, now: Date, zone: string): string | undefined {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const s = text.normalize('NFKC').trim().toLowerCase();
  if (['今天', 'today'].includes(s)) return today.toISODate()!;
  if (['昨天', 'yesterday'].includes(s)) return today.minus({ days: 1 }).toISODate()!;
  if (['前天'].includes(s)) return today.minus({ days: 2 }).toISODate()!;
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  const short = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  const [y, m, d] = full
    ? [Number(full[1]), Number(full[2]), Number(full[3])]
    : short
      ? [today.year, Number(short[1]), Number(short[2])]
      : [];
  if (y === undefined) return undefined;
  const day = DateTime.fromObject({ year: y, month: m, day: d }, { zone });
  return day.isValid ? day.toISODate()! : undefined;
}
