import type { UrgentKind } from '../port/platform';
import { localeOf, teamOf } from '../core/teams';
import { scheduleTimer, type TimerHandler } from '../core/timers';
import { t } from '../i18n';
import type { OutboxListener, OutboxOutcome } from '../outbox/listeners';
import { advanceStep } from './lifecycle';
import { enqueueSubjectBuzz, notifyGroup } from './outbox-ops';
import { actsOnOutcome, channelsOf, rolesOf } from './policy';
import { parseBuzzRef, refs, TIMER } from './refs';
import type { EscalationChanges } from './subject';
import { subjectOf } from './subjects';
import { EX, failureText } from './texts';
import { tellUnreadRefusal } from './unread-notices';

/** Payload of an escalation.outcome timer. */
export interface OutcomePayload {
  subject: string;
  id: number;
  step: number;
  /** Absent for cycle 0. */
  cycle?: number;
  urgent: UrgentKind;
  openIds: string[];
  invalid: string[];
  failure?: { reason: string; code?: number };
}

/**
 * What became of a buzz (the outbox listener of every feature with subjects). It runs while the
 * dispatcher still holds the guard's share lock on the subject's row, so it changes nothing there
 * itself: it schedules an escalation.outcome timer, due now, which does the work under the row's
 * own lock — once, as timers do.
 */
export const onEscalationOutcome: OutboxListener = async (deps, row, outcome) => {
  const buzz = parseBuzzRef(row.ref);
  if (!buzz || outcome.status === 'cancelled' || !Object.hasOwn(deps.app.escalation, buzz.key)) return;
  const invalid = unknownPeople(outcome);
  const failure =
    outcome.status === 'failed'
      ? { reason: outcome.reason, ...(outcome.code ? { code: outcome.code } : {}) }
      : undefined;
  if (!failure && invalid.length === 0) return;
  const payload: OutcomePayload = {
    subject: buzz.key,
    id: buzz.id,
    step: buzz.step,
    ...(buzz.cycle ? { cycle: buzz.cycle } : {}),
    urgent: buzz.channel,
    openIds: Array.isArray(row.payload.openIds) ? (row.payload.openIds as string[]) : [],
    invalid,
    ...(failure ? { failure } : {}),
  };
  const now = deps.clock.now();
  await scheduleTimer(
    deps.db,
    {
      teamId: row.teamId,
      kind: TIMER.outcome,
      ref: refs.outcome(buzz.key, buzz.id, row.id),
      dueAt: now,
      payload: { ...payload },
    },
    now,
  );
  deps.wake();
};

function unknownPeople(outcome: OutboxOutcome): string[] {
  if (outcome.status !== 'sent') return [];
  // invalid_user_id_list: what rows recorded before the outcome became platform-neutral.
  const list = outcome.result?.unknownPeople ?? outcome.result?.invalid_user_id_list;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * escalation.outcome: phone quota used up → SMS buzz instead (the in-app buzz went with the step)
 * and the group is told; buzzing not allowed / not the bot's own message → the supervisors are
 * told how to fix it; unknown people, or too many unread buzzes → those people are skipped and
 * the next step runs now. The in-app buzz of a step mirrors its louder one and is not acted on twice.
 */
export const runBuzzOutcome: TimerHandler = async (deps, timer) => {
  const p = timer.payload as unknown as OutcomePayload;
  const key = p.subject;
  const subject = subjectOf(deps, key);
  const now = deps.clock.now();
  const s = await subject.lock(deps.db, p.id);
  const cycle = p.cycle ?? 0;
  // A buzz of an earlier cycle: that cycle is over, and what became of it changes nothing now.
  if (!s || s.status === 'resolved' || (s.cycle ?? 0) !== cycle) return;
  if (!actsOnOutcome(channelsOf(s.policy, p.step), p.urgent)) return;
  const team = await teamOf(deps.db, s.teamId);
  const people = await subject.directory.people(deps, team, now, rolesOf(s.policy));
  const mention = (ids: string[]) => subject.directory.mention(people, ids);
  const L = localeOf(deps.config, team);
  const X = subject.texts;
  const vars = s.vars(L);
  const reason = p.failure?.reason;
  const code = p.failure?.code;
  const source = `${refs.once(key, s.id, 'outcome', cycle)}:${timer.ref}`;
  const open = s.status === 'open';
  const nextStep = () => advanceStep(deps.db, key, s.id, p.step + 1, now, cycle);
  let advanced = false;

  if (p.failure) {
    await subject.record(deps.db, s.id, [
      {
        at: now,
        kind: 'buzz_failed',
        openIds: p.openIds,
        detail: { step: p.step, urgent: p.urgent, code: code ?? null, reason: failureText(L, p.failure.reason, code) },
        source,
      },
    ]);
    if (reason === 'quota_exhausted' && p.urgent === 'phone') {
      if (open)
        await enqueueSubjectBuzz(
          deps.db,
          subject,
          { key, id: s.id, teamId: s.teamId, step: p.step, cycle, channel: 'sms', openIds: p.openIds },
          now,
        );
      await notifyGroup(
        deps.db,
        team,
        t(L, X.quotaEmpty, { ...vars, who: mention(p.openIds) }),
        refs.once(key, s.id, 'quota', cycle),
        now,
      );
    } else if (reason === 'not_allowed' || reason === 'not_own_message') {
      const text = t(L, reason === 'not_allowed' ? X.groupForbids : X.notOwnMessage, {
        ...vars,
        who: mention(people.supervisors),
        code: code ?? reason,
      });
      await notifyGroup(deps.db, team, text, refs.once(key, s.id, `forbidden:${code ?? reason}`, cycle), now);
    } else if (reason === 'too_many_unread' && open) {
      advanced = await nextStep();
      // Told once per group and person for a storm of them, not once each (unread-notices.ts).
      const who = mention(p.openIds);
      await tellUnreadRefusal(
        deps.db,
        team,
        {
          openIds: p.openIds,
          source: refs.once(key, s.id, `unread:${p.step}`, cycle),
          label: t(L, subject.label ?? subject.title),
          subjectId: subject.unnumberedInGroup ? null : s.id,
          alone: t(L, X.tooManyBuzzes, { ...vars, who }),
          mention: who,
        },
        now,
      );
    }
  }
  if (p.invalid.length) {
    await subject.directory.markUnreachable(deps.db, s.teamId, p.invalid, now);
    await subject.record(deps.db, s.id, [
      {
        at: now,
        kind: 'buzz_failed',
        openIds: p.invalid,
        detail: { step: p.step, urgent: p.urgent, reason: t(L, EX.unreachable) },
        source: `${source}:invalid`,
      },
    ]);
    if (open) {
      await notifyGroup(
        deps.db,
        team,
        t(L, X.invalidPeople, { ...vars, who: mention(p.invalid) }),
        refs.once(key, s.id, `invalid:${p.step}`, cycle),
        now,
      );
      // Nobody of this step was reached: go on with the next person at once.
      if (p.invalid.length >= new Set(p.openIds).size) advanced = (await nextStep()) || advanced;
    }
  }
  const changes: EscalationChanges = advanced ? { nextStepAt: now } : {};
  await subject.update(deps, team, s.id, changes, now, people);
};
