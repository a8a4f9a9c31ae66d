/**
 * When a per-team schedule runs: pure rules over local wall time in the team's zone (luxon), with
 * `after`/`now` passed in. A slot is one local day's "HH:MM" on one of the chosen ISO weekdays
 * (1 = Monday … 7 = Sunday). DST: a time that does not exist that day (02:30 when clocks spring
 * forward) runs at the first moment that does (luxon moves it forward by the gap); a time that
 * happens twice (clocks fall back) runs once, because each local day yields one candidate.
 */
import { DateTime, IANAZone } from 'luxon';

export interface ScheduleSpec {
  /** Minutes after local midnight, 0 … 1439. */
  minuteOfDay: number;
  /** ISO weekdays on which it runs; empty never runs. */
  weekdays: readonly number[];
}

/** "8:30" / "08:30" → 510; undefined for anything else ("24:00", "8.30", "830"). */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export const formatTimeOfDay = (minuteOfDay: number): string =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/** A non-empty set of ISO weekdays without repeats, in order; undefined when any is out of 1 … 7. */
export function normalizeWeekdays(days: readonly number[]): number[] | undefined {
  if (!days.length || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return undefined;
  return [...new Set(days)].sort((a, b) => a - b);
}

/**
 * `zone` as the IANA name luxon (and so Intl) knows, in its canonical spelling ("europe/berlin" →
 * "Europe/Berlin"); undefined for anything else ("Beijing", "GMT+8", "+08:00").
 */
export function canonicalZone(zone: string): string | undefined {
  const z = zone.trim();
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)*$/.test(z) || !IANAZone.isValidZone(z)) return undefined;
  return new Intl.DateTimeFormat('en-US', { timeZone: z }).resolvedOptions().timeZone;
}

/** Days looked at: a week plus one, so every weekday is seen even when today's slot has passed. */
const LOOKAHEAD_DAYS = 8;

/** The first slot strictly after `after`, in `zone`; undefined when the spec has no weekdays. */
export function nextSlot(spec: ScheduleSpec, after: Date, zone: string): Date | undefined {
  const start = DateTime.fromJSDate(after, { zone }).startOf('day');
  const hour = Math.floor(spec.minuteOfDay / 60);
  const minute = spec.minuteOfDay % 60;
  for (let i = 0; i < LOOKAHEAD_DAYS; i++) {
    const day = start.plus({ days: i });
    if (!spec.weekdays.includes(day.weekday)) continue;
    const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
    if (at.toMillis() > after.getTime()) return at.toJSDate();
  }
  return undefined;
}

/** The latest slot at or before `atOrBefore`, in `zone`; undefined when none in the last week. */
export function lastSlot(spec: ScheduleSpec, atOrBefore: Date, zone: string): Date | undefined {
  const start = DateTime.fromJSDate(atOrBefore, { zone }).startOf('day');
  const hour = Math.floor(spec.minuteOfDay / 60);
  const minute = spec.minuteOfDay % 60;
  for (let i = 0; i < LOOKAHEAD_DAYS; i++) {
    const day = start.minus({ days: i });
    if (!spec.weekdays.includes(day.weekday)) continue;
    const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
    if (at.toMillis() <= atOrBefore.getTime()) return at.toJSDate();
  }
  return undefined;
}

export interface CatchUp {
  run: boolean;
  lateMs: number;
}

/**
 * Whether a slot that came due runs now: yes while it is at most `windowMs` late (the bot was down,
 * or busy, or the clock jumped); past that it is skipped — a morning inspection at 15:00 helps nobody.
 */
export function catchUp(slot: Date, now: Date, windowMs: number): CatchUp {
  const lateMs = Math.max(0, now.getTime() - slot.getTime());
  return { run: lateMs <= windowMs, lateMs };
}

/**
 * Which slot a timer armed for `armed` runs as, now: itself while within the window; else the
 * latest slot since (the bot was down over several) if that one still is; else none — skipped.
 */
export function slotToRun(
  spec: ScheduleSpec,
  armed: Date,
  now: Date,
  zone: string,
  windowMs: number,
): { slot?: Date; lateMs: number } {
  const own = catchUp(armed, now, windowMs);
  if (own.run) return { slot: armed, lateMs: own.lateMs };
  const latest = lastSlot(spec, now, zone);
  if (latest && latest.getTime() > armed.getTime() && catchUp(latest, now, windowMs).run)
    return { slot: latest, lateMs: now.getTime() - latest.getTime() };
  return { lateMs: own.lateMs };
}
