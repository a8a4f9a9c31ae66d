import { localeOf, teamOf } from '../core/teams';
import { scheduleTimer, type TimerHandler } from '../core/timers';
import { formatDuration } from '../domain/duration';
import { t } from '../i18n';
import { PRIORITY } from '../outbox/enqueue';
import { notifyGroup } from './outbox-ops';
import { rolesOf } from './policy';
import { refs, TIMER } from './refs';
import { subjectOf } from './subjects';

/**
 * A claim not resolved in time (timer kind escalation.remind): first the claimer is reminded,
 * then, as long again later, the supervisors. The message is guarded: a resolve before it is sent
 * cancels it.
 */
export const runClaimReminder: TimerHandler = async (deps, timer) => {
  const {
    subject: key,
    id,
    n,
    cycle = 0,
  } = timer.payload as { subject: string; id: number; n: number; cycle?: number };
  const subject = subjectOf(deps, key);
  const now = deps.clock.now();
  const s = await subject.lock(deps.db, id);
  if (!s || s.status !== 'claimed' || !s.claimedBy || !s.claimedAt || (s.cycle ?? 0) !== cycle) return;
  const team = await teamOf(deps.db, s.teamId);
  const people = await subject.directory.people(deps, team, now, rolesOf(s.policy));
  const mention = (ids: string[]) => subject.directory.mention(people, ids);
  const L = localeOf(deps.config, team);
  const vars = { ...s.vars(L), minutes: formatDuration(now.getTime() - s.claimedAt.getTime(), L) };
  const targets = n === 1 ? [s.claimedBy] : people.supervisors;
  const text =
    n === 1
      ? t(L, subject.texts.reminderClaimer, { ...vars, who: mention(targets) })
      : t(L, subject.texts.reminderSupervisors, { ...vars, who: mention(targets), claimer: mention([s.claimedBy]) });
  const once = refs.remind(key, id, n, cycle);
  await notifyGroup(deps.db, team, text, once, now, {
    guard: refs.remindGuard(key, id),
    priority: PRIORITY.interactive,
  });
  await subject.record(deps.db, id, [{ at: now, kind: 'reminder', openIds: targets, detail: { n }, source: once }]);
  if (n === 1) {
    await scheduleTimer(
      deps.db,
      {
        teamId: s.teamId,
        kind: TIMER.remind,
        ref: refs.remind(key, id, 2, cycle),
        dueAt: new Date(now.getTime() + s.policy.claimReminderMs),
        payload: { subject: key, id, n: 2, ...(cycle ? { cycle } : {}) },
      },
      now,
    );
  }
  await subject.update(deps, team, id, {}, now, people);
};
