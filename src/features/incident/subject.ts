/** Sev1 incidents as an escalation subject ("incident"): the engine phones people about their card. */
import { eventLog, sharedStatusOf } from '../../escalation/row-events';
import type { Locale } from '../../config';
import { DEFAULT_POLICY, policyFrom } from '../../escalation/policy';
import type { EscalationState, EscalationSubject, EscalationTexts } from '../../escalation/subject';
import { dutyDirectory } from '../anomaly/people';
import { AX } from '../anomaly/texts';
import { addEvents, loadEvents, lockIncident, refs, type Incident } from './repo';
import { incidents } from './schema';
import { updateAndPublish } from './service';

const stateOf = (i: Incident): EscalationState => ({
  id: i.id,
  teamId: i.teamId,
  status: i.status,
  policy: policyFrom(i.policy, DEFAULT_POLICY),
  step: i.step,
  startedAt: i.startedAt,
  claimedAt: i.acknowledgedAt,
  claimedBy: i.acknowledgedBy,
  unreachedAt: i.unreachedAt,
  vars: (_: Locale) => ({ id: i.id, kind: i.playbook.name, store: '' }),
});

const TEXTS: EscalationTexts = {
  skippedNotice: {
    'zh-CN': '突发 #{id}（{kind}）：{skipped}，直接加急 {who}。',
    en: 'Incident #{id} ({kind}): {skipped}; buzzing {who} straight away.',
  },
  // Said the same of any subject: the anomaly's words.
  skippedNoDuty: AX.skippedNoDuty,
  skippedNoSupervisors: AX.skippedNoSupervisors,
  skippedNoRole: AX.skippedNoRole,
  skippedUnreachable: AX.skippedUnreachable,
  unreachedNotice: {
    'zh-CN': '⚠️ 突发 #{id}（{kind}）{minutes} 仍无人认领，已电话 {who}。请看到的主管立即点卡片上的「认领」。',
    en: '⚠️ Incident #{id} ({kind}) is unacknowledged after {minutes}; phoned {who}. A supervisor: please tap "Acknowledge" on the card now.',
  },
  unreachedNobody: {
    'zh-CN':
      '⚠️ 突发 #{id}（{kind}）无人可加急：没有人值班，也没有可加急的主管。请用 /duty set 设置值班、/role 设置主管。',
    en: '⚠️ Incident #{id} ({kind}) cannot buzz anyone: nobody is on duty and no supervisor can be buzzed. Set /duty and /role.',
  },
  reminderClaimer: {
    'zh-CN': '{who} 突发 #{id}（{kind}）认领 {minutes} 了还没关闭。',
    en: '{who} incident #{id} ({kind}) was acknowledged {minutes} ago and is not closed.',
  },
  reminderSupervisors: {
    'zh-CN': '{who} 突发 #{id}（{kind}）由 {claimer} 认领 {minutes} 仍未关闭，请主管跟进。',
    en: '{who} incident #{id} ({kind}), acknowledged by {claimer}, is still open after {minutes}.',
  },
  quotaEmpty: {
    'zh-CN': '⚠️ 电话加急额度已用完：突发 #{id} 已改为应用内加急和短信加急 {who}。请企业管理员补充额度。',
    en: '⚠️ The phone buzz quota is used up: incident #{id} fell back to in-app and SMS buzz for {who}. A company admin can top it up.',
  },
  groupForbids: {
    'zh-CN': '{who} ⚠️ 无法在本群加急（错误 {code}）：突发 #{id} 的电话加急没有发出。请群主在群设置里允许加急。',
    en: '{who} ⚠️ Buzzing is not allowed in this group (error {code}): the phone buzz for incident #{id} was not sent. The group owner can allow it in the group settings.',
  },
  notOwnMessage: {
    'zh-CN': '{who} ⚠️ 加急失败（错误 {code}）：突发 #{id} 的卡片可能已被删除。',
    en: '{who} ⚠️ Buzz failed (error {code}): the card of incident #{id} may have been deleted.',
  },
  invalidPeople: {
    'zh-CN': '突发 #{id}：{who} 无法加急（不在群里或账号无效），改为加急下一位。请主管检查 /duty。',
    en: 'Incident #{id}: {who} cannot be buzzed (not in the group, or invalid id); going on with the next person.',
  },
  tooManyBuzzes: {
    'zh-CN': '突发 #{id}：{who} 未读加急太多（已达上限），改为加急下一位。',
    en: 'Incident #{id}: {who} has too many unread buzzes; going on with the next person.',
  },
};

export const incidentSubject: EscalationSubject = {
  title: { 'zh-CN': '突发（S1）', en: 'Incidents (S1)' },
  noun: { 'zh-CN': '突发', en: 'incidents' },
  label: { 'zh-CN': '突发', en: 'incident' },
  atOnce: { 'zh-CN': '发起后立即发卡片；只有 S1 电话升级', en: 'The card at once; only S1 ones phone' },
  aliases: ['突发', '应急'],
  defaultPolicy: DEFAULT_POLICY,
  async lock(tx, id) {
    const i = await lockIncident(tx, id);
    return i && stateOf(i);
  },
  sharedStatus: sharedStatusOf(incidents),
  cardRef: refs.card,
  ...eventLog(
    (tx, id, events) =>
      addEvents(
        tx,
        events.map((e) => ({ incidentId: id, ...e })),
      ),
    loadEvents,
  ),
  async update(deps, team, id, changes, now) {
    await updateAndPublish(deps, team, id, changes, now);
  },
  texts: TEXTS,
  directory: dutyDirectory,
};
