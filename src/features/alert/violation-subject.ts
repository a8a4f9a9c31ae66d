/** Severe violations as an escalation subject ("alertViolation"): the engine phones people about their card. */
import type { Locale } from '../../config';
import { DEFAULT_POLICY } from '../../escalation/policy';
import { rowEvents, sharedStatusOf } from '../../escalation/row-events';
import { escalationTexts, type EscalationState, type EscalationSubject } from '../../escalation/subject';
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
  label: { 'zh-CN': '严重违规', en: 'severe violation' },
  noun: VX.subjectNoun,
  atOnce: VX.subjectAtOnce,
  aliases: ['违规', 'violation'],
  defaultPolicy: DEFAULT_POLICY,
  async lock(tx, id) {
    const v = await lockViolation(tx, id);
    return v && stateOf(v);
  },
  sharedStatus: sharedStatusOf(violations),
  cardRef: violationCardRef,
  ...rowEvents(violations),
  async update(deps, team, id, changes, now) {
    await updateViolation(deps, team, id, changes, now);
  },
  texts: escalationTexts(VX),
  directory: dutyDirectory,
};
