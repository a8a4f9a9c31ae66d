/**
 * The forecast measured against what happened (pure): each day of the test window forecast as the
 * morning digest would have, the evening before the day before (history up to D−2, `today` D−1), and
 * compared hour by hour with its actual counts. The naive baseline is "the same hour last week";
 * a second one scales it by the calendar (what a supervisor with the promotion list would do).
 * MAPE = the mean of |forecast − actual| / actual over the hours with actual > 0.
 */
import { addDays } from './calendar-rules';
import { forecastDay, type HourlyHistory } from './model';

export interface ErrorSummary {
  /** Mean absolute percentage error per hour, over every counted hour (0.08 = 8%). */
  mape: number;
  /** The same, by hour of the day (NaN for an hour never counted). */
  byHour: number[];
  /** MAPE of the daily totals. */
  dailyMape: number;
}

export interface BacktestResult {
  days: number;
  hours: number;
  model: ErrorSummary;
  naive: ErrorSummary;
  naiveCalendar: ErrorSummary;
  /** Only days where neither the day nor the same day last week is a promotion. */
  ordinary: { days: number; model: number; naive: number };
}

class Errors {
  private byHour = Array.from({ length: 24 }, () => [] as number[]);
  private daily: number[] = [];
  add(forecast: readonly number[], actual: readonly number[]) {
    for (let h = 0; h < 24; h++) {
      const a = actual[h] ?? 0;
      if (a > 0) this.byHour[h]!.push(Math.abs((forecast[h] ?? 0) - a) / a);
    }
    const a = actual.reduce((x, y) => x + y, 0);
    if (a > 0) this.daily.push(Math.abs(forecast.reduce((x, y) => x + y, 0) - a) / a);
  }
  summary(): ErrorSummary {
    const all = this.byHour.flat();
    const mean = (xs: number[]) => (xs.length ? xs.reduce((x, y) => x + y, 0) / xs.length : NaN);
    return { mape: mean(all), byHour: this.byHour.map(mean), dailyMape: mean(this.daily) };
  }
  get count() {
    return this.byHour.reduce((n, xs) => n + xs.length, 0);
  }
}

/** Backtests the days of `window` (each needs its own actuals and the same day a week before). */
export function backtest(
  history: HourlyHistory,
  window: readonly string[],
  multiplier: (day: string) => number,
): BacktestResult {
  const model = new Errors();
  const naive = new Errors();
  const naiveCal = new Errors();
  const ordinaryModel = new Errors();
  const ordinaryNaive = new Errors();
  let days = 0;
  let ordinaryDays = 0;
  for (const day of window) {
    const actual = history.get(day);
    const lastWeek = history.get(addDays(day, -7));
    if (!actual || !lastWeek) continue;
    const f = forecastDay({ history, day, today: addDays(day, -1), multiplier });
    if (!f.ok) continue;
    days++;
    model.add(f.hours, actual);
    naive.add(lastWeek, actual);
    const k = multiplier(day) / multiplier(addDays(day, -7));
    naiveCal.add(
      lastWeek.map((v) => v * k),
      actual,
    );
    if (multiplier(day) === 1 && multiplier(addDays(day, -7)) === 1) {
      ordinaryDays++;
      ordinaryModel.add(f.hours, actual);
      ordinaryNaive.add(lastWeek, actual);
    }
  }
  const ordinary = ordinaryModel.summary();
  return {
    days,
    hours: model.count,
    model: model.summary(),
    naive: naive.summary(),
    naiveCalendar: naiveCal.summary(),
    ordinary: {
      days: ordinaryDays,
      model: ordinary.mape,
      naive: ordinaryNaive.summary().mape,
    },
  };
}
