import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../core/deps';
import type { JobDef } from '../core/job-def';
import { minuteSlot, runJobOnce } from './jobs';

/**
 * node-cron fires each job in the team time zone on every replica; runJobOnce lets exactly one of
 * them run it. Jobs see the injected clock, but *when* they fire is wall time (the sandbox's
 * "run now" and clock jumps call runJobOnce directly).
 */
export function startScheduler(
  deps: Deps,
  jobs: readonly JobDef[],
  runner: string,
): { stop(): Promise<void>; inFlight(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      (ctx) => {
        const p = runJobOnce(deps, job, minuteSlot(ctx.date), runner).finally(() => running.delete(p));
        running.add(p);
        return p;
      },
      { timezone: deps.config.timeZone, name: job.name, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.all(tasks.map((t) => t.destroy()));
    },
    async inFlight() {
      await Promise.allSettled([...running]);
    },
  };
}
