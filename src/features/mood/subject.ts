/**
 * Care cases as an escalation subject ("mood"): nobody acknowledging the private care card within
 * 10 minutes — or level 1 twice within 24 hours, at once — buzzes the supervisors in-app on it
 * (the team's policy: /policy 情绪 …). What the engine says in the group never names the agent, a
 * level or a note: its vars are only the case number.
 */
import type { EscalationPolicy } from '../../escalation/policy';
import type { EscalationState, EscalationSubject } from '../../escalation/subject';
import { rowEvents, sharedStatusOf } from '../../escalation/row-events';
import { dutyDirectory } from '../anomaly/people';
import { careCardRef, lockCare, type Care } from './repo';
import { moodCares } from './schema';
import { updateCare } from './service';
import { MX } from './texts';

const MIN = 60_000;

/**
 * In-app buzz 10 minutes after the card if nobody acknowledged it. Its targets are replaced, per
 * case, by the people the card went to (policyFor): the on-duty supervisor, else every supervisor,
 * and the agent's leader.
 */
export const MOOD_POLICY: EscalationPolicy = {
  steps: [{ delayMs: 10 * MIN, targets: [{ who: 'supervisors' }], channels: ['app'] }],
  unreachedAfterMs: 10 * MIN,
  claimReminderMs: 30 * MIN,
};

/**
 * The case's own policy: the team's timing and channels, buzzing the people the card went to (a
 * buzz can only reach people in the card's chat, and nobody else has the card).
 */
export const policyFor = (team: EscalationPolicy, recipients: string[]): EscalationPolicy => ({
  ...team,
  steps: team.steps.map((s) => ({ ...s, targets: [{ who: 'people' as const, openIds: recipients }] })),
});

const stateOf = (c: Care): EscalationState => ({
  id: c.id,
  teamId: c.teamId,
  status: c.status,
  policy: c.policy,
  step: c.step,
  startedAt: c.createdAt,
  claimedAt: c.ackedAt,
  claimedBy: c.ackedBy,
  unreachedAt: c.unreachedAt,
  vars: () => ({ id: c.id }),
});

export const moodSubject: EscalationSubject = {
  title: MX.subjectTitle,
  noun: MX.subjectNoun,
  // The group hears only that there is a private care alert, never which: no number.
  label: MX.subjectInList,
  unnumberedInGroup: true,
  atOnce: MX.subjectAtOnce,
  aliases: ['情绪', '关怀', 'care'],
  defaultPolicy: MOOD_POLICY,
  async lock(tx, id) {
    const c = await lockCare(tx, id);
    return c && stateOf(c);
  },
  sharedStatus: sharedStatusOf(moodCares),
  // Each recipient has their own private card; nothing goes to the group to buzz on.
  cardRef: (id) => careCardRef(id, ''),
  cardRefFor: careCardRef,
  ...rowEvents(moodCares),
  async update(deps, team, id, changes, now) {
    await updateCare(deps, team, id, changes, now);
  },
  texts: {
    skippedNotice: MX.escSkipped,
    skippedNoDuty: MX.escSkippedNoDuty,
    skippedNoSupervisors: MX.escSkippedNoSupervisors,
    skippedNoRole: MX.escSkippedNoRole,
    skippedUnreachable: MX.escSkippedUnreachable,
    unreachedNotice: MX.escUnreached,
    unreachedNobody: MX.escUnreachedNobody,
    reminderClaimer: MX.escReminder,
    reminderSupervisors: MX.escReminder,
    quotaEmpty: MX.escQuota,
    groupForbids: MX.escGroupForbids,
    notOwnMessage: MX.escNotOwn,
    invalidPeople: MX.escInvalid,
    tooManyBuzzes: MX.escTooMany,
  },
  directory: dutyDirectory,
};
