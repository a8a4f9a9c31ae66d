/** The incident rules as pure functions of data and `now`: owners, playbook edits, overdue steps, surges, stats. */
import { summarise } from '../../escalation/policy';
import type { IncidentStep, PlaybookStep } from './schema';

/** Owner roles a playbook step may name, and the words people type for them. */
export const OWNER_ROLES = ['duty', 'supervisor', 'leader', 'ops', 'agent', 'reporter'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

const OWNER_WORDS: Record<string, OwnerRole> = {
  duty: 'duty',
  值班: 'duty',
  值班主管: 'duty',
  值班人: 'duty',
  supervisor: 'supervisor',
  主管: 'supervisor',
  leader: 'leader',
  组长: 'leader',
  ops: 'ops',
  运营: 'ops',
  agent: 'agent',
  客服: 'agent',
  reporter: 'reporter',
  发起人: 'reporter',
  上报人: 'reporter',
};

/** "组长" → "leader"; anything else → undefined. */
export const parseOwnerRole = (word: string): OwnerRole | undefined => OWNER_WORDS[word.trim().toLowerCase()];

export const personOwner = (openId: string): string => `@${openId}`;
export const ownerPerson = (owner: string | undefined): string | undefined =>
  owner?.startsWith('@') ? owner.slice(1) : undefined;

/** Who holds what right now, as the duty roster and the roles say. */
export interface OwnerContext {
  onDuty?: string;
  supervisors: string[];
  byRole(role: 'leader' | 'ops' | 'agent'): string[];
  reporter: string;
}

/**
 * The person a step goes to when the incident starts: a named person; the on-duty person for
 * "duty" (else the first supervisor); for "supervisor" the on-duty person if a supervisor, else the
 * first; for another role its first holder (the on-duty person if they hold it). Nobody → undefined.
 */
export function resolveOwner(owner: string | undefined, c: OwnerContext): string | undefined {
  const named = ownerPerson(owner);
  if (named) return named;
  switch (owner as OwnerRole | undefined) {
    case 'duty':
      return c.onDuty ?? c.supervisors[0];
    case 'supervisor':
      return c.onDuty && c.supervisors.includes(c.onDuty) ? c.onDuty : c.supervisors[0];
    case 'leader':
    case 'ops':
    case 'agent': {
      const holders = c.byRole(owner as 'leader' | 'ops' | 'agent');
      return c.onDuty && holders.includes(c.onDuty) ? c.onDuty : holders[0];
    }
    case 'reporter':
      return c.reporter;
    default:
      return undefined;
  }
}

export const assignSteps = (steps: PlaybookStep[], c: OwnerContext): IncidentStep[] =>
  steps.map((st) => {
    const assignee = resolveOwner(st.owner, c);
    return { ...st, ...(assignee ? { assignee } : {}) };
  });

export const MAX_STEPS = 20;
export const MAX_STEP_TEXT = 200;

export type EditResult =
  { ok: true; steps: PlaybookStep[] } | { ok: false; error: 'no_step' | 'too_many' | 'last_step' };

/** `/playbook <kind> add <text> [owner]`: appended at the end. */
export function addStep(steps: PlaybookStep[], step: PlaybookStep): EditResult {
  if (steps.length >= MAX_STEPS) return { ok: false, error: 'too_many' };
  return { ok: true, steps: [...steps, step] };
}

/** `remove <n>` (1-based); a playbook keeps at least one step. */
export function removeStep(steps: PlaybookStep[], n: number): EditResult {
  if (!Number.isInteger(n) || n < 1 || n > steps.length) return { ok: false, error: 'no_step' };
  if (steps.length === 1) return { ok: false, error: 'last_step' };
  return { ok: true, steps: steps.filter((_, i) => i !== n - 1) };
}

/** `move <n> <m>`: step n goes to position m, the others keep their order. */
export function moveStep(steps: PlaybookStep[], n: number, m: number): EditResult {
  const ok = (x: number) => Number.isInteger(x) && x >= 1 && x <= steps.length;
  if (!ok(n) || !ok(m)) return { ok: false, error: 'no_step' };
  const out = [...steps];
  const [moved] = out.splice(n - 1, 1);
  out.splice(m - 1, 0, moved!);
  return { ok: true, steps: out };
}

/** When step `st` of an incident started at `startedAt` is due; undefined when it has no limit. */
export const stepDueAt = (st: PlaybookStep, startedAt: Date): Date | undefined =>
  st.limitMin ? new Date(startedAt.getTime() + st.limitMin * 60_000) : undefined;

/** Not done and past its limit at `now`. */
export function isOverdue(st: IncidentStep, startedAt: Date, now: Date): boolean {
  if (st.doneAt) return false;
  const due = stepDueAt(st, startedAt);
  return due !== undefined && due.getTime() <= now.getTime();
}

/** What the group sees: 进行中, 已缓解, 已关闭. */
export type Phase = 'active' | 'mitigated' | 'closed';
export const phaseOf = (i: { closedAt: Date | null; mitigatedAt: Date | null }): Phase =>
  i.closedAt ? 'closed' : i.mitigatedAt ? 'mitigated' : 'active';

/** The surge rule: the hour's consult volume is at least `ratio` times its same-hour baseline. */
export const SURGE = { ratio: 2, minCount: 20, minBaselineDays: 3 } as const;

/**
 * Whether `count` consults in an hour is a surge against the same hour of the days before
 * (`baseline`, one count per day that has one): at least SURGE.minBaselineDays of history, a
 * baseline mean above zero, `count` ≥ SURGE.minCount (a quiet store's 4 against 1 is no surge),
 * and count ≥ 2× the mean. Returns the ratio, or undefined.
 */
export function surgeRatio(count: number, baseline: number[]): number | undefined {
  if (baseline.length < SURGE.minBaselineDays || count < SURGE.minCount) return undefined;
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  if (mean <= 0) return undefined;
  const ratio = count / mean;
  return ratio >= SURGE.ratio ? ratio : undefined;
}

export interface StatsInput {
  kind: string;
  startedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  steps: IncidentStep[];
}

export interface KindStats {
  kind: string;
  count: number;
  open: number;
  mtta?: { count: number; meanMs: number; medianMs: number };
  mttr?: { count: number; meanMs: number; medianMs: number };
  /** Per step (by its text, in playbook order): time from the start to done, over the incidents that did it. */
  steps: { text: string; done: number; meanMs: number }[];
}

/** Count, MTTA, MTTR and time per step, by kind (most frequent first). */
export function incidentStats(rows: StatsInput[]): KindStats[] {
  const byKind = new Map<string, StatsInput[]>();
  for (const r of rows) (byKind.get(r.kind) ?? byKind.set(r.kind, []).get(r.kind)!).push(r);
  const out: KindStats[] = [];
  for (const [kind, xs] of byKind) {
    const mtta = summarise(
      xs.flatMap((x) => (x.acknowledgedAt ? [x.acknowledgedAt.getTime() - x.startedAt.getTime()] : [])),
    );
    const mttr = summarise(xs.flatMap((x) => (x.closedAt ? [x.closedAt.getTime() - x.startedAt.getTime()] : [])));
    const steps = new Map<string, number[]>();
    for (const x of xs)
      for (const st of x.steps) {
        const list = steps.get(st.text) ?? steps.set(st.text, []).get(st.text)!;
        if (st.doneAt) list.push(new Date(st.doneAt).getTime() - x.startedAt.getTime());
      }
    out.push({
      kind,
      count: xs.length,
      open: xs.filter((x) => !x.closedAt).length,
      ...(mtta ? { mtta } : {}),
      ...(mttr ? { mttr } : {}),
      steps: [...steps]
        .filter(([, ms]) => ms.length)
        .map(([text, ms]) => ({ text, done: ms.length, meanMs: ms.reduce((a, b) => a + b, 0) / ms.length })),
    });
  }
  return out.sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}
