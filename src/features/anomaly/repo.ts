import { and, asc, eq, sql } from 'drizzle-orm';
import { query, ts, type Db } from '../../db/client';
import { anomalies, anomalyEvents, type AnomalyEventKind } from './schema';

export type Anomaly = typeof anomalies.$inferSelect;
export type AnomalyEvent = typeof anomalyEvents.$inferSelect;

/** Outbox/timer references of one anomaly. Every timer of anomaly 42 starts with "anomaly:42:". */
export const refs = {
  card: (id: number) => `anomaly:${id}:card`,
  step: (id: number, step: number) => `anomaly:${id}:step:${step}`,
  steps: (id: number) => `anomaly:${id}:step:`,
  remind: (id: number, n: number) => `anomaly:${id}:remind:${n}`,
  all: (id: number) => `anomaly:${id}:`,
  buzz: (id: number, step: number, kind: string) => `anomaly:${id}:buzz:${step}:${kind}`,
  /** Guard of buzzes: send only while nobody has claimed or resolved it. */
  buzzGuard: (id: number) => `anomaly:${id}`,
  /** Guard of reminders: send only while claimed and not resolved. */
  remindGuard: (id: number) => `anomalyClaimed:${id}`,
};

export const TIMER_STEP = 'anomaly.step';
export const TIMER_REMIND = 'anomaly.remind';
export const TIMER_OUTCOME = 'anomaly.buzz_outcome';

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
    .values(es.map((e) => ({ anomalyId: e.anomalyId, at: e.at, kind: e.kind, actorOpenId: e.actorOpenId ?? null, openIds: e.openIds ?? [], detail: e.detail ?? {}, source: e.source ?? null })))
    .onConflictDoNothing()
    .returning({ id: anomalyEvents.id });
  return rows.length;
}

export async function hasEventSource(db: Db, source: string): Promise<boolean> {
  const rows = await db.select({ id: anomalyEvents.id }).from(anomalyEvents).where(eq(anomalyEvents.source, source));
  return rows.length > 0;
}

export async function loadEvents(db: Db, anomalyId: number): Promise<AnomalyEvent[]> {
  return db.select().from(anomalyEvents).where(eq(anomalyEvents.anomalyId, anomalyId)).orderBy(asc(anomalyEvents.at), asc(anomalyEvents.id));
}

/**
 * Cancels pending outbox rows carrying `guard`. Rows a dispatcher holds right now are skipped rather
 * than waited for (it may wait for our anomaly lock in the guard check, which then stops them).
 */
export async function cancelGuarded(db: Db, guard: string, reason: string, now: Date): Promise<number> {
  const rows = await query(
    db,
    sql`update outbox set status = 'cancelled', last_error = ${reason}, finished_at = ${ts(now)} where id in (
          select id from outbox where guard = ${guard} and status = 'pending'
          for update skip locked) returning id`,
  );
  return rows.length;
}
