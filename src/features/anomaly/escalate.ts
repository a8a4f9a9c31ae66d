import type { Deps } from '../../core/deps';
import { teamOf } from '../../core/teams';
import { scheduleTimer, type TimerHandler } from '../../core/timers';
import { kindName } from './kinds';
import { onDutyAt } from '../duty/rules';
import { lastBuzzStep, planStep, type SkippedStep } from '../../escalation/policy';
import { formatDuration } from '../../domain/duration';
import { loadRules, teamPeople, type TeamPeople } from '../duty/roster';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import type { UrgentKind } from '../../core/platform';
import { stepKindName } from './card';
import { mentions, notifyGroup, updateAndPublish } from './publish';
import { addEvent, addEvents, loadEvents, lockAnomaly, refs, TIMER_REMIND, TIMER_STEP, type Anomaly } from './repo';
import { AX } from './texts';

/**
 * A buzz on the anomaly card: phone and in-app (or SMS as the quota fallback), guarded by the claim.
 * The phone call goes first of everything the bot sends; the in-app buzz and card patches follow.
 */
export async function enqueueBuzz(deps: Pick<Deps, 'db'>, a: Anomaly, step: number, kind: UrgentKind, openIds: string[], now: Date): Promise<void> {
  await enqueue(deps.db, now, {
    kind: 'urgent',
    teamId: a.teamId,
    // The outbox finds the sent card by its ref (or waits for it to be sent).
    message: { ref: refs.card(a.id) },
    urgent: kind,
    openIds,
    guard: refs.buzzGuard(a.id),
    priority: kind === 'app' ? PRIORITY.urgent + 1 : PRIORITY.urgent,
    ref: refs.buzz(a.id, step, kind),
    uuid: uuidFor(`anomaly:${a.id}:s${step}:${kind}`),
  });
}

function skippedText(deps: Deps, p: TeamPeople, skipped: SkippedStep[]): string {
  const L = deps.config.locale;
  const parts = new Set<string>();
  for (const s of skipped) {
    if (s.reason === 'unreachable') {
      parts.add(t(L, AX.skippedUnreachable, { role: stepKindName(L, s.kind), who: mentions(p, s.openIds) }));
    } else if (s.kind === 'supervisors') parts.add(t(L, AX.skippedNoSupervisors));
    else parts.add(t(L, AX.skippedNoDuty));
  }
  return [...parts].join(L === 'en' ? '; ' : '；');
}

/**
 * One escalation step (timer kind anomaly.step). Runs inside the transaction that marks its timer
 * done, holding the anomaly lock: it either buzzes and schedules the next step, or finds the
 * anomaly claimed and does nothing. Who to buzz is decided now, from who is on duty now.
 */
export const runEscalationStep: TimerHandler = async (deps, timer) => {
  const { anomalyId, step } = timer.payload as { anomalyId: number; step: number };
  const now = deps.clock.now();
  const a = await lockAnomaly(deps.db, anomalyId);
  if (!a || a.status !== 'open' || a.unreachedAt || a.step >= step) return;
  const team = await teamOf(deps.db, a.teamId);
  const [rules, people] = await Promise.all([loadRules(deps.db, a.teamId), teamPeople(deps, a.teamId)]);
  const duty = onDutyAt(rules, now, team.timeZone);
  const plan = planStep(
    a.policy,
    step,
    { ...(duty ? { primary: duty.primary, ...(duty.backup ? { backup: duty.backup } : {}) } : {}), supervisors: people.supervisors },
    people.canBuzz,
  );
  const L = deps.config.locale;
  await addEvents(
    deps.db,
    plan.skipped.map((s) => ({ anomalyId: a.id, at: now, kind: 'skipped' as const, openIds: s.openIds, detail: { step: s.step, kind: s.kind, reason: s.reason }, source: `${refs.step(a.id, s.step)}:skipped` })),
  );
  if (plan.buzz) {
    const b = plan.buzz;
    await enqueueBuzz(deps, a, b.step, 'phone', b.openIds, now);
    await enqueueBuzz(deps, a, b.step, 'app', b.openIds, now);
    await addEvent(deps.db, { anomalyId: a.id, at: now, kind: 'buzz', openIds: b.openIds, detail: { step: b.step, kind: b.kind, round: b.round ?? null }, source: `${refs.step(a.id, b.step)}:buzz` });
    const nextAt = new Date(now.getTime() + plan.next!.delayMs);
    await scheduleTimer(deps.db, { teamId: a.teamId, kind: TIMER_STEP, ref: refs.step(a.id, plan.next!.step), dueAt: nextAt, payload: { anomalyId: a.id, step: plan.next!.step } }, now);
    if (plan.skipped.length) {
      const text = t(L, AX.skippedNotice, { id: a.id, store: a.storeName, skipped: skippedText(deps, people, plan.skipped), who: mentions(people, b.openIds) });
      await notifyGroup(deps, team, text, `anomaly:${a.id}:skip:${step}`, now);
    }
    await updateAndPublish(deps, team, a, { step: b.step, nextStepAt: nextAt }, now, { people });
    return;
  }
  // Every step used up: the card turns red as "unreached" and the group is told.
  await addEvent(deps.db, { anomalyId: a.id, at: now, kind: 'unreached', source: `anomaly:${a.id}:unreached` });
  const events = await loadEvents(deps.db, a.id);
  const buzzed = [...new Set(events.filter((e) => e.kind === 'buzz').flatMap((e) => e.openIds))];
  const vars = { id: a.id, store: a.storeName, kind: t(L, kindName(a.kind)) };
  const text = buzzed.length
    ? `${mentions(people, people.supervisors)} ${t(L, AX.unreachedNotice, { ...vars, minutes: formatDuration(now.getTime() - a.reportedAt.getTime(), L), who: mentions(people, buzzed) })}`
    : t(L, AX.unreachedNobody, vars);
  await notifyGroup(deps, team, text, `anomaly:${a.id}:unreached`, now);
  await updateAndPublish(deps, team, a, { step: lastBuzzStep(a.policy) + 1, unreachedAt: now, nextStepAt: null }, now, { people, events });
};

/**
 * A claim not resolved in time (timer kind anomaly.remind): first the claimer is reminded, then,
 * as long again later, the supervisors.
 */
export const runClaimReminder: TimerHandler = async (deps, timer) => {
  const { anomalyId, n } = timer.payload as { anomalyId: number; n: number };
  const now = deps.clock.now();
  const a = await lockAnomaly(deps.db, anomalyId);
  if (!a || a.status !== 'claimed' || !a.claimedBy || !a.claimedAt) return;
  const team = await teamOf(deps.db, a.teamId);
  const people = await teamPeople(deps, a.teamId);
  const L = deps.config.locale;
  const vars = { id: a.id, store: a.storeName, kind: t(L, kindName(a.kind)), minutes: formatDuration(now.getTime() - a.claimedAt.getTime(), L) };
  const targets = n === 1 ? [a.claimedBy] : people.supervisors;
  const text =
    n === 1
      ? t(L, AX.reminderClaimer, { ...vars, who: mentions(people, targets) })
      : t(L, AX.reminderSupervisors, { ...vars, who: mentions(people, targets), claimer: mentions(people, [a.claimedBy]) });
  await notifyGroup(deps, team, text, `anomaly:${a.id}:remind:${n}`, now, { guard: refs.remindGuard(a.id), priority: PRIORITY.interactive });
  await addEvent(deps.db, { anomalyId: a.id, at: now, kind: 'reminder', openIds: targets, detail: { n }, source: `anomaly:${a.id}:remind:${n}` });
  if (n === 1) {
    await scheduleTimer(
      deps.db,
      { teamId: a.teamId, kind: TIMER_REMIND, ref: refs.remind(a.id, 2), dueAt: new Date(now.getTime() + a.policy.claimReminderMs), payload: { anomalyId: a.id, n: 2 } },
      now,
    );
  }
  await updateAndPublish(deps, team, a, {}, now, { people });
};
