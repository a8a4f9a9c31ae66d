import { and, eq, inArray, isNull, like, sql } from 'drizzle-orm';
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
export type TimerHandler = ((deps: Deps, timer: TimerRow) => Promise<void>) & {
  /**
   * May run up to this long before its due time (runDueTimers' `lead`, the Node work loop's): it
   * then runs with a clock that reads the due time until real time catches up, so that everything
   * it writes — the outbox rows it enqueues above all, due at `now` — takes effect at the due time,
   * not earlier. For steps whose work must be ready the moment they fall due (an escalation's phone
   * call), and whose effects are guarded at the moment they happen (the outbox re-checks a buzz's
   * guard under lock right before the call).
   */
  leadMs?: number;
};

/** A handler that may run up to `leadMs` before its due time (see TimerHandler.leadMs). */
export const withLead = (leadMs: number, handler: (deps: Deps, timer: TimerRow) => Promise<void>): TimerHandler =>
  Object.assign(handler, { leadMs });

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

/** `s` taken literally in a LIKE pattern. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * Cancels pending timers whose ref starts with `refPrefix` (e.g. every step of one anomaly), of
 * `kind` when given. Rows a replica holds right now are skipped rather than waited for: that
 * replica is running the timer (its handler must re-check the state it acts on), and waiting
 * could deadlock when the caller holds a lock the handler wants — a claim holding the anomaly.
 */
export async function cancelTimers(db: Db, refPrefix: string, now: Date, kind?: string): Promise<number> {
  const pending = db
    .select({ id: timers.id })
    .from(timers)
    .where(
      and(
        kind === undefined ? undefined : eq(timers.kind, kind),
        like(timers.ref, `${escapeLike(refPrefix)}%`),
        isNull(timers.doneAt),
        isNull(timers.cancelledAt),
      ),
    )
    .for('update', { skipLocked: true });
  const rows = await db
    .update(timers)
    .set({ cancelledAt: now })
    .where(inArray(timers.id, pending))
    .returning({ id: timers.id });
  return rows.length;
}

/**
 * Makes the pending timer `kind`/`ref` due at `now` (e.g. the next escalation step at once).
 * False when there is none — or a replica is running it right now (skipped, as in cancelTimers).
 */
export async function advanceTimer(db: Db, kind: string, ref: string, now: Date): Promise<boolean> {
  const pending = db
    .select({ id: timers.id })
    .from(timers)
    .where(and(eq(timers.kind, kind), eq(timers.ref, ref), isNull(timers.doneAt), isNull(timers.cancelledAt)))
    .for('update', { skipLocked: true });
  const rows = await db
    .update(timers)
    .set({ dueAt: now })
    .where(inArray(timers.id, pending))
    .returning({ id: timers.id });
  return rows.length > 0;
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
 * `lead`: also claims timers whose handler has a leadMs that much ahead of their due time.
 */
export async function runDueTimers(
  deps: Deps,
  handlers: Record<string, TimerHandler>,
  limit = 25,
  opts: { lead?: boolean } = {},
): Promise<number> {
  const now = deps.clock.now();
  const ahead = opts.lead
    ? Object.entries(handlers).flatMap(([kind, h]) =>
        h.leadMs && h.leadMs > 0
          ? [sql` or (kind = ${kind} and due_at <= ${ts(new Date(now.getTime() + h.leadMs))})`]
          : [],
      )
    : [];
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
          where (due_at <= ${ts(now)}${sql.join(ahead, sql``)}) and done_at is null and cancelled_at is null
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
          // Run ahead of its due time (opts.lead), it sees the due time until real time passes it.
          const clock =
            timer.dueAt.getTime() > now.getTime()
              ? { now: () => new Date(Math.max(deps.clock.now().getTime(), timer.dueAt.getTime())) }
              : deps.clock;
          await handler({ ...deps, db: sp, clock }, timer);
          await sp
            .update(timers)
            .set({ doneAt: deps.clock.now(), attempts: timer.attempts + 1 })
            .where(eq(timers.id, timer.id));
        });
        ran++;
      } catch (err) {
        const backoff = RETRY_BACKOFF_MS[Math.min(timer.attempts, RETRY_BACKOFF_MS.length - 1)]!;
        deps.log.error('timer failed', {
          kind: timer.kind,
          ref: timer.ref,
          attempts: timer.attempts + 1,
          error: err instanceof Error ? err.message : String(err),
        });
        await tx
          .update(timers)
          .set({
            attempts: timer.attempts + 1,
            lastError: String(err).slice(0, 500),
            dueAt: new Date(now.getTime() + backoff),
          })
          .where(eq(timers.id, timer.id));
      }
    }
  });
  if (ran > 0) deps.wake();
  return ran;
}

/**
 * Deletes timers of `kinds` done (or cancelled) before `before`; how many. Only for kinds whose
 * refs are never scheduled again (a data signal's names its window): a deleted ref could be.
 */
export async function pruneDoneTimers(db: Db, kinds: readonly string[], before: Date): Promise<number> {
  const rows = await db
    .delete(timers)
    .where(
      and(inArray(timers.kind, [...kinds]), sql`coalesce(${timers.doneAt}, ${timers.cancelledAt}) < ${ts(before)}`),
    )
    .returning({ id: timers.id });
  return rows.length;
}
