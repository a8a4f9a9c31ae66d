/**
 * The demo stores' consult volume by hour (pure, deterministic): each store day's consult_users
 * split over its 24 hours the way CS floors see it — quiet nights, the 09–11 morning peak, a lunch
 * dip, a busy afternoon and the 20–22 evening peak (domain.md §2), weekends later and heavier in the
 * evening, Douyin's live-stream evenings, 双11's midnight rush — with a little noise per hour. The
 * hours add up to the day exactly, so the hourly and the daily figures never disagree.
 */
import { seededRandom, type DemoStore } from './demo-history';
import type { ValueRow } from './repo';

const bump = (h: number, at: number, width: number) => Math.exp(-(((h - at) / width) ** 2));
/** 1 = Monday … 7 = Sunday. */
const weekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

function shape(platform: string, day: string): number[] {
  const weekend = weekday(day) >= 6;
  const live = platform === 'douyin' ? 1.6 : 1;
  return Array.from({ length: 24 }, (_, h) => {
    const night = h < 7 ? 0.06 + 0.1 * bump(h, 0, 1.2) : 0.3;
    const morning = (weekend ? 0.8 : 1.2) * bump(h, weekend ? 10.5 : 10, 1.5);
    const lunch = -0.25 * bump(h, 12.5, 0.8);
    const afternoon = 0.75 * bump(h, 15, 2);
    const evening = (weekend ? 1.4 : 1.15) * live * bump(h, 21, 1.3);
    const rush = day.endsWith('-11-11') && h <= 1 ? 2.5 : 0;
    return Math.max(0.02, night + morning + lunch + afternoon + evening + rush);
  });
}

/** `total` over the hours in proportion to `weights`, in whole numbers that add up (largest remainder). */
export function splitWhole(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = Math.round(total) - out.reduce((a, b) => a + b, 0);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && order.length; k = (k + 1) % order.length, left--) out[order[k]!.i]!++;
  return out;
}

/** Hourly store-level consult_users rows for the daily rows given (from demoHistory). */
export function demoHourlyConsults(stores: readonly DemoStore[], daily: readonly ValueRow[]): ValueRow[] {
  const platform = new Map(stores.map((s) => [s.id, s]));
  const out: ValueRow[] = [];
  for (const r of daily) {
    if (r.metric !== 'consult_users' || r.agent !== '' || r.hour !== -1) continue;
    const store = platform.get(r.storeId);
    if (!store) continue;
    const rand = seededRandom(`${store.name}|hours|${r.day}`);
    const weights = shape(store.platform, r.day).map((w) => w * Math.exp(0.08 * (rand() + rand() + rand() - 1.5)));
    splitWhole(r.value, weights).forEach((value, hour) =>
      out.push({ storeId: r.storeId, agent: '', metric: 'consult_users', day: r.day, hour, value, base: null }),
    );
  }
  return out;
}
