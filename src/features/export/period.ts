/**
 * The period of an export (pure): "7d" / "30d" / "90d" from the chat — the last n local days up to
 * and including today — or from=/to= days from the API (both included), in the team's zone.
 */
import { DateTime } from 'luxon';
import type { ExportRange } from '../../core/export-def';

export const CHAT_PERIODS = [7, 30, 90] as const;
/** The longest period the API serves in one file. */
export const MAX_API_DAYS = 366;
export const DEFAULT_DAYS = 30;

/** "7d", "30天", "30" → 30; undefined for anything else (only the chat's three lengths). */
export function parseChatPeriod(word: string | undefined): number | undefined {
  if (word === undefined) return DEFAULT_DAYS;
  const m = /^(\d+)\s*(d|天|日)?$/i.exec(word.trim());
  const n = m ? Number(m[1]) : NaN;
  return (CHAT_PERIODS as readonly number[]).includes(n) ? n : undefined;
}

/** The local days fromDay…toDay (both included) as an ExportRange. */
export function rangeOfDays(fromDay: string, toDay: string, timeZone: string): ExportRange {
  const from = DateTime.fromISO(fromDay, { zone: timeZone }).startOf('day');
  const to = DateTime.fromISO(toDay, { zone: timeZone }).startOf('day').plus({ days: 1 });
  return { fromDay, toDay, from: from.toJSDate(), to: to.toJSDate(), timeZone };
}

/** The last `days` local days, today included. */
export function lastDays(days: number, now: Date, timeZone: string): ExportRange {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  return rangeOfDays(today.minus({ days: days - 1 }).toISODate()!, today.toISODate()!, timeZone);
}

export type ApiRangeProblem = 'bad_from' | 'bad_to' | 'reversed' | 'too_long';

const validDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid;

/**
 * from=/to= of the API: days "YYYY-MM-DD", both included; either may be left out (to: today; from:
 * 30 days before to). At most MAX_API_DAYS days.
 */
export function parseApiRange(
  q: { from?: string | undefined; to?: string | undefined },
  now: Date,
  timeZone: string,
): { ok: true; range: ExportRange } | { ok: false; problem: ApiRangeProblem } {
  const from = q.from?.trim() || undefined;
  const to = q.to?.trim() || undefined;
  if (from !== undefined && !validDay(from)) return { ok: false, problem: 'bad_from' };
  if (to !== undefined && !validDay(to)) return { ok: false, problem: 'bad_to' };
  const toDay = to ?? DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
  const fromDay =
    from ??
    DateTime.fromISO(toDay)
      .minus({ days: DEFAULT_DAYS - 1 })
      .toISODate()!;
  if (fromDay > toDay) return { ok: false, problem: 'reversed' };
  const days = DateTime.fromISO(toDay).diff(DateTime.fromISO(fromDay), 'days').days + 1;
  if (days > MAX_API_DAYS) return { ok: false, problem: 'too_long' };
  return { ok: true, range: rangeOfDays(fromDay, toDay, timeZone) };
}
