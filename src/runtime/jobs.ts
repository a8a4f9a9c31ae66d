import { eq, and, lt } from 'drizzle-orm';
import { jobRuns } from '../db/schema';
import type { Deps } from '../core/deps';
import type { JobDef } from '../core/job-def';

/**
 * Runs a job once per slot across all replicas: whoever inserts (job, slot) first runs it, the
 * others see the conflict and skip. The slot is the scheduled minute, so a late replica whose
 * cron fires a second after another's does not run the same job again.
 */
export interface JobResult {
  result: 'ran' | 'skipped' | 'failed';
  /** What the job said it did ("pruned 12"), or "error: …" — as stored in job_runs. */
  outcome?: string;
}

export async function runJobOnce(deps: Deps, job: JobDef, slot: string, runner: string): Promise<JobResult> {
  const claimed = await deps.db
    .insert(jobRuns)
    .values({ job: job.name, slot, runner, startedAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning();
  if (claimed.length === 0) return { result: 'skipped' };
  const started = performance.now();
  let outcome = 'ok';
  let result: 'ran' | 'failed' = 'ran';
  try {
    outcome = (await job.run(deps)) || 'ok';
  } catch (err) {
    result = 'failed';
    outcome = `error: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500);
    deps.log.error('job failed', { job: job.name, slot, error: err instanceof Error ? err.stack : String(err) });
  }
  await deps.db
    .update(jobRuns)
    .set({ finishedAt: deps.clock.now(), outcome })
    .where(and(eq(jobRuns.job, job.name), eq(jobRuns.slot, slot)));
  deps.log.info('job', { job: job.name, slot, outcome, ms: Math.round(performance.now() - started) });
  return { result, outcome };
}

/** Forgets job runs started before `before` (their slots are long past, so no replica can claim one again). */
export async function pruneJobRuns(deps: Pick<Deps, 'db'>, before: Date): Promise<number> {
  return (await deps.db.delete(jobRuns).where(lt(jobRuns.startedAt, before)).returning({ job: jobRuns.job })).length;
}

/** The slot of a scheduled run: its minute, in UTC ISO form. */
export const minuteSlot = (d: Date): string => new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString();
