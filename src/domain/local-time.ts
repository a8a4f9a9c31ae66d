import { DateTime } from 'luxon';
import type { Locale } from '../config';

const WEEKDAYS: Record<Locale, string[]> = {
  'zh-CN': ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/**
 * A time as the team reads it, in its own zone: "10:07" today, "明天 09:00" / "tomorrow 09:00",
 * else "11-25 周三 09:00". Never UTC, never the server's zone.
 */
export function formatLocal(d: Date, zone: string, locale: Locale, now?: Date): string {
  const t = DateTime.fromJSDate(d, { zone });
  const hm = t.toFormat('HH:mm');
  if (!now) return hm;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const day = t.startOf('day');
  const diff = Math.round(day.diff(today, 'days').days);
  if (diff === 0) return hm;
  if (diff === 1) return `${locale === 'en' ? 'tomorrow' : '明天'} ${hm}`;
  if (diff === -1) return `${locale === 'en' ? 'yesterday' : '昨天'} ${hm}`;
  return `${t.toFormat('MM-dd')} ${WEEKDAYS[locale][t.weekday]} ${hm}`;
}

export const weekdayName = (isoDay: number, locale: Locale): string => WEEKDAYS[locale][isoDay] ?? '';

/** Today's date in the zone, for parsing "12-01" or "明天". */
export function localToday(now: Date, zone: string): { year: number; month: number; day: number } {
  const t = DateTime.fromJSDate(now, { zone });
  return { year: t.year, month: t.month, day: t.day };
}
