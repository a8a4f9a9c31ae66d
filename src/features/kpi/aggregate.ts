/**
 * Rolling values up over agents, stores or days (pure), as the catalog says each metric
 * aggregates: counts and money sum, scores average, and a rate is weighted by its base
 * (Σ rate × base / Σ base) — never the plain mean of the rates. A sample without a base of its
 * own takes the base metric's value for the same store, agent and day when there is one, else
 * counts once.
 */
import type { MetricDef } from './catalog';

export interface Sample {
  store: string;
  agent: string | null;
  day: string;
  hour: number | null;
  metric: string;
  value: number;
  base: number | null;
}

const cellKey = (s: Pick<Sample, 'store' | 'agent' | 'day' | 'hour'>) =>
  `${s.store}\u0000${s.agent ?? ''}\u0000${s.day}\u0000${s.hour ?? ''}`;

/**
 * The base metric's value per cell of `all`, built once per array and base metric: a report rolls
 * up hundreds of cells against the same samples, and rebuilding this for each was most of /kpi's
 * time. Keyed by the array itself, which callers treat as immutable (readonly).
 */
const baseIndex = new WeakMap<readonly Sample[], Map<string, Map<string, number>>>();
function basesOf(all: readonly Sample[], baseMetric: string): Map<string, number> {
  let byMetric = baseIndex.get(all);
  if (!byMetric) baseIndex.set(all, (byMetric = new Map()));
  let bases = byMetric.get(baseMetric);
  if (!bases) {
    bases = new Map();
    for (const s of all) if (s.metric === baseMetric) bases.set(cellKey(s), s.value);
    byMetric.set(baseMetric, bases);
  }
  return bases;
}

/** One value for `metric` over `samples` (already filtered to what is being rolled up). */
export function rollUp(
  metric: MetricDef,
  samples: readonly Sample[],
  all: readonly Sample[] = samples,
): number | undefined {
  const mine = samples.filter((s) => s.metric === metric.key);
  if (!mine.length) return undefined;
  const agg = metric.aggregate;
  if (agg.kind === 'sum') return mine.reduce((n, s) => n + s.value, 0);
  if (agg.kind === 'mean') return mine.reduce((n, s) => n + s.value, 0) / mine.length;
  let bases: Map<string, number> | undefined;
  let weight = 0;
  let total = 0;
  for (const s of mine) {
    const w = s.base ?? (bases ??= basesOf(all, agg.base)).get(cellKey(s)) ?? 1;
    weight += w;
    total += s.value * w;
  }
  return weight > 0 ? total / weight : mine.reduce((n, s) => n + s.value, 0) / mine.length;
}
