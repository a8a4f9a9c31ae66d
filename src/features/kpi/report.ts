/**
 * What /kpi shows (pure): each metric over the period against its target, for a store its agents
 * ranked on the breached metrics, and a daily trend. A store's day is its own store-level value
 * when the data has one, else its agents' values rolled up — never both, so nothing counts twice.
 */
import { rollUp, type Sample } from './aggregate';
import { CATALOG, metricByKey, type MetricDef } from './catalog';
import { breaches, effectiveTarget, overBy, type Target, type TargetRow } from './targets';

export interface MetricLine {
  metric: MetricDef;
  value: number;
  target?: Target & { source: 'store' | 'team' | 'default' };
  breached: boolean;
  /** Past the target by this much, in the metric's unit (breached lines only). */
  over?: number;
}

export interface AgentLine {
  agent: string;
  store: string;
  value: number;
  over: number;
}

export interface KpiReport {
  lines: MetricLine[];
  /** Per breached metric, the agents past the target, worst first (store reports only). */
  agents: { metric: MetricDef; worst: AgentLine[] }[];
  /** Daily values of the metrics worth a chart (breached first, at most 3). */
  trend: { metric: MetricDef; points: { day: string; value: number }[] }[];
}

/** The store-level samples of each store and day: its own, else its agents' rolled up (as `metrics` say). */
export function storeDays(samples: readonly Sample[], metrics: readonly MetricDef[] = CATALOG): Sample[] {
  const byCell = new Map<string, Sample[]>();
  for (const s of samples) {
    if (s.hour !== null) continue;
    const k = `${s.store}\u0000${s.day}\u0000${s.metric}`;
    const list = byCell.get(k);
    if (list) list.push(s);
    else byCell.set(k, [s]);
  }
  const out: Sample[] = [];
  for (const list of byCell.values()) {
    const own = list.find((s) => s.agent === null);
    if (own) {
      out.push(own);
      continue;
    }
    const metric = metrics.find((m) => m.key === list[0]!.metric);
    const value = metric ? rollUp(metric, list, samples) : undefined;
    if (value === undefined) continue;
    const base = list.every((s) => s.base !== null) ? list.reduce((n, s) => n + (s.base ?? 0), 0) : null;
    out.push({ ...list[0]!, agent: null, value, base });
  }
  return out;
}

export function buildKpiReport(input: {
  samples: readonly Sample[];
  targets: readonly TargetRow[];
  /** The store the report is about, or null for the whole team. */
  store: string | null;
  metrics?: readonly MetricDef[];
  /** Only the lines, no agents or trend (the digest judges every store, and charts the team's trend). */
  linesOnly?: boolean;
}): KpiReport {
  const metrics = input.metrics ?? CATALOG;
  const scoped = input.store === null ? input.samples : input.samples.filter((s) => s.store === input.store);
  const days = storeDays(scoped, metrics);
  const lines: MetricLine[] = [];
  // Each metric rolls up its own samples: grouped once, not filtered out of all of them per metric.
  const byMetric = new Map<string, Sample[]>();
  for (const s of days) {
    const xs = byMetric.get(s.metric);
    if (xs) xs.push(s);
    else byMetric.set(s.metric, [s]);
  }
  for (const m of metrics) {
    const value = rollUp(m, byMetric.get(m.key) ?? [], days);
    if (value === undefined) continue;
    const target = effectiveTarget(m, input.store, input.targets);
    const breached = target ? breaches(value, target) : false;
    lines.push({
      metric: m,
      value,
      ...(target ? { target } : {}),
      breached,
      ...(breached && target ? { over: overBy(value, target) } : {}),
    });
  }
  const agents: KpiReport['agents'] = [];
  if (input.store !== null && !input.linesOnly) {
    for (const line of lines.filter((l) => l.breached && l.target)) {
      const byAgent = new Map<string, Sample[]>();
      for (const s of scoped)
        if (s.agent && s.metric === line.metric.key && s.hour === null) {
          const xs = byAgent.get(s.agent);
          if (xs) xs.push(s);
          else byAgent.set(s.agent, [s]);
        }
      const worst: AgentLine[] = [];
      for (const [agent, xs] of byAgent) {
        const v = rollUp(line.metric, xs, scoped);
        if (v !== undefined && breaches(v, line.target!))
          worst.push({ agent, store: input.store, value: v, over: overBy(v, line.target!) });
      }
      worst.sort((a, b) => b.over - a.over);
      if (worst.length) agents.push({ metric: line.metric, worst });
    }
  }
  const charted = [...lines.filter((l) => l.breached), ...lines.filter((l) => !l.breached && l.target)].slice(0, 3);
  const trend = (input.linesOnly ? [] : charted).map((l) => {
    const byDay = new Map<string, Sample[]>();
    for (const s of byMetric.get(l.metric.key) ?? []) {
      const xs = byDay.get(s.day);
      if (xs) xs.push(s);
      else byDay.set(s.day, [s]);
    }
    const points = [...byDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, xs]) => ({ day, value: rollUp(l.metric, xs, days)! }));
    return { metric: l.metric, points };
  });
  lines.sort((a, b) => Number(b.breached) - Number(a.breached));
  return { lines, agents, trend };
}
