/**
 * Escalation policies and their steps, as pure functions of data (no clock, no I/O): any subject
 * (a store anomaly, later an incident or an SLA breach) escalates by one of these.
 *
 * A policy is a list of steps. Each step waits its delay (after the start, or after the step
 * before), then buzzes its targets on its channels; a step with `rounds` > 1 repeats, `intervalMs`
 * apart. When every round is used up and still nobody claimed it, `unreachedAfterMs` later the
 * subject is "unreached" and the group is told. Steps are numbered flat, round by round (1-based):
 * the number is what the timers, the subject's `step` column and the timeline store.
 *
 * A step whose people are nobody (no one holds the role now, or no one the bot can buzz) does not
 * wait out its delay: the plan goes straight on to the next step's people.
 *
 * The store-anomaly ladder (`ladderPolicy()` with its defaults, DEFAULT_POLICY):
 *
 *   step 1   at T + 5 min        phone the on-duty primary
 *   step 2   + 5 min             the backup and the primary
 *   step 3…5 + 5 min each        every supervisor, 3 rounds
 *   then     + 5 min             nobody answered: "unreached", the group is told
 *   claimed but unresolved after 30 min: the claimer is reminded; 30 min later, the supervisors.
 */
import { z } from 'zod';

export type Channel = 'app' | 'sms' | 'phone';

/** Whom a step calls, resolved at the moment the step runs (who is on duty then, who holds a role then). */
export type Target =
  | { who: 'primary' }
  | { who: 'backup' }
  | { who: 'supervisors' }
  | { who: 'role'; role: string }
  | { who: 'people'; openIds: string[] };

export interface PolicyStep {
  /** The wait before its first round: after the start for the first step, else after the step before. */
  delayMs: number;
  targets: Target[];
  /** How the people are buzzed; one urgent per channel, the loudest first. */
  channels: Channel[];
  /** How many times the step runs (default 1), `intervalMs` apart. */
  rounds?: number;
  intervalMs?: number;
}

export interface EscalationPolicy {
  steps: PolicyStep[];
  /** After the last round, how long until nobody claiming it makes it "unreached". */
  unreachedAfterMs: number;
  /** A claim not resolved after this reminds the claimer; as long again later, the supervisors. */
  claimReminderMs: number;
}

/** Limits on what `/policy` accepts: short enough for drills, bounded so nothing waits for days. */
export const POLICY_LIMITS = {
  minDelayMs: 10_000,
  maxDelayMs: 24 * 3_600_000,
  minRounds: 1,
  maxRounds: 10,
} as const;

const delayMs = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3_600_000);
const targetSchema = z.discriminatedUnion('who', [
  z.object({ who: z.literal('primary') }),
  z.object({ who: z.literal('backup') }),
  z.object({ who: z.literal('supervisors') }),
  z.object({ who: z.literal('role'), role: z.string().min(1) }),
  z.object({ who: z.literal('people'), openIds: z.array(z.string().min(1)).min(1) }),
]);

/** What a stored policy must look like (the jsonb is written by us, but read back defensively). */
export const policySchema = z.object({
  steps: z
    .array(
      z.object({
        delayMs,
        targets: z.array(targetSchema).min(1),
        channels: z.array(z.enum(['app', 'sms', 'phone'])).min(1),
        rounds: z.number().int().min(1).max(POLICY_LIMITS.maxRounds).optional(),
        intervalMs: delayMs.optional(),
      }),
    )
    .min(1),
  unreachedAfterMs: delayMs,
  claimReminderMs: delayMs.min(POLICY_LIMITS.minDelayMs),
}) satisfies z.ZodType<EscalationPolicy>;

/** The shape anomalies snapshotted before policies had steps (kept on rows still open). */
export interface LadderTiming {
  firstDelayMs: number;
  intervalMs: number;
  supervisorRounds: number;
  claimReminderMs: number;
}

export const DEFAULT_TIMING: LadderTiming = {
  firstDelayMs: 5 * 60_000,
  intervalMs: 5 * 60_000,
  supervisorRounds: 3,
  claimReminderMs: 30 * 60_000,
};

/** Phone (with the in-app buzz alongside): what every step of the ladder uses. */
const LOUD: Channel[] = ['phone', 'app'];

/** The on-duty ladder: primary, then backup and primary, then every supervisor `supervisorRounds` times. */
export function ladderPolicy(timing: Partial<LadderTiming> = {}): EscalationPolicy {
  const x = { ...DEFAULT_TIMING, ...timing };
  return {
    steps: [
      { delayMs: x.firstDelayMs, targets: [{ who: 'primary' }], channels: LOUD },
      { delayMs: x.intervalMs, targets: [{ who: 'backup' }, { who: 'primary' }], channels: LOUD },
      {
        delayMs: x.intervalMs,
        targets: [{ who: 'supervisors' }],
        channels: LOUD,
        rounds: x.supervisorRounds,
        intervalMs: x.intervalMs,
      },
    ],
    unreachedAfterMs: x.intervalMs,
    claimReminderMs: x.claimReminderMs,
  };
}

/** The store-anomaly policy when a team never changed it. */
export const DEFAULT_POLICY: EscalationPolicy = ladderPolicy();

/**
 * A stored policy as a policy: the current shape, or the ladder timing open anomalies snapshotted
 * before policies had steps; anything else is `fallback`.
 */
export function policyFrom(stored: unknown, fallback: EscalationPolicy): EscalationPolicy {
  const parsed = policySchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const legacy = z
    .object({
      firstDelayMs: delayMs,
      intervalMs: delayMs,
      supervisorRounds: z.number().int().min(1),
      claimReminderMs: delayMs,
    })
    .safeParse(stored);
  return legacy.success ? ladderPolicy(legacy.data) : fallback;
}

/** Who a step is named after: its first target ("backup" for backup-then-primary). */
export type StepKind = 'primary' | 'backup' | 'supervisors' | 'role' | 'people' | 'unreached';

export interface StepInfo {
  step: number;
  kind: StepKind;
  /** 1-based round, for a step that runs more than once. */
  round?: number;
  /** The role, for a step named after one. */
  role?: string;
}

/** Who holds each kind of target right now. */
export interface StepPeople {
  primary?: string;
  backup?: string;
  supervisors: string[];
  /** Members by role ("leader", "ops"); a role nobody holds is []. */
  byRole?: (role: string) => string[];
}

export interface SkippedStep extends StepInfo {
  /** nobody: no one holds the role now; unreachable: they do, but the bot cannot buzz them. */
  reason: 'nobody' | 'unreachable';
  openIds: string[];
}

export interface StepPlan {
  /** Who to buzz now, and how, if anyone. */
  buzz?: StepInfo & { openIds: string[]; channels: Channel[] };
  skipped: SkippedStep[];
  /** Every step is used up and nobody could be reached or nobody answered. */
  unreached: boolean;
  /** The step to run next and how long after now. */
  next?: { step: number; delayMs: number };
}

interface FlatStep {
  info: StepInfo;
  /** The wait before this round. */
  delayMs: number;
  targets: Target[];
  channels: Channel[];
}

/** Every round of every step, in order, numbered from 1. */
function flatten(p: EscalationPolicy): FlatStep[] {
  const out: FlatStep[] = [];
  for (const s of p.steps) {
    const rounds = s.rounds ?? 1;
    const first = s.targets[0]!;
    for (let r = 1; r <= rounds; r++) {
      out.push({
        info: {
          step: out.length + 1,
          kind: first.who,
          ...(rounds > 1 ? { round: r } : {}),
          ...(first.who === 'role' ? { role: first.role } : {}),
        },
        delayMs: r === 1 ? s.delayMs : (s.intervalMs ?? s.delayMs),
        targets: s.targets,
        channels: s.channels,
      });
    }
  }
  return out;
}

/** The roles a policy's steps call (their members are looked up when a step runs). */
export const rolesOf = (p: EscalationPolicy): string[] => [
  ...new Set(p.steps.flatMap((s) => s.targets.flatMap((x) => (x.who === 'role' ? [x.role] : [])))),
];

export const lastBuzzStep = (p: EscalationPolicy): number => flatten(p).length;

export function stepInfo(p: EscalationPolicy, step: number): StepInfo {
  const flat = flatten(p);
  return flat[Math.max(1, step) - 1]?.info ?? { step, kind: 'unreached' };
}

/** The channels of `step` (none past the last). */
export const channelsOf = (p: EscalationPolicy, step: number): Channel[] =>
  flatten(p)[Math.max(1, step) - 1]?.channels ?? [];

/** The delay between the start (step 0) or the previous step and `step`. */
export function delayBefore(p: EscalationPolicy, step: number): number {
  return flatten(p)[Math.max(1, step) - 1]?.delayMs ?? p.unreachedAfterMs;
}

/** The people of one step's targets, each once, in the order the targets name them. */
export function targetPeople(targets: Target[], people: StepPeople): string[] {
  const list = targets.flatMap((x): (string | undefined)[] => {
    switch (x.who) {
      case 'primary':
        return [people.primary];
      case 'backup':
        return [people.backup];
      case 'supervisors':
        return people.supervisors;
      case 'role':
        return people.byRole?.(x.role) ?? [];
      case 'people':
        return x.openIds;
    }
  });
  return [...new Set(list.filter((x): x is string => Boolean(x)))];
}

/** What to do when `step` is due, given who holds each role right now. */
export function planStep(
  p: EscalationPolicy,
  step: number,
  people: StepPeople,
  canBuzz: (openId: string) => boolean,
): StepPlan {
  const flat = flatten(p);
  const skipped: SkippedStep[] = [];
  for (let s = Math.max(1, step); s <= flat.length; s++) {
    const f = flat[s - 1]!;
    const all = targetPeople(f.targets, people);
    const reachable = all.filter(canBuzz);
    if (reachable.length) {
      return {
        buzz: { ...f.info, openIds: reachable, channels: f.channels },
        skipped,
        unreached: false,
        next: { step: s + 1, delayMs: delayBefore(p, s + 1) },
      };
    }
    skipped.push({ ...f.info, reason: all.length ? 'unreachable' : 'nobody', openIds: all });
  }
  return { skipped, unreached: true };
}

/**
 * The outcome of which channel of a step is acted on: the in-app buzz goes along with a louder one
 * and reports the same people, so only the louder one's failures count.
 */
export const actsOnOutcome = (channels: Channel[], channel: Channel): boolean =>
  channel !== 'app' || channels.every((c) => c === 'app');

/** When each step would be due if nobody claims and nobody is skipped (for `/policy` and the card). */
export function schedule(p: EscalationPolicy, startedAt: Date): { step: StepInfo; at: Date }[] {
  const out: { step: StepInfo; at: Date }[] = [];
  let t = startedAt.getTime();
  for (let s = 1; s <= lastBuzzStep(p) + 1; s++) {
    t += delayBefore(p, s);
    out.push({ step: stepInfo(p, s), at: new Date(t) });
  }
  return out;
}

/**
 * `/policy <subject> <delay> [repeat <interval> <count>]`: the first step's delay; the interval of
 * every later step, round and the unreached wait; the rounds of the last step.
 */
export function retime(
  p: EscalationPolicy,
  change: { firstDelayMs: number; intervalMs?: number; rounds?: number },
): EscalationPolicy {
  const last = p.steps.length - 1;
  const steps = p.steps.map((s, i) => {
    const next: PolicyStep = {
      ...s,
      ...(i === 0
        ? { delayMs: change.firstDelayMs }
        : change.intervalMs !== undefined
          ? { delayMs: change.intervalMs }
          : {}),
    };
    if (change.intervalMs !== undefined && (s.rounds ?? 1) > 1) next.intervalMs = change.intervalMs;
    if (i === last && change.rounds !== undefined) {
      next.rounds = change.rounds;
      if (change.rounds > 1) next.intervalMs = change.intervalMs ?? s.intervalMs ?? s.delayMs;
    }
    return next;
  });
  return { ...p, steps, ...(change.intervalMs !== undefined ? { unreachedAfterMs: change.intervalMs } : {}) };
}

/** The wait `/policy` reports as "then every …": the second step's, else the unreached wait. */
export const intervalOf = (p: EscalationPolicy): number =>
  p.steps[1]?.delayMs ?? p.steps[0]?.intervalMs ?? p.unreachedAfterMs;

/** Mean and median of durations (ms), for MTTA / MTTR; undefined when there are none. */
export function summarise(durations: number[]): { count: number; meanMs: number; medianMs: number } | undefined {
  if (!durations.length) return undefined;
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: sorted.length, meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length, medianMs };
}
