/**
 * What the Workers entry does with an invocation's time: the minute cron tick, and the drain after
 * an event. It lives here, not in worker.ts, so that tests run the very tick the Worker runs on a
 * test database (worker.ts itself wants Postgres and the Workers runtime).
 */
import type { Deps } from '../core/deps';
import { nextTimerDue } from '../core/timers';
import { dueJobs } from './cron-match';
import { minuteSlot, runJobOnce } from './jobs';
import { RESUME_BATCH, resumeUnfinished, workOnce } from './work-loop';

/** The work after an event may keep going this long (Workers allow 30 s of waitUntil after the answer). */
export const EVENT_DRAIN_MS = 20_000;
/** A cron tick keeps going until shortly before the next one takes over. */
export const TICK_DRAIN_MS = 50_000;
/**
 * A tick claims new batches of unfinished events for this long after it starts. A cron that runs
 * more often than hourly gets 30 s of CPU per invocation (Cloudflare's Workers limits), and running
 * events is the tick's CPU-heavy part; stopping at 20 s of wall time (CPU time cannot exceed it)
 * leaves 10 s for the jobs, the last batch and the drain's sends. A batch already claimed is
 * finished, not cut off; what is not claimed yet waits, leased to nobody, for the next tick.
 */
export const TICK_RESUME_BUDGET_MS = 20_000;
/** Never poll faster than the Node work loop does. */
const MIN_NAP_MS = 250;

/** The wall clock the budgets are measured on (the tests step it; deps.clock may be a ManualClock). */
export type WallClock = () => number;

/**
 * Passes over due timers and the outbox, and while something more falls due before `untilMs` (a
 * row waiting for its group's next rate slot, an escalation step), sleeps until then and passes
 * again. Without this a second reply to one group would wait for the next minute's cron. Rows and
 * timers are claimed, so overlapping drains (events, ticks) split the work rather than double it.
 */
export async function drain(deps: Deps, untilMs: number, wallNow: WallClock = Date.now): Promise<void> {
  for (;;) {
    const pass = await workOnce(deps, 'worker', { nextDue: true });
    const now = wallNow();
    if (now >= untilMs) return;
    if (pass.timers > 0 || pass.sent > 0) continue;
    // A timer already due that this pass could not take is locked by another drain, which runs it.
    const timer = (await nextTimerDue(deps.db))?.getTime();
    const next = Math.min(pass.nextDueAt?.getTime() ?? Infinity, timer !== undefined && timer > now ? timer : Infinity);
    if (next === Infinity || next > untilMs) return;
    await new Promise((resolve) => setTimeout(resolve, Math.max(next - now, MIN_NAP_MS)));
  }
}

/**
 * Resumes unfinished events batch after batch while a full batch came back (more may be waiting)
 * and `untilMs` has not passed: a flood's backlog clears in a few ticks, not 20 events a minute.
 * The first batch always runs. Each batch's claim leases its events for INBOX_LEASE_MS (60 s) and
 * the batch is awaited whole, so an invocation cut off mid-batch leaves those events to a later
 * tick once their lease ends, and no tick takes them while the lease holds. (Only a batch still
 * running a minute after its claim could meet its events again; a replay is safe, see
 * core/processed-marks.ts.)
 */
export async function resumeBacklog(
  deps: Deps,
  untilMs: number,
  wallNow: WallClock = Date.now,
): Promise<{ ran: number; batches: number }> {
  let ran = 0;
  let batches = 0;
  for (;;) {
    const n = await resumeUnfinished(deps);
    ran += n;
    batches++;
    if (n < RESUME_BATCH || wallNow() >= untilMs) return { ran, batches };
  }
}

/**
 * One cron tick: the jobs due at `scheduledTime` (in the team time zone), then the inbox's backlog
 * for up to TICK_RESUME_BUDGET_MS, then timers and the outbox until TICK_DRAIN_MS after the
 * scheduled time.
 */
export async function runScheduledTick(deps: Deps, scheduledTime: number, wallNow: WallClock = Date.now) {
  const startedAt = wallNow();
  const at = new Date(scheduledTime);
  for (const job of dueJobs(deps.app.jobs, at, deps.config.timeZone))
    await runJobOnce(deps, job, minuteSlot(at), 'worker');
  const resumed = await resumeBacklog(deps, startedAt + TICK_RESUME_BUDGET_MS, wallNow);
  if (resumed.batches > 1) deps.log.info('inbox backlog resumed', resumed);
  await drain(deps, scheduledTime + TICK_DRAIN_MS, wallNow);
  return { resumed };
}
