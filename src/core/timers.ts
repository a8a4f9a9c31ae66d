import { and, eq, like, isNull, sql } from 'drizzle-orm';
import { timers } from '../db/schema';
import { query, ts, type Db } from '../db/client';
import type { Deps } from './deps';

export interface TimerRow {
  id: number;
  teamId: number | null;
  kind: string;
  ref: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Runs one due timer. It gets deps whose `db` is the transaction that holds the timer's row lock:
 * whatever it writes (state changes, outbox rows) commits together with the timer being marked
 * done — so a step happens exactly once, even when replicas race or a process dies mid-way.
 */
export type TimerHandler = (deps: Deps, timer: TimerRow) => Promise<void>;

export async function scheduleTimer(
  db: Db,
  t: { teamId: number | null; kind: string; ref: string; dueAt: Date; payload?: Record<string, unknown> },
  now: Date,
): Promise<boolean> {
  const rows = await db
    .insert(timers)
    .values({ teamId: t.teamId, kind: t.kind, ref: t.ref, dueAt: t.dueAt, payload: t.payload ?? {}, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: timers.id });
  return rows.length > 0;
}

/** Cancels pending timers whose ref starts with `refPrefix` (e.g. every step of one anomaly). */
export async function cancelTimers(db: Db, kind: string, refPrefix: string, now: Date): Promise<number> {
  const rows = await db
    .update(timers)
    .set({ cancelledAt: now })
    .where(and(eq(timers.kind, kind), like(timers.ref, `${refPrefix.replace(/[\\%_]/g, (c) => '\\' + c)}%`), isNull(timers.doneAt), isNull(timers.cancelledAt)))
    .returning({ id: timers.id });
  return rows.length;
}

/** The earliest pending due time, so a loop can sleep exactly until then. */
export async function nextTimerDue(db: Db): Promise<Date | undefined> {
  const [row] = await query<{ due: string | Date | null }>(
    db,
    sql`select min(due_at) as due from timers where done_at is null and cancelled_at is null`,
  );
  return row?.due ? new Date(row.due) : undefined;
}

const RETRY_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000];

/**
 * Claims up to `limit` due timers (FOR UPDATE SKIP LOCKED, so replicas split the work) and runs
 * each in its own savepoint: one failing handler is retried later without holding up the rest.
 */
export async function runDueTimers(deps: Deps, handlers: Record<string, TimerHandler>, limit = 25): Promise<number> {
  const now = deps.clock.now();
  let ran = 0;
  await deps.db.transaction(async (tx) => {
    const due = await query<{
      id: string | number;
      team_id: string | number | null;
      kind: string;
      ref: string;
      due_at: string | Date;
      payload: unknown;
      attempts: number;
    }>(
      tx,
      sql`select id, team_id, kind, ref, due_at, payload, attempts from timers
          where due_at <= ${ts(now)} and done_at is null and cancelled_at is null
          order by due_at limit ${limit} for update skip locked`,
    );
    for (const r of due) {
      const timer: TimerRow = {
        id: Number(r.id),
        teamId: r.team_id === null ? null : Number(r.team_id),
        kind: r.kind,
        ref: r.ref,
        dueAt: new Date(r.due_at),
        payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
        attempts: r.attempts,
      };
      const handler = handlers[timer.kind];
      try {
        await tx.transaction(async (sp) => {
          if (!handler) throw new Error(`no handler for timer kind "${timer.kind}"`);
          await handler({ ...deps, db: sp }, timer);
          await sp.update(timers).set({ doneAt: deps.clock.now(), attempts: timer.attempts + 1 }).where(eq(timers.id, timer.id));
        });
        ran++;
      } catch (err) {
        const backoff = RETRY_BACKOFF_MS[Math.min(timer.attempts, RETRY_BACKOFF_MS.length - 1)]!;
        deps.log.error('timer failed', { kind: timer.kind, ref: timer.ref, attempts: timer.attempts + 1, error: err instanceof Error ? err.message : String(err) });
        await tx
          .update(timers)
          .set({ attempts: timer.attempts + 1, lastError: String(err).slice(0, 500), dueAt: new Date(now.getTime() + backoff) })
          .where(eq(timers.id, timer.id));
      }
    }
  });
  if (ran > 0) deps.wake();
  return ran;
}
