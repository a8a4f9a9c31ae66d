import { eventLog, sharedStatusOf } from '../../escalation/row-events';
import type { Locale } from '../../config';
import { escalationTexts, type EscalationSubject } from '../../escalation/subject';
import { t } from '../../i18n';
import { DEFAULT_POLICY } from '../../escalation/policy';
import { kindName } from './kinds';
import { dutyDirectory, isDutyPeople } from './people';
import { anomalyPolicy } from './policy';
import { updateAndPublish } from './publish';
import { addEvents, loadEvents, lockAnomaly, refs, type Anomaly } from './repo';
import { anomalies } from './schema';
import { AX } from './texts';

/** An anomaly as the engine sees it. */
export const escalationState = (a: Anomaly) => ({
  id: a.id,
  teamId: a.teamId,
  status: a.status,
  policy: anomalyPolicy(a),
  step: a.step,
  startedAt: a.reportedAt,
  claimedAt: a.claimedAt,
  claimedBy: a.claimedBy,
  unreachedAt: a.unreachedAt,
  vars: (locale: Locale) => ({ id: a.id, store: a.storeName, kind: t(locale, kindName(a.kind)) }),
});

/** Store anomalies, the first subject of the escalation engine: the card is what gets buzzed. */
export const anomalySubject: EscalationSubject = {
  title: { 'zh-CN': '店铺异常', en: 'Store anomalies' },
  noun: { 'zh-CN': '异常', en: 'anomalies' },
  label: { 'zh-CN': '店铺异常', en: 'store anomaly' },
  atOnce: { 'zh-CN': '上报后立即发卡片，@运营', en: 'The card at once, @operations' },
  aliases: ['异常'],
  defaultPolicy: DEFAULT_POLICY,
  async lock(tx, id) {
    const a = await lockAnomaly(tx, id);
    return a && escalationState(a);
  },
  sharedStatus: sharedStatusOf(anomalies),
  cardRef: refs.card,
  ...eventLog(
    (tx, id, events) =>
      addEvents(
        tx,
        events.map((e) => ({ anomalyId: id, ...e })),
      ),
    loadEvents,
  ),
  async update(deps, team, id, changes, now, people) {
    await updateAndPublish(deps, team, { id }, changes, now, isDutyPeople(people) ? { people } : {});
  },
  texts: escalationTexts(AX),
  directory: dutyDirectory,
};
