import type { Text } from '../i18n';
import type { EscalationTexts } from './subject';

/**
 * The group messages for the platform's refusals of a buzz (the quota used up, a group that forbids
 * buzzing, a deleted card, people who cannot be buzzed, too many unread), said the same of any
 * subject with its own words for what was buzzed: `what` is that phrase, with the subject's
 * placeholders ("风险订单 #{id}（{store}·{kind}）"). The engine fills {who}, and {code} where the
 * platform gave one. Subjects with words of their own (anomalies, incidents) keep them.
 */
export function refusalTexts(
  what: Text,
): Pick<EscalationTexts, 'quotaEmpty' | 'groupForbids' | 'notOwnMessage' | 'invalidPeople' | 'tooManyBuzzes'> {
  const zh = what['zh-CN'];
  const en = what.en;
  return {
    quotaEmpty: {
      'zh-CN': `⚠️ 电话加急额度已用完：${zh} 已改为短信加急 {who}。请企业管理员在管理后台的费用/权益页面补充电话加急额度。`,
      en: `⚠️ The phone buzz quota is used up: ${en} fell back to an SMS buzz for {who}. A company admin can top up the quota on the billing/benefits page of the admin console.`,
    },
    groupForbids: {
      'zh-CN': `{who} ⚠️ 无法在本群加急（错误 {code}）：${zh} 的加急没有发出。请群主在 群设置 → 群管理 中允许机器人加急。`,
      en: `{who} ⚠️ Buzzing is not allowed in this group (error {code}): the buzz for ${en} was not sent. The group owner can allow the bot to buzz under Group settings → Group management.`,
    },
    notOwnMessage: {
      'zh-CN': `{who} ⚠️ 加急失败（错误 {code}）：${zh} 的卡片可能已被删除。`,
      en: `{who} ⚠️ Buzz failed (error {code}): the card of ${en} may have been deleted.`,
    },
    invalidPeople: {
      'zh-CN': `${zh}：{who} 无法加急（不在群里或账号无效），改为加急下一位。请主管检查 /duty。`,
      en: `${en}: {who} cannot be buzzed (not in the group, or invalid id); going on with the next person. Supervisors, please check /duty.`,
    },
    tooManyBuzzes: {
      'zh-CN': `${zh}：{who} 未读加急太多（已达上限），这次没有加急成功，改为加急下一位。`,
      en: `${en}: {who} has too many unread buzzes (the limit is reached); going on with the next person.`,
    },
  };
}
