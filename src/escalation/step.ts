import type { Locale } from '../config';
import { localeOf, teamOf } from '../core/teams';
import { scheduleTimer, withLead, type TimerHandler } from '../core/timers';
import { formatDuration } from '../domain/duration';
import { t } from '../i18n';
import { enqueueSubjectBuzz, notifyGroup } from './outbox-ops';
import { lastBuzzStep, planStep, rolesOf, type SkippedStep } from './policy';
import { refs, TIMER } from './refs';
import type { EscalationPeople, EscalationSubject } from './subject';
import { subjectOf } from './subjects';
import { stepName } from './texts';

/** Payload of an escalation.step timer. */
export interface StepPayload {
  subject: string;
  id: number;
  step: number;
  /** Absent for cycle 0 (steps stored before cycles existed). */
  cycle?: number;
}

function skippedText(L: Locale, subject: EscalationSubject, p: EscalationPeople, skipped: SkippedStep[]): string {
  const X = subject.texts;
  const parts = new Set<string>();
  for (const s of skipped) {
    if (s.reason === 'unreachable')
      parts.add(t(L, X.skippedUnreachable, { role: stepName(L, s), who: subject.directory.mention(p, s.openIds) }));
    else if (s.kind === 'supervisors') parts.add(t(L, X.skippedNoSupervisors));
    else if (s.kind === 'primary' || s.kind === 'backup') parts.add(t(L, X.skippedNoDuty));
    else parts.add(t(L, X.skippedNoRole, { role: stepName(L, s) }));
  }
  return [...parts].join(L === 'en' ? '; ' : '；');
}

/**
 * How long before its due time the Node work loop may run a step: the phone call it enqueues is
 * then already waiting, due at the step's time, when that time comes, instead of waiting for a
 * timer pass on a busy replica (1,000 steps due in one minute: issue 18). A claim in between is
 * still honoured: the buzz's guard is checked under lock right before the call.
 */
export const STEP_LEAD_MS = 2_000;

/**
 * One escalation step (timer kind escalation.step). Runs inside the transaction that marks its
 * timer done, holding the subject's row lock: it either buzzes and schedules the next step, or
 * finds the subject claimed (or resolved, or past this step) and does nothing. Who to buzz is
 * decided now, from who is on duty and who holds each role now.
 */
export const runEscalationStep: TimerHandler = withLead(STEP_LEAD_MS, async (deps, timer) => {
  const { subject: key, id, step, cycle = 0 } = timer.payload as unknown as StepPayload;
  const subject = subjectOf(deps, key);
  const now = deps.clock.now();
  const s = await subject.lock(deps.db, id);
  // A step of an earlier cycle (the subject escalates anew) is over with that cycle.
  if (!s || s.status !== 'open' || s.unreachedAt || s.step >= step || (s.cycle ?? 0) !== cycle) return;
  const team = await teamOf(deps.db, s.teamId);
  const people = await subject.directory.people(deps, team, now, rolesOf(s.policy));
  const plan = planStep(s.policy, step, people, people.canBuzz);
  const L = localeOf(deps.config, team);
  const X = subject.texts;
  const mention = (ids: string[]) => subject.directory.mention(people, ids);
  const vars = s.vars(L);
  await subject.record(
    deps.db,
    id,
    plan.skipped.map((k) => ({
      at: now,
      kind: 'skipped' as const,
      openIds: k.openIds,
      detail: { step: k.step, kind: k.kind, reason: k.reason },
      source: `${refs.step(key, id, k.step, cycle)}:skipped`,
    })),
  );
  if (plan.buzz) {
    const b = plan.buzz;
    // Loudest first: the phone call is the one that must not wait.
    for (const channel of b.channels) {
      await enqueueSubjectBuzz(
        deps.db,
        subject,
        { key, id, teamId: s.teamId, step: b.step, cycle, channel, openIds: b.openIds },
        now,
      );
    }
    await subject.record(deps.db, id, [
      {
        at: now,
        kind: 'buzz',
        openIds: b.openIds,
        detail: { step: b.step, kind: b.kind, round: b.round ?? null, channels: b.channels },
        source: `${refs.step(key, id, b.step, cycle)}:buzz`,
      },
    ]);
    const next = plan.next!;
    const nextAt = new Date(now.getTime() + next.delayMs);
    await scheduleTimer(
      deps.db,
      {
        teamId: s.teamId,
        kind: TIMER.step,
        ref: refs.step(key, id, next.step, cycle),
        dueAt: nextAt,
        payload: { subject: key, id, step: next.step, ...(cycle ? { cycle } : {}) },
      },
      now,
    );
    if (plan.skipped.length) {
      const text = t(L, X.skippedNotice, {
        ...vars,
        skipped: skippedText(L, subject, people, plan.skipped),
        who: mention(b.openIds),
      });
      await notifyGroup(deps.db, team, text, refs.once(key, id, `skip:${step}`, cycle), now);
    }
    await subject.update(deps, team, id, { step: b.step, nextStepAt: nextAt }, now, people);
    return;
  }
  // Every step used up: the subject turns "unreached" and the group is told.
  await subject.record(deps.db, id, [
    { at: now, kind: 'unreached', openIds: [], detail: {}, source: refs.once(key, id, 'unreached', cycle) },
  ]);
  const buzzed = await subject.buzzed(deps.db, id);
  const text = buzzed.length
    ? `${mention(people.supervisors)} ${t(L, X.unreachedNotice, { ...vars, minutes: formatDuration(now.getTime() - s.startedAt.getTime(), L), who: mention(buzzed) })}`
    : t(L, X.unreachedNobody, vars);
  await notifyGroup(deps.db, team, text, refs.once(key, id, 'unreached', cycle), now);
  await subject.update(
    deps,
    team,
    id,
    { step: lastBuzzStep(s.policy) + 1, unreachedAt: now, nextStepAt: null },
    now,
    people,
  );
});
