import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { anomalies, anomalyEvents, type AnomalyEventKind } from './schema';

export type Anomaly = typeof anomalies.$inferSelect;
export type AnomalyEvent = typeof anomalyEvents.$inferSelect;

/**
 * The outbox ref of anomaly 42's card: "anomaly:42:card". Its escalation's timers, buzzes and
 * guards are named by the engine (src/escalation/refs.ts) under the subject key "anomaly".
 */
export const refs = {
  card: (id: number) => `anomaly:${id}:card`,
};

/** The subject key the anomaly escalates under (and the prefix of all its names). */
export const SUBJECT = 'anomaly';

/** The anomaly row, locked until the transaction ends: claims, resolves and steps take turns on it. */
export async function lockAnomaly(tx: Db, id: number, teamId?: number): Promise<Anomaly | undefined> {
  const where = teamId === undefined ? eq(anomalies.id, id) : and(eq(anomalies.id, id), eq(anomalies.teamId, teamId));
  const [row] = await tx.select().from(anomalies).where(where).for('update');
  return row;
}

export interface NewEvent {
  anomalyId: number;
  at: Date;
  kind: AnomalyEventKind;
  actorOpenId?: string | null;
  openIds?: string[];
  detail?: Record<string, unknown>;
  /** A key that makes the event happen once (a replayed message, a re-run step adds nothing). */
  source?: string;
}

export async function addEvent(db: Db, e: NewEvent): Promise<boolean> {
  return (await addEvents(db, [e])) > 0;
}

/** Several events in one insert, in order; returns how many were new. */
export async function addEvents(db: Db, es: NewEvent[]): Promise<number> {
  if (!es.length) return 0;
  const rows = await db
    .insert(anomalyEvents)
    .values(
      es.map((e) => ({
        anomalyId: e.anomalyId,
        at: e.at,
        kind: e.kind,
        actorOpenId: e.actorOpenId ?? null,
        openIds: e.openIds ?? [],
        detail: e.detail ?? {},
        source: e.source ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: anomalyEvents.id });
  return rows.length;
}

export async function hasEventSource(db: Db, source: string): Promise<boolean> {
  const rows = await db.select({ id: anomalyEvents.id }).from(anomalyEvents).where(eq(anomalyEvents.source, source));
  return rows.length > 0;
}

export async function loadEvents(db: Db, anomalyId: number): Promise<AnomalyEvent[]> {
  return db
    .select()
    .from(anomalyEvents)
    .where(eq(anomalyEvents.anomalyId, anomalyId))
    .orderBy(asc(anomalyEvents.at), asc(anomalyEvents.id));
}
