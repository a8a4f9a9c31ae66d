/**
 * What the digest says about KPIs (pure): each store over the period against its targets, ranked
 * worst first; the values a platform reports late (延迟统计) kept out of the judging and shown with
 * the day they are final up to; and each metric's "as of" — the last day it has data for.
 */
import type { Sample } from './aggregate';
import type { MetricDef } from './catalog';
import { buildKpiReport, type MetricLine } from './report';
import type { TargetRow } from './targets';

export interface StoreStanding {
  store: string;
  /** Lines with a target, the breached ones worst first. */
  judged: MetricLine[];
  breached: MetricLine[];
  /** How far past its target the worst breach is, relative to the target (0.6 = 60 % past). */
  worst: number;
}

/** Past the target relative to it: 48 s against ≤ 30 s is 0.6. */
export const relativeOver = (l: MetricLine): number =>
  l.over === undefined || !l.target ? 0 : l.over / Math.max(Math.abs(l.target.value), 1e-9);

/** The delay (days) after which `platform` reports `metric` finally, when it is late at all. */
export const delayOf = (metric: MetricDef, platform: string): number => metric.delayedDays?.[platform] ?? 0;

/** Splits samples into those that can be judged for days up to `lastDay` and those still 延迟统计. */
export function splitDelayed(
  samples: readonly Sample[],
  metrics: readonly MetricDef[],
  platformOf: ReadonlyMap<string, string>,
  lastDay: string,
): { judged: Sample[]; delayed: { metric: MetricDef; platforms: string[]; days: number; asOf: string }[] } {
  const byKey = new Map(metrics.map((m) => [m.key, m]));
  const delayed = new Map<string, { metric: MetricDef; platforms: Set<string>; days: number }>();
  const judged: Sample[] = [];
  for (const s of samples) {
    const m = byKey.get(s.metric);
    const platform = platformOf.get(s.store) ?? '';
    const days = m ? delayOf(m, platform) : 0;
    if (!m || days === 0 || dayDiff(s.day, lastDay) >= days) {
      judged.push(s);
      continue;
    }
    const d = delayed.get(m.key) ?? { metric: m, platforms: new Set<string>(), days: 0 };
    d.platforms.add(platform);
    d.days = Math.max(d.days, days);
    delayed.set(m.key, d);
  }
  // Metrics late on some of the team's platforms are 延迟统计 there even without a sample yet.
  for (const m of metrics)
    for (const platform of new Set(platformOf.values())) {
      const days = delayOf(m, platform);
      if (!days) continue;
      const d = delayed.get(m.key) ?? { metric: m, platforms: new Set<string>(), days: 0 };
      d.platforms.add(platform);
      d.days = Math.max(d.days, days);
      delayed.set(m.key, d);
    }
  return {
    judged,
    delayed: [...delayed.values()].map((d) => ({
      metric: d.metric,
      platforms: [...d.platforms].sort(),
      days: d.days,
      asOf: addDays(lastDay, -d.days),
    })),
  };
}

/** Days from a to b ("2026-11-20" → "2026-11-30" is 10). */
export function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Every store with data in `samples`, judged over all of them, worst first (most breaches, then furthest past). */
export function storeStandings(input: {
  samples: readonly Sample[];
  targets: readonly TargetRow[];
  metrics: readonly MetricDef[];
}): StoreStanding[] {
  const byStore = new Map<string, Sample[]>();
  for (const s of input.samples) {
    const xs = byStore.get(s.store);
    if (xs) xs.push(s);
    else byStore.set(s.store, [s]);
  }
  const out: StoreStanding[] = [];
  for (const [store, samples] of byStore) {
    const report = buildKpiReport({ samples, targets: input.targets, store, metrics: input.metrics, linesOnly: true });
    const judged = report.lines.filter((l) => l.target);
    const breached = judged.filter((l) => l.breached).sort((a, b) => relativeOver(b) - relativeOver(a));
    out.push({ store, judged, breached, worst: breached.length ? relativeOver(breached[0]!) : 0 });
  }
  return out.sort(
    (a, b) => b.breached.length - a.breached.length || b.worst - a.worst || a.store.localeCompare(b.store),
  );
}

/** Each metric's last day with a value, for those whose last day is before `lastDay`. */
export function staleMetrics(samples: readonly Sample[], lastDay: string): Map<string, string> {
  const latest = new Map<string, string>();
  for (const s of samples) if ((latest.get(s.metric) ?? '') < s.day) latest.set(s.metric, s.day);
  return new Map([...latest].filter(([, day]) => day < lastDay));
}
