/** Severe violations as an escalation subject ("alertViolation"): the engine phones people about their card. */
import { eq } from 'drizzle-orm';
import type { Locale } from '../../config';
import { DEFAULT_POLICY } from '../../escalation/policy';
import type { EscalationState, EscalationSubject } from '../../escalation/subject';
import { rowTimeline } from '../../escalation/timeline';
import { dutyDirectory } from '../anomaly/people';
import { violations } from './schema';
import { lockViolation, violationCardRef, type Violation } from './violation-repo';
import { updateViolation, violationPolicy } from './violation-service';
import { VX } from './violation-texts';

const stateOf = (v: Violation): EscalationState => ({
  id: v.id,
  teamId: v.teamId,
  status: v.status,
  policy: violationPolicy(v),
  step: v.step,
  startedAt: v.createdAt,
  claimedAt: v.claimedAt,
  claimedBy: v.claimedBy,
  unreachedAt: v.unreachedAt,
  vars: (_: Locale) => ({ id: v.id, store: v.storeName, kind: v.kind }),
});

export const violationSubject: EscalationSubject = {
  title: VX.subjectTitle,
  noun: VX.subjectNoun,
  atOnce: VX.subjectAtOnce,
  aliases: ['违规', 'violation'],
  defaultPolicy: DEFAULT_POLICY,
  async lock(tx, id) {
    const v = await lockViolation(tx, id);
    return v && stateOf(v);
  },
  async sharedStatus(tx, id) {
    const [row] = await tx
      .select({ status: violations.status })
      .from(violations)
      .where(eq(violations.id, id))
      .for('share');
    return row?.status;
  },
  cardRef: violationCardRef,
  ...rowTimeline(violations, { id: violations.id, events: violations.events }),
  async update(deps, team, id, changes, now) {
    await updateViolation(deps, team, id, changes, now);
  },
  texts: {
    skippedNotice: VX.skippedNotice,
    skippedNoDuty: VX.skippedNoDuty,
    skippedNoSupervisors: VX.skippedNoSupervisors,
    skippedNoRole: VX.skippedNoRole,
    skippedUnreachable: VX.skippedUnreachable,
    unreachedNotice: VX.unreachedNotice,
    unreachedNobody: VX.unreachedNobody,
    reminderClaimer: VX.reminderClaimer,
    reminderSupervisors: VX.reminderSupervisors,
    quotaEmpty: VX.quotaEmpty,
    groupForbids: VX.groupForbids,
    notOwnMessage: VX.notOwnMessage,
    invalidPeople: VX.invalidPeople,
    tooManyBuzzes: VX.tooManyBuzzes,
  },
  directory: dutyDirectory,
};
