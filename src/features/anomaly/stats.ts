import { and, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { anomalies, anomalyEvents } from './schema';
import { summarise } from '../../escalation/policy';
import type { Anomaly } from './repo';

export interface StatsRow {
  store: string;
  kind: string;
  count: number;
  open: number;
  mtta?: { count: number; meanMs: number; medianMs: number };
  mttr?: { count: number; meanMs: number; medianMs: number };
  /** Phone escalation steps taken (each step phones one or more people). */
  phoneSteps: number;
  /** Anomalies that reached at least one phone step. */
  phoned: number;
}

export type StatInput = Pick<Anomaly, 'storeName' | 'kind' | 'reportedAt' | 'claimedAt' | 'resolvedAt'> & {
  phoneSteps: number;
};

/** MTTA / MTTR and phone escalations per store and kind, plus a total row (store "*"). Pure. */
export function aggregateStats(rows: StatInput[]): StatsRow[] {
  const groups = new Map<string, { store: string; kind: string; xs: StatInput[] }>();
  for (const r of rows) {
    const key = `${r.storeName}\u0000${r.kind}`;
    const group = groups.get(key);
    if (group) group.xs.push(r);
    else groups.set(key, { store: r.storeName, kind: r.kind, xs: [r] });
  }
  const summary = (store: string, kind: string, xs: StatInput[]): StatsRow => {
    const mtta = summarise(xs.filter((x) => x.claimedAt).map((x) => x.claimedAt!.getTime() - x.reportedAt.getTime()));
    const mttr = summarise(xs.filter((x) => x.resolvedAt).map((x) => x.resolvedAt!.getTime() - x.reportedAt.getTime()));
    return {
      store,
      kind,
      count: xs.length,
      open: xs.filter((x) => !x.resolvedAt).length,
      ...(mtta ? { mtta } : {}),
      ...(mttr ? { mttr } : {}),
      phoneSteps: xs.reduce((n, x) => n + x.phoneSteps, 0),
      phoned: xs.filter((x) => x.phoneSteps > 0).length,
    };
  };
  const out = [...groups.values()].map((g) => summary(g.store, g.kind, g.xs));
  out.sort((a, b) => b.count - a.count || a.store.localeCompare(b.store) || a.kind.localeCompare(b.kind));
  return rows.length ? [summary('*', '*', rows), ...out] : [];
}

/** Each anomaly reported in [since, until) with its phone steps counted, for aggregateStats. */
export async function loadStatInputs(db: Db, teamId: number, since: Date, until?: Date): Promise<StatInput[]> {
  // One row per anomaly with its buzz events counted (grouped by the primary key, so its columns may be selected).
  return db
    .select({
      storeName: anomalies.storeName,
      kind: anomalies.kind,
      reportedAt: anomalies.reportedAt,
      claimedAt: anomalies.claimedAt,
      resolvedAt: anomalies.resolvedAt,
      phoneSteps: sql<number>`count(${anomalyEvents.id})::int`.mapWith(Number),
    })
    .from(anomalies)
    .leftJoin(anomalyEvents, and(eq(anomalyEvents.anomalyId, anomalies.id), eq(anomalyEvents.kind, 'buzz')))
    .where(
      and(
        eq(anomalies.teamId, teamId),
        gte(anomalies.reportedAt, since),
        until ? lt(anomalies.reportedAt, until) : undefined,
      ),
    )
    .groupBy(anomalies.id);
}

export async function loadStats(db: Db, teamId: number, since: Date): Promise<StatsRow[]> {
  return aggregateStats(await loadStatInputs(db, teamId, since));
}

/** The stats per store ("kind" *) or per kind ("store" *), without the total row. Pure. */
export function statsBy(rows: StatInput[], by: 'store' | 'kind'): StatsRow[] {
  const keyed = rows.map((r) => (by === 'store' ? { ...r, kind: '*' } : { ...r, storeName: '*' }));
  return aggregateStats(keyed).slice(1);
}

export async function openAnomalies(db: Db, teamId: number): Promise<Anomaly[]> {
  return db
    .select()
    .from(anomalies)
    .where(and(eq(anomalies.teamId, teamId), isNull(anomalies.resolvedAt)))
    .orderBy(desc(anomalies.reportedAt))
    .limit(50);
}
