/**
 * The keyword early-warning rule, pure: today's count of a keyword (up to the current hour, team
 * time zone) against its 7-day same-hour baseline — the mean of the same hours on the 7 previous
 * days. It fires at 3× the baseline once the count reaches the team's minimum, and resolves only
 * under 2× (the gap keeps a keyword hovering at 2.9× from flipping the card every batch).
 */
import { DateTime } from 'luxon';

export const FIRE_RATIO = 3;
export const RESOLVE_RATIO = 2;
export const BASELINE_DAYS = 7;

export interface HourCount {
  /** "YYYY-MM-DD" in the team's time zone. */
  day: string;
  /** 0–23; -1 (a whole day's count) is stored but not judged: it has no "same hours". */
  hour: number;
  count: number;
}

export interface KeywordObservation {
  day: string;
  /** The current local hour: today counts hours 0..hour. */
  hour: number;
  today: number;
  /** The 7 previous days' counts over the same hours, summed (the mean is this / 7). */
  baselineTotal: number;
  /** Today's count per hour 0..hour, and the baseline's mean per hour: the card's chart. */
  todayByHour: number[];
  baselineByHour: number[];
  /** Hours from the first one with a count today to now ("近 3 小时"). */
  spanHours: number;
}

export function observeKeyword(counts: readonly HourCount[], now: Date, zone: string): KeywordObservation {
  const local = DateTime.fromJSDate(now, { zone });
  const day = local.toISODate()!;
  const hour = local.hour;
  const previous = new Set(Array.from({ length: BASELINE_DAYS }, (_, i) => local.minus({ days: i + 1 }).toISODate()!));
  const todayByHour = Array.from({ length: hour + 1 }, () => 0);
  const baseSum = Array.from({ length: hour + 1 }, () => 0);
  for (const c of counts) {
    if (c.hour < 0 || c.hour > hour) continue;
    if (c.day === day) todayByHour[c.hour]! += c.count;
    else if (previous.has(c.day)) baseSum[c.hour]! += c.count;
  }
  const first = todayByHour.findIndex((n) => n > 0);
  return {
    day,
    hour,
    today: todayByHour.reduce((a, b) => a + b, 0),
    baselineTotal: baseSum.reduce((a, b) => a + b, 0),
    todayByHour,
    baselineByHour: baseSum.map((n) => n / BASELINE_DAYS),
    spanHours: first < 0 ? 0 : hour - first + 1,
  };
}

export type Decision = 'fire' | 'resolve' | 'keep';

/**
 * What the rule says given whether a warning is firing. Compared in integers (today × 7 against
 * ratio × the 7-day total), so scaling both sides never flips a decision through rounding.
 */
export function decide(
  o: Pick<KeywordObservation, 'today' | 'baselineTotal'>,
  minCount: number,
  firing: boolean,
): Decision {
  const times = (ratio: number) => o.today * BASELINE_DAYS >= ratio * o.baselineTotal;
  if (!firing) return o.today >= minCount && o.today > 0 && times(FIRE_RATIO) ? 'fire' : 'keep';
  return times(RESOLVE_RATIO) ? 'keep' : 'resolve';
}

/** Today against the baseline's mean, ∞ when the keyword is new (no baseline at all). */
export const ratioOf = (o: Pick<KeywordObservation, 'today' | 'baselineTotal'>): number =>
  o.baselineTotal === 0 ? (o.today > 0 ? Infinity : 0) : (o.today * BASELINE_DAYS) / o.baselineTotal;
