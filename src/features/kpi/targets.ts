/**
 * Targets (pure): "<=30", "≤30s", ">=95%", "≥0.95", ">= 1分钟" read in the metric's unit, and
 * whether a value breaches one. A store's own target beats the team's, which beats the catalog's.
 */
import type { MetricDef, TargetOp } from './catalog';
import { readDuration, readNumber, readRate } from './values';

export interface Target {
  op: TargetOp;
  value: number;
}

export type TargetRead = { ok: true; target: Target } | { ok: false; why: 'no_op' | 'bad_value' | 'out_of_range' };

const OPS: [RegExp, TargetOp][] = [
  [/^(<=|≤|=<|小于等于|不超过|不高于)/, '<='],
  [/^(>=|≥|=>|大于等于|不低于|至少)/, '>='],
];

export function readTarget(text: string, metric: Pick<MetricDef, 'unit'>): TargetRead {
  const s = text.normalize('NFKC').trim();
  const found = OPS.map(([re, op]) => ({ m: re.exec(s), op })).find((x) => x.m);
  if (!found?.m) return { ok: false, why: 'no_op' };
  const rest = s.slice(found.m[0].length).trim();
  const value =
    metric.unit === 'seconds'
      ? readDuration(rest)
      : metric.unit === 'ratio'
        ? readRate(rest, !rest.endsWith('%') && (readNumber(rest) ?? 0) > 1)
        : readNumber(rest);
  if (value === undefined) return { ok: false, why: 'bad_value' };
  if (value < 0 || (metric.unit === 'ratio' && value > 1)) return { ok: false, why: 'out_of_range' };
  return { ok: true, target: { op: found.op, value } };
}

export const breaches = (value: number, target: Target): boolean =>
  target.op === '<=' ? value > target.value : value < target.value;

/** How far past the target, in the metric's unit (positive = worse). */
export const overBy = (value: number, target: Target): number =>
  target.op === '<=' ? value - target.value : target.value - value;

export interface TargetRow extends Target {
  metric: string;
  /** null: the team's target for every store. */
  store: string | null;
}

/** The target that applies to `metric` at `store`: the store's, else the team's, else the catalog default. */
export function effectiveTarget(
  metric: MetricDef,
  store: string | null,
  rows: readonly TargetRow[],
): (Target & { source: 'store' | 'team' | 'default' }) | undefined {
  const own = store === null ? undefined : rows.find((r) => r.metric === metric.key && r.store === store);
  if (own) return { op: own.op, value: own.value, source: 'store' };
  const team = rows.find((r) => r.metric === metric.key && r.store === null);
  if (team) return { op: team.op, value: team.value, source: 'team' };
  return metric.defaultTarget ? { ...metric.defaultTarget, source: 'default' } : undefined;
}
