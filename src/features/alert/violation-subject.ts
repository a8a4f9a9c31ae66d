/** Severe violations as an escalation subject ("alertViolation"): the engine phones people about their card. */
import { eq, sql } from 'drizzle-orm';
import type { Locale } from '../../config';
import { DEFAULT_POLICY } from '../../escalation/policy';
import type { EscalationState, EscalationSubject } from '../../escalation/subject';
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
  async record(tx, id, events) {
    if (!events.length) return;
    const [row] = await tx.select({ events: violations.events }).from(violations).where(eq(violations.id, id));
    const seen = new Set((row?.events ?? []).map((e) => e.source));
    const fresh = events.filter((e) => !seen.has(e.source)).map((e) => ({ ...e, at: e.at.toISOString() }));
    if (fresh.length)
      await tx
        .update(violations)
        .set({ events: sql`${violations.events} || ${JSON.stringify(fresh)}::jsonb` })
        .where(eq(violations.id, id));
  },
  async buzzed(tx, id) {
    const [row] = await tx.select({ events: violations.events }).from(violations).where(eq(violations.id, id));
    const ids = (row?.events ?? []).filter((e) => e.kind === 'buzz').flatMap((e) => (e.openIds as string[]) ?? []);
    return [...new Set(ids)];
  },
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
