/**
 * Tomorrow's consult volume per hour (pure): a seasonal profile by weekday × hour on top of a
 * robust level and trend, with the day's promotion multiplier.
 *
 * - The baseline is the ordinary days (multiplier 1) of the last 8 weeks before `today`: promotion
 *   days would inflate the level and the weekday factors, so they only enter through their multiplier.
 * - Daily totals, in logs: weekday factors (medians of the de-trended days of that weekday) and a
 *   level + trend (Theil–Sen over the de-seasonalised last 4 weeks), refined in turn. Medians and
 *   Theil–Sen shrug off an unmarked spike (a live stream, an outage) that a mean or Holt–Winters'
 *   smoothing would carry into the next weeks.
 * - The hourly shape: the share of the day each hour took, averaged over the recent days of the same
 *   weekday and shrunk towards the recent workdays' or weekend days' shape (a weekday seen only twice
 *   is noisy; a weekend hour is not a Tuesday hour).
 *
 * It forecasts `day` with what was known before `today` (the digest at 09:00 knows yesterday, not
 * today's partial hours). Fewer than MIN_DAYS ordinary days: no forecast, and it says so.
 */
import { addDays, dayNumber, weekdayOf } from './calendar-rules';

export const MIN_DAYS = 14;
const WINDOW_DAYS = 56;
const TREND_DAYS = 28;
const WEEKDAY_DAYS = 6;
const SHAPE_DAYS = 28;
/** How many days' weight the same-type shape has against a weekday's own. */
const SHAPE_PRIOR = 2;
/** At most this much growth or decline per week is extrapolated (a fitted slope beyond is noise). */
const MAX_WEEKLY_TREND = 0.15;

/** The hourly counts of a day, hour 0 … 23 (a missing hour is 0). */
export type HourlyHistory = ReadonlyMap<string, readonly number[]>;

export interface ForecastInput {
  history: HourlyHistory;
  /** The day to forecast. */
  day: string;
  /** The team's local today: only days before it are used. */
  today: string;
  /** The promotion multiplier of a day (1 on an ordinary day). */
  multiplier: (day: string) => number;
}

export type Forecast =
  | {
      ok: true;
      day: string;
      /** Expected consults per hour, 0 … 23. */
      hours: number[];
      total: number;
      multiplier: number;
      /** Ordinary days the forecast stands on, and the last of them. */
      basisDays: number;
      lastDay: string;
      /** The fitted trend, growth per week (0.03 = +3%). */
      weeklyTrend: number;
    }
  | { ok: false; reason: 'not_enough'; basisDays: number };

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Theil–Sen: the median of pairwise slopes, and the median intercept for it. */
export function theilSen(x: readonly number[], y: readonly number[]): { a: number; b: number } {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++) if (x[j] !== x[i]) slopes.push((y[j]! - y[i]!) / (x[j]! - x[i]!));
  const b = slopes.length ? median(slopes) : 0;
  return { a: median(y.map((v, i) => v - b * x[i]!)), b };
}

interface BaseDay {
  day: string;
  t: number;
  weekday: number;
  total: number;
  hours: readonly number[];
}

function baselineDays(input: ForecastInput): BaseDay[] {
  const from = addDays(input.today, -WINDOW_DAYS);
  const out: BaseDay[] = [];
  for (const [day, hours] of input.history) {
    if (day < from || day >= input.today || day >= input.day) continue;
    if (input.multiplier(day) !== 1) continue;
    const total = sum(hours);
    if (total > 0) out.push({ day, t: dayNumber(day), weekday: weekdayOf(day), total, hours });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** Weekday factors (logs, centred on 0) and the level and trend of the de-seasonalised days. */
function fitDays(days: readonly BaseDay[]) {
  const logs = days.map((d) => Math.log(d.total));
  const season = new Array<number>(8).fill(0);
  const recent = days.filter((d) => d.t > days.at(-1)!.t - TREND_DAYS);
  const recentIdx = days.map((d, i) => (recent.includes(d) ? i : -1)).filter((i) => i >= 0);
  let fit = { a: median(logs), b: 0 };
  for (let round = 0; round < 4; round++) {
    const src = recentIdx.length >= MIN_DAYS / 2 ? recentIdx : days.map((_, i) => i);
    fit = theilSen(
      src.map((i) => days[i]!.t),
      src.map((i) => logs[i]! - season[days[i]!.weekday]!),
    );
    const seen: number[] = [];
    for (let k = 1; k <= 7; k++) {
      const r = days.flatMap((d, i) => (d.weekday === k ? [logs[i]! - fit.a - fit.b * d.t] : []));
      season[k] = r.length ? median(r) : 0;
      if (r.length) seen.push(k);
    }
    const mean = sum(seen.map((k) => season[k]!)) / Math.max(1, seen.length);
    for (const k of seen) season[k]! -= mean;
  }
  const cap = Math.log(1 + MAX_WEEKLY_TREND) / 7;
  return { ...fit, b: Math.max(-cap, Math.min(cap, fit.b)), season };
}

/** Saturday and Sunday have a shape of their own (a later start, a heavier evening). */
const dayType = (weekday: number) => (weekday >= 6 ? 'weekend' : 'workday');

/**
 * The share of the day each hour takes on `weekday`: the recent days of that weekday, shrunk towards
 * the recent days of the same type (workday or weekend), so that one odd Tuesday does not set the next.
 */
function hourShape(days: readonly BaseDay[], weekday: number): number[] {
  const shares = (ds: readonly BaseDay[]) => {
    const out = new Array<number>(24).fill(0);
    for (const d of ds) for (let h = 0; h < 24; h++) out[h]! += (d.hours[h] ?? 0) / d.total;
    return out.map((v) => v / Math.max(1, ds.length));
  };
  const last = days.at(-1)!.t;
  const sameType = days.filter((d) => d.t > last - SHAPE_DAYS && dayType(d.weekday) === dayType(weekday));
  const prior = shares(sameType.length ? sameType : days.slice(-7));
  const same = days.filter((d) => d.weekday === weekday).slice(-WEEKDAY_DAYS);
  const own = shares(same);
  const n = same.length;
  const shape = prior.map((v, h) => (n * own[h]! + SHAPE_PRIOR * v) / (n + SHAPE_PRIOR));
  const total = sum(shape);
  return shape.map((v) => v / total);
}

export function forecastDay(input: ForecastInput): Forecast {
  const days = baselineDays(input);
  if (days.length < MIN_DAYS) return { ok: false, reason: 'not_enough', basisDays: days.length };
  const { a, b, season } = fitDays(days);
  const multiplier = input.multiplier(input.day);
  const total = Math.exp(a + b * dayNumber(input.day) + season[weekdayOf(input.day)]!) * multiplier;
  const shape = hourShape(days, weekdayOf(input.day));
  return {
    ok: true,
    day: input.day,
    hours: shape.map((s) => s * total),
    total,
    multiplier,
    basisDays: days.length,
    lastDay: days.at(-1)!.day,
    weeklyTrend: Math.exp(b * 7) - 1,
  };
}

/** What the team needs each hour: ⌈expected / capacity⌉ agents (0 when nothing is expected). */
export function agentsNeeded(hours: readonly number[], capacityPerHour: number): number[] {
  return hours.map((v) => (v <= 0 ? 0 : Math.ceil(v / capacityPerHour - 1e-9)));
}

/** The busiest hours, highest first (ties: the earlier hour). */
export function peakHours(hours: readonly number[], n = 3): number[] {
  return hours
    .map((v, h) => ({ v, h }))
    .sort((x, y) => y.v - x.v || x.h - y.h)
    .slice(0, n)
    .map((p) => p.h);
}
