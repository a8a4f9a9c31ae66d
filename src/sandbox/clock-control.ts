/**
 * Moving the bot's clock from the console. Timers are rows with a due time, so waking the work loop
 * is enough for them; scheduled jobs fire on wall time (node-cron), so every schedule that fell
 * inside the skipped interval is run here (matched by src/runtime/cron-match.ts, as on Workers)
 * with the slot it would have had, so a later real cron fire of that minute is a no-op.
 */
import { DateTime } from 'luxon';
import { ManualClock } from '../clock';
import type { Deps } from '../core/deps';
import type { JobDef } from '../core/job-def';
import { cronMatches, parseCron } from '../runtime/cron-match';
import { minuteSlot, runJobOnce, type JobResult } from '../runtime/jobs';

const MINUTE = 60_000;
/** Catch-up runs per job and jump: a daily job skipped over a week runs for its last 3 days. */
export const CATCH_UP_PER_JOB = 3;
/** The furthest one move may go (keeps the catch-up scan bounded). */
export const MAX_MOVE_MS = 14 * 24 * 60 * MINUTE;
export const RUNNER = 'sandbox-console';

/** Minutes in (from, to] at which `schedule` fires in `timeZone`, oldest first, at most the last `limit`. */
export function firesBetween(
  schedule: string,
  from: Date,
  to: Date,
  timeZone: string,
  limit = CATCH_UP_PER_JOB,
): Date[] {
  const cron = parseCron(schedule);
  const found: Date[] = [];
  const first = Math.floor(from.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let t = Math.floor(to.getTime() / MINUTE) * MINUTE; t >= first && found.length < limit; t -= MINUTE) {
    if (cronMatches(cron, new Date(t), timeZone)) found.push(new Date(t));
  }
  return found.reverse();
}

/** The next `HH:MM` on the following day in the team's time zone. */
export function tomorrowAt(now: Date, hhmm: string, timeZone: string): Date {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromJSDate(now, { zone: timeZone })
    .plus({ days: 1 })
    .set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 })
    .toJSDate();
}

export interface JobRun extends JobResult {
  job: string;
  slot: string;
}

/** A clock move the console cannot make; the message is for the person at the console. */
export class ClockNotMovable extends Error {}

/** Moves the clock to `target(now)` (forward only), wakes the work loop, and runs the jobs that came due. */
export async function moveClock(
  deps: Deps,
  jobs: readonly JobDef[],
  target: (now: Date) => Date,
  /**
   * Runs before the clock moves, with the time it moves to: the demo data of the new day must be
   * stored before the work loop sees the timers that came due (the 08:30 inspection reads it).
   */
  beforeMove?: (to: Date) => Promise<void>,
): Promise<{ from: Date; to: Date; jobs: JobRun[] }> {
  const clock = deps.clock;
  if (!(clock instanceof ManualClock)) throw new ClockNotMovable('机器人在用真实时间，时钟不能拨动');
  const from = clock.now();
  const to = target(from);
  if (to.getTime() - from.getTime() > MAX_MOVE_MS) throw new ClockNotMovable('一次最多拨 14 天');
  await beforeMove?.(to);
  clock.set(to);
  deps.wake();
  const runs: JobRun[] = [];
  for (const job of jobs) {
    for (const at of firesBetween(job.schedule, from, clock.now(), deps.config.timeZone)) {
      const slot = minuteSlot(at);
      runs.push({ job: job.name, slot, ...(await runJobOnce(deps, job, slot, RUNNER)) });
    }
  }
  if (runs.length) deps.wake();
  return { from, to: clock.now(), jobs: runs };
}

/** "Run now" from the console: a slot of its own, so it never takes a scheduled run's place. */
export async function runJobNow(deps: Deps, job: JobDef): Promise<JobRun> {
  const slot = `manual:${deps.clock.now().toISOString()}`;
  const run = await runJobOnce(deps, job, slot, RUNNER);
  deps.wake();
  return { job: job.name, slot, ...run };
}
