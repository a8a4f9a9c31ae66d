/**
 * An inspection past its deadline as an escalation subject ("inspection"): started by the deadline
 * timer when items are left, stopped (resolved) when the last item is confirmed. The default policy
 * buzzes the supervisors in the app on the card, once; `/policy inspection …` is the team's.
 */
import { eq } from 'drizzle-orm';
import type { Locale } from '../../config';
import { policyFrom, type EscalationPolicy } from '../../escalation/policy';
import { rowEvents } from '../../escalation/row-events';
import { escalationTexts, type EscalationState, type EscalationSubject } from '../../escalation/subject';
import { dutyDirectory } from '../anomaly/people';
import { cardRef, lockInspection, type Inspection } from './repo';
import { inspections } from './schema';
import { saveAndPublish } from './service';
import { IX } from './texts';

export const INSPECTION_POLICY: EscalationPolicy = {
  steps: [{ delayMs: 0, targets: [{ who: 'supervisors' }], channels: ['app'] }],
  unreachedAfterMs: 30 * 60_000,
  claimReminderMs: 30 * 60_000,
};

const stateOf = (r: Inspection): EscalationState => ({
  id: r.id,
  teamId: r.teamId,
  status: r.completedAt ? 'resolved' : r.status,
  policy: policyFrom(r.policy, INSPECTION_POLICY),
  step: r.step,
  startedAt: r.deadlineAt,
  claimedAt: null,
  claimedBy: null,
  unreachedAt: r.unreachedAt,
  vars: (_: Locale) => ({ id: r.id, day: r.day.slice(5) }),
});

export const inspectionSubject: EscalationSubject = {
  title: IX.subjectTitle,
  label: { 'zh-CN': '巡店', en: 'inspection' },
  noun: IX.subjectNoun,
  atOnce: IX.subjectAtOnce,
  aliases: ['巡店', 'inspect'],
  defaultPolicy: INSPECTION_POLICY,
  async lock(tx, id) {
    const r = await lockInspection(tx, id);
    return r && stateOf(r);
  },
  async sharedStatus(tx, id) {
    const [row] = await tx
      .select({ status: inspections.status, completedAt: inspections.completedAt })
      .from(inspections)
      .where(eq(inspections.id, id))
      .for('share');
    return row && (row.completedAt ? 'resolved' : row.status);
  },
  cardRef,
  ...rowEvents(inspections),
  async update(deps, team, id, changes, now) {
    await saveAndPublish(deps, team, id, changes, now);
  },
  texts: escalationTexts(IX),
  directory: dutyDirectory,
};
