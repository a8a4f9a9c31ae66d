/**
 * From stored KPI values to what the alert rules judge (pure): for each identity (store + metric
 * + agent), the latest value of a period that is final, with the target that applies and whether
 * its base is big enough. A metric the store's platform reports late (catalog `delayedDays`:
 * Taobao's final-payment figures land ~8 days after the day) is judged only for days that old,
 * never the next morning.
 */
import { DateTime } from 'luxon';
import { CATALOG, metricByKey, type MetricDef } from '../kpi/catalog';
import type { ValueRow } from '../kpi/repo';
import { effectiveTarget, type TargetRow } from '../kpi/targets';
import type { Threshold } from './rules';

export interface StoreInfo {
  id: number;
  name: string;
  platform: string;
}

/** A stored KPI value as the evaluation reads it (kpi's own row shape). */
export type ValueIn = ValueRow;

export interface Observation {
  fingerprint: string;
  storeId: number;
  agent: string;
  metric: string;
  value: number;
  threshold: Threshold;
  period: string;
  /** Too small a base to judge: neither fires nor resolves. */
  tooSmall: boolean;
}

export const kpiFingerprint = (storeId: number, metric: string, agent: string): string =>
  `kpi:${storeId}:${metric}:${agent}`;

/** The days each metric may be judged on, for a team's `now`: yesterday and today, minus its delay. */
export function judgedDays(metric: MetricDef, platform: string, now: Date, zone: string): { from: string; to: string } {
  const delay = metric.delayedDays?.[platform] ?? 0;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day').minus({ days: delay });
  return { from: today.minus({ days: 1 }).toISODate()!, to: today.toISODate()! };
}

/** The oldest day any metric may be judged on: what to load. */
export function oldestJudgedDay(now: Date, zone: string): string {
  const maxDelay = Math.max(0, ...CATALOG.flatMap((m) => Object.values(m.delayedDays ?? {}).map((d) => d ?? 0)));
  return DateTime.fromJSDate(now, { zone })
    .startOf('day')
    .minus({ days: maxDelay + 1 })
    .toISODate()!;
}

/** A whole day (-1) comes after its hours: it is the final figure. */
const periodRank = (v: Pick<ValueIn, 'day' | 'hour'>) =>
  `${v.day}T${String(v.hour < 0 ? 99 : v.hour).padStart(2, '0')}`;

export function observe(
  values: readonly ValueIn[],
  stores: readonly StoreInfo[],
  targets: readonly TargetRow[],
  opts: { minBase: number; now: Date; zone: string },
): Observation[] {
  const byStore = new Map(stores.map((s) => [s.id, s]));
  const cell = (v: Pick<ValueIn, 'storeId' | 'agent' | 'day' | 'hour'>) =>
    `${v.storeId}\u0000${v.agent}\u0000${v.day}\u0000${v.hour}`;
  const valueAt = new Map(values.map((v) => [`${cell(v)}\u0000${v.metric}`, v.value]));
  const latest = new Map<string, ValueIn>();
  // Per metric and platform, not per value: 10,000 values a batch would be 10,000 zone conversions.
  const daysOf = new Map<string, { from: string; to: string }>();
  for (const v of values) {
    const store = byStore.get(v.storeId);
    const metric = metricByKey(v.metric);
    if (!store || !metric) continue;
    const dk = `${metric.key}\u0000${store.platform}`;
    let days = daysOf.get(dk);
    if (!days) daysOf.set(dk, (days = judgedDays(metric, store.platform, opts.now, opts.zone)));
    if (v.day < days.from || v.day > days.to) continue;
    const fp = kpiFingerprint(v.storeId, v.metric, v.agent);
    const had = latest.get(fp);
    if (!had || periodRank(v) > periodRank(had)) latest.set(fp, v);
  }
  // The targets that apply, by metric and store (effectiveTarget over only that metric's rows).
  const targetsOf = new Map<string, TargetRow[]>();
  for (const t of targets) (targetsOf.get(t.metric) ?? targetsOf.set(t.metric, []).get(t.metric)!).push(t);
  const out: Observation[] = [];
  for (const [fp, v] of latest) {
    const store = byStore.get(v.storeId)!;
    const metric = metricByKey(v.metric)!;
    const target = effectiveTarget(metric, store.name, targetsOf.get(metric.key) ?? []);
    if (!target || metric.direction === 'none') continue;
    const agg = metric.aggregate;
    const base = agg.kind === 'weighted' ? (v.base ?? valueAt.get(`${cell(v)}\u0000${agg.base}`)) : undefined;
    out.push({
      fingerprint: fp,
      storeId: v.storeId,
      agent: v.agent,
      metric: v.metric,
      value: v.value,
      threshold: { op: target.op, value: target.value, ...(metric.unit === 'ratio' ? { ratio: true } : {}) },
      period: v.hour < 0 ? v.day : `${v.day} ${String(v.hour).padStart(2, '0')}:00`,
      // An unknown base cannot be judged small: the value is taken as it is.
      tooSmall: base !== undefined && base < opts.minBase,
    });
  }
  return out.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
}

/**
 * A firing alert nothing will judge again: its store was removed, or no target applies to its
 * metric any more (reset, and the catalog has none). It resolves rather than stay firing forever.
 */
export function orphaned(
  a: { storeId: number | null; metric: string },
  storeNames: ReadonlyMap<number, string>,
  targets: readonly TargetRow[],
): boolean {
  if (a.storeId === null) return false;
  const name = storeNames.get(a.storeId);
  const metric = metricByKey(a.metric);
  if (name === undefined || !metric || metric.direction === 'none') return true;
  return !effectiveTarget(
    metric,
    name,
    targets.filter((t) => t.metric === metric.key),
  );
}
