/**
 * The anomaly escalation policy and its steps, as pure functions (no clock, no I/O).
 *
 *   step 1   at T + firstDelay        phone the on-duty primary
 *   step 2   + interval               the backup and the primary
 *   step 3…  + interval each          every supervisor, `supervisorRounds` times
 *   last     + interval               nobody answered: "unreached", the group is told
 *
 * A step whose people are nobody (no one on duty, or no one the bot can buzz) does not wait out
 * its delay: the plan goes straight on to the next step's people.
 */
export interface Policy {
  firstDelayMs: number;
  intervalMs: number;
  supervisorRounds: number;
  /** A claim not resolved after this reminds the claimer; after twice this, the supervisors. */
  claimReminderMs: number;
}

export const DEFAULT_POLICY: Policy = {
  firstDelayMs: 5 * 60_000,
  intervalMs: 5 * 60_000,
  supervisorRounds: 3,
  claimReminderMs: 30 * 60_000,
};

/** Limits on what `/policy` accepts: short enough for drills, bounded so nothing waits for days. */
export const POLICY_LIMITS = {
  minDelayMs: 10_000,
  maxDelayMs: 24 * 3_600_000,
  minRounds: 1,
  maxRounds: 10,
} as const;

export type StepKind = 'primary' | 'backup' | 'supervisors' | 'unreached';

export interface StepPeople {
  primary?: string;
  backup?: string;
  supervisors: string[];
}

export interface StepInfo {
  step: number;
  kind: StepKind;
  /** 1-based round for supervisor steps. */
  round?: number;
}

export interface SkippedStep extends StepInfo {
  /** nobody: no one holds the role now; unreachable: they do, but the bot cannot buzz them. */
  reason: 'nobody' | 'unreachable';
  openIds: string[];
}

export interface StepPlan {
  /** Who to buzz now (phone + in-app), if anyone. */
  buzz?: StepInfo & { openIds: string[] };
  skipped: SkippedStep[];
  /** Every step is used up and nobody could be reached or nobody answered. */
  unreached: boolean;
  /** The step to run next and how long after now. */
  next?: { step: number; delayMs: number };
}

export const lastBuzzStep = (p: Policy): number => 2 + p.supervisorRounds;

export function stepInfo(p: Policy, step: number): StepInfo {
  if (step <= 1) return { step, kind: 'primary' };
  if (step === 2) return { step, kind: 'backup' };
  if (step <= lastBuzzStep(p)) return { step, kind: 'supervisors', round: step - 2 };
  return { step, kind: 'unreached' };
}

/** The delay between the report (step 0) or the previous step and `step`. */
export const delayBefore = (p: Policy, step: number): number => (step <= 1 ? p.firstDelayMs : p.intervalMs);

function targets(kind: StepKind, people: StepPeople): string[] {
  const list =
    kind === 'primary' ? [people.primary] : kind === 'backup' ? [people.backup, people.primary] : kind === 'supervisors' ? people.supervisors : [];
  return [...new Set(list.filter((x): x is string => Boolean(x)))];
}

/** What to do when `step` is due, given who holds each role right now. */
export function planStep(p: Policy, step: number, people: StepPeople, canBuzz: (openId: string) => boolean): StepPlan {
  const skipped: SkippedStep[] = [];
  for (let s = Math.max(1, step); s <= lastBuzzStep(p); s++) {
    const info = stepInfo(p, s);
    const all = targets(info.kind, people);
    const reachable = all.filter(canBuzz);
    if (reachable.length) {
      return { buzz: { ...info, openIds: reachable }, skipped, unreached: false, next: { step: s + 1, delayMs: p.intervalMs } };
    }
    skipped.push({ ...info, reason: all.length ? 'unreachable' : 'nobody', openIds: all });
  }
  return { skipped, unreached: true };
}

/** When each step would be due if nobody claims and nobody is skipped (for `/policy` and the card). */
export function schedule(p: Policy, reportedAt: Date): { step: StepInfo; at: Date }[] {
  const out: { step: StepInfo; at: Date }[] = [];
  let t = reportedAt.getTime();
  for (let s = 1; s <= lastBuzzStep(p) + 1; s++) {
    t += delayBefore(p, s);
    out.push({ step: stepInfo(p, s), at: new Date(t) });
  }
  return out;
}

/** Mean and median of durations (ms), for MTTA / MTTR; undefined when there are none. */
export function summarise(durations: number[]): { count: number; meanMs: number; medianMs: number } | undefined {
  if (!durations.length) return undefined;
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: sorted.length, meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length, medianMs };
}
