/**
 * Starting and stopping an escalation: called by the subject's own report, claim and resolve,
 * inside the transaction that holds the subject's row lock, so that they commit with it.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { cancelTimers, scheduleTimer } from '../core/timers';
import { timers } from '../db/schema';
import type { Db } from '../db/client';
import { cancelGuarded } from './outbox-ops';
import { delayBefore, type EscalationPolicy } from './policy';
import { refs, TIMER } from './refs';

/**
 * Schedules step 1; returns when it is due (the subject shows it as its next step). `cycle` > 0
 * escalates again a subject whose earlier escalation ended (its state must say the same cycle).
 */
export async function startEscalation(
  tx: Db,
  key: string,
  row: { id: number; teamId: number },
  policy: EscalationPolicy,
  startedAt: Date,
  cycle = 0,
): Promise<Date> {
  const dueAt = new Date(startedAt.getTime() + delayBefore(policy, 1));
  await scheduleTimer(
    tx,
    {
      teamId: row.teamId,
      kind: TIMER.step,
      ref: refs.step(key, row.id, 1, cycle),
      dueAt,
      payload: { subject: key, id: row.id, step: 1, ...(cycle ? { cycle } : {}) },
    },
    startedAt,
  );
  return dueAt;
}

/**
 * A claim stops everything at once: the pending steps and every buzz not yet sent are cancelled,
 * and the "claimed but not resolved" reminder is scheduled. A step that races it waits for the
 * row lock and then sees the claim; a buzz being sent holds the guard's share lock, so the claim
 * waits for it — or goes first, and the guard cancels the buzz. No buzz is sent after this commits.
 */
export async function stopForClaim(
  tx: Db,
  key: string,
  row: { id: number; teamId: number; policy: EscalationPolicy; cycle?: number },
  now: Date,
): Promise<void> {
  const cycle = row.cycle ?? 0;
  await cancelTimers(tx, refs.steps(key, row.id, cycle), now);
  await cancelGuarded(tx, refs.buzzGuard(key, row.id), 'claimed', now);
  await scheduleTimer(
    tx,
    {
      teamId: row.teamId,
      kind: TIMER.remind,
      ref: refs.remind(key, row.id, 1, cycle),
      dueAt: new Date(now.getTime() + row.policy.claimReminderMs),
      payload: { subject: key, id: row.id, n: 1, ...(cycle ? { cycle } : {}) },
    },
    now,
  );
}

/** Resolving ends it: no step, reminder, buzz or reminder message is left to go out. */
export async function stopForResolve(tx: Db, key: string, id: number, now: Date): Promise<void> {
  await cancelTimers(tx, refs.all(key, id), now);
  await cancelTimers(tx, refs.laterCycles(key, id), now);
  await cancelGuarded(tx, refs.buzzGuard(key, id), 'resolved', now);
  await cancelGuarded(tx, refs.remindGuard(key, id), 'resolved', now);
}

/**
 * Makes step `step` due now (the people of the step before could not be reached). By ref, whatever
 * its kind: a step scheduled before the engine existed carries the anomaly feature's old kind.
 * A step a replica is running right now is skipped (it re-checks the row it acts on).
 */
export async function advanceStep(
  db: Db,
  key: string,
  id: number,
  step: number,
  now: Date,
  cycle = 0,
): Promise<boolean> {
  const pending = db
    .select({ id: timers.id })
    .from(timers)
    .where(and(eq(timers.ref, refs.step(key, id, step, cycle)), isNull(timers.doneAt), isNull(timers.cancelledAt)))
    .for('update', { skipLocked: true });
  const rows = await db
    .update(timers)
    .set({ dueAt: now })
    .where(inArray(timers.id, pending))
    .returning({ id: timers.id });
  return rows.length > 0;
}
