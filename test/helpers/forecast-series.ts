/**
 * Synthetic hourly consult volume for the forecast's backtest and tests: a level with a trend and a
 * slow wave, weekly seasonality (weekends busier), an hourly shape (peaks 09–11 and 20–22, weekends
 * later and heavier in the evening), lognormal day and hour noise plus Poisson-like counting noise,
 * and promotion spikes whose real size differs from what the calendar says (双11's midnight rush
 * too). Seeded: the same options give the same series.
 */
import { seededRandom } from '../../src/features/kpi/demo-history';
import { addDays, dayNumber, weekdayOf } from '../../src/features/forecast/calendar-rules';

export interface SeriesOptions {
  from: string;
  days: number;
  /** Consults on an ordinary Monday at the start. */
  level?: number;
  /** Growth over a year (0.3 = +30%). */
  yearlyTrend?: number;
  /** Amplitude of a slow 150-day wave on the level (default 0.04). */
  wave?: number;
  /** Lognormal σ of a day's total and of each hour. 0 and 0: a clean series (still rounded). */
  dayNoise?: number;
  hourNoise?: number;
  /** Counting noise (√n). */
  poisson?: boolean;
  /** The real multiplier of a day (promotions, unmarked spikes); 1 when absent. */
  spikes?: Record<string, number>;
  seed?: string;
}

/** Monday … Sunday. */
export const WEEKLY = [1, 0.97, 0.95, 0.96, 1.02, 1.18, 1.12];

const bump = (h: number, at: number, width: number) => Math.exp(-(((h - at) / width) ** 2));

/** The share of an ordinary day each hour takes (weekend: later start, heavier evening). */
export function hourShape(weekday: number): number[] {
  const weekend = weekday >= 6;
  const raw = Array.from({ length: 24 }, (_, h) => {
    const night = 0.12 + (h < 7 ? 0 : 0.25);
    const morning = (weekend ? 0.8 : 1.2) * bump(h, weekend ? 10.5 : 10, 1.6);
    const afternoon = 0.7 * bump(h, 15, 2.2);
    const evening = (weekend ? 1.5 : 1.2) * bump(h, 21, 1.4);
    return night + morning + afternoon + evening;
  });
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
}

function normal(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export function syntheticSeries(o: SeriesOptions): Map<string, number[]> {
  const rand = seededRandom(o.seed ?? 'forecast');
  const level = o.level ?? 4000;
  const start = dayNumber(o.from);
  const out = new Map<string, number[]>();
  for (let i = 0; i < o.days; i++) {
    const day = addDays(o.from, i);
    const t = dayNumber(day) - start;
    const trend = (1 + (o.yearlyTrend ?? 0.3) * (t / 365)) * (1 + (o.wave ?? 0.04) * Math.sin((2 * Math.PI * t) / 150));
    const spike = o.spikes?.[day] ?? 1;
    const total = level * WEEKLY[weekdayOf(day) - 1]! * trend * spike * Math.exp((o.dayNoise ?? 0) * normal(rand));
    let shape = hourShape(weekdayOf(day));
    // 双11 opens at midnight: the first two hours take a rush of their own.
    if (day.endsWith('-11-11')) {
      shape = shape.map((s, h) => (h <= 1 ? s * 5 : s));
      const sum = shape.reduce((a, b) => a + b, 0);
      shape = shape.map((s) => s / sum);
    }
    out.set(
      day,
      shape.map((s) => {
        const mean = total * s * Math.exp((o.hourNoise ?? 0) * normal(rand));
        const counted = o.poisson ? mean + Math.sqrt(mean) * normal(rand) : mean;
        return Math.max(0, Math.round(counted));
      }),
    );
  }
  return out;
}
