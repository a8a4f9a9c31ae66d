import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { anomalies, anomalyEvents } from '../db/schema';
import { summarise } from '../domain/escalation';
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

type StatInput = Pick<Anomaly, 'storeName' | 'kind' | 'reportedAt' | 'claimedAt' | 'resolvedAt'> & { phoneSteps: number };

/** MTTA / MTTR and phone escalations per store and kind, plus a total row (store "*"). Pure. */
export function aggregateStats(rows: StatInput[]): StatsRow[] {
  const groups = new Map<string, StatInput[]>();
  for (const r of rows) {
    const key = `${r.storeName}\u0000${r.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
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
  const out = [...groups.entries()].map(([key, xs]) => {
    const [store, kind] = key.split('\u0000') as [string, string];
    return summary(store, kind, xs);
  });
  out.sort((a, b) => b.count - a.count || a.store.localeCompare(b.store) || a.kind.localeCompare(b.kind));
  return rows.length ? [summary('*', '*', rows), ...out] : [];
}

export async function loadStats(db: Db, teamId: number, since: Date): Promise<StatsRow[]> {
  const rows = await db.select().from(anomalies).where(and(eq(anomalies.teamId, teamId), gte(anomalies.reportedAt, since)));
  if (!rows.length) return [];
  const counts = await db
    .select({ anomalyId: anomalyEvents.anomalyId, n: sql<number>`count(*)::int` })
    .from(anomalyEvents)
    .where(and(inArray(anomalyEvents.anomalyId, rows.map((r) => r.id)), eq(anomalyEvents.kind, 'buzz')))
    .groupBy(anomalyEvents.anomalyId);
  const byId = new Map(counts.map((c) => [Number(c.anomalyId), Number(c.n)]));
  return aggregateStats(rows.map((r) => ({ ...r, phoneSteps: byId.get(r.id) ?? 0 })));
}

export async function openAnomalies(db: Db, teamId: number): Promise<Anomaly[]> {
  return db
    .select()
    .from(anomalies)
    .where(and(eq(anomalies.teamId, teamId), isNull(anomalies.resolvedAt)))
    .orderBy(desc(anomalies.reportedAt))
    .limit(50);
}
