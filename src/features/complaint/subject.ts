/** SLA breaches as an escalation subject ("complaint"): the engine buzzes the supervisors on the complaint's card. */
import { eq } from 'drizzle-orm';
import type { Locale } from '../../config';
import { rowEvents } from '../../escalation/row-events';
import { escalationTexts, type EscalationState, type EscalationSubject } from '../../escalation/subject';
import { dutyDirectory } from '../anomaly/people';
import { categoryName, lockComplaint, refs, type Complaint } from './repo';
import { complaints } from './schema';
import { COMPLAINT_POLICY, complaintPolicy, updateComplaint } from './service';
import { CX } from './texts';

const stateOf = (c: Complaint): EscalationState => ({
  id: c.id,
  teamId: c.teamId,
  status: c.status,
  policy: complaintPolicy(c),
  step: c.step,
  startedAt: c.escalatedAt ?? c.createdAt,
  claimedAt: c.claimedAt,
  claimedBy: c.claimedBy,
  unreachedAt: c.unreachedAt,
  cycle: c.escalationCycle,
  vars: (L: Locale) => ({ id: c.id, store: c.storeName, kind: categoryName(L, c.category) }),
});

export const complaintSubject: EscalationSubject = {
  title: { 'zh-CN': '客诉超时', en: 'Complaint SLA breaches' },
  label: { 'zh-CN': '客诉', en: 'complaint' },
  noun: { 'zh-CN': '客诉', en: 'complaints' },
  atOnce: {
    'zh-CN': '超时即在卡片上加急主管（应用内）',
    en: 'At the breach, an in-app buzz to the supervisors on the card',
  },
  aliases: ['客诉', 'complaints'],
  defaultPolicy: COMPLAINT_POLICY,
  async lock(tx, id) {
    const c = await lockComplaint(tx, id);
    return c && stateOf(c);
  },
  async sharedStatus(tx, id) {
    const [row] = await tx
      .select({ status: complaints.status })
      .from(complaints)
      .where(eq(complaints.id, id))
      .for('share');
    return row?.status;
  },
  cardRef: refs.card,
  ...rowEvents(complaints),
  async update(deps, team, id, changes, now) {
    await updateComplaint(deps, team, id, changes, now);
  },
  texts: escalationTexts(CX),
  directory: dutyDirectory,
};
