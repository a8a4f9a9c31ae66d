/** Unclaimed warnings as an escalation subject ("risk"): the engine tells the leaders on the warning's card. */
import type { Locale } from '../../config';
import { rowEvents, sharedStatusOf } from '../../escalation/row-events';
import { escalationTexts, type EscalationState, type EscalationSubject } from '../../escalation/subject';
import { dutyDirectory } from '../anomaly/people';
import { reasonsShort } from './card';
import { lockOrder, refs, type RiskOrder } from './repo';
import { riskOrders } from './schema';
import { RISK_POLICY, riskPolicy, updateWarning } from './service';
import { RX } from './texts';

const stateOf = (o: RiskOrder): EscalationState => ({
  id: o.id,
  teamId: o.teamId,
  status: o.closedAt ? 'resolved' : o.status,
  policy: riskPolicy(o),
  step: o.step,
  startedAt: o.warnedAt ?? o.createdAt,
  claimedAt: o.claimedAt,
  claimedBy: o.claimedBy,
  unreachedAt: o.unreachedAt,
  vars: (L: Locale) => ({ id: o.id, store: o.storeName, kind: reasonsShort(L, o.reasons) }),
});

export const riskSubject: EscalationSubject = {
  title: RX.subjectTitle,
  label: { 'zh-CN': '风险订单', en: 'risky order' },
  noun: RX.subjectNoun,
  atOnce: RX.subjectAtOnce,
  aliases: ['风险订单', '风险', 'orders'],
  defaultPolicy: RISK_POLICY,
  async lock(tx, id) {
    const o = await lockOrder(tx, id);
    return o?.warnedAt ? stateOf(o) : undefined;
  },
  sharedStatus: sharedStatusOf(riskOrders),
  cardRef: refs.card,
  ...rowEvents(riskOrders),
  async update(deps, team, id, changes, now) {
    await updateWarning(deps, team, id, changes, now);
  },
  texts: escalationTexts(RX),
  directory: dutyDirectory,
};
