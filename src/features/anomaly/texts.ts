/** What the anomaly card, the escalation and the anomaly commands say, in both languages. */
export const AX = {
  cardTitle: { 'zh-CN': '店铺异常 #{id} · {store} · {kind}', en: 'Store anomaly #{id} · {store} · {kind}' },
  subOpen: { 'zh-CN': '待运营认领', en: 'waiting for operations' },
  subClaimed: { 'zh-CN': '处理中', en: 'being handled' },
  subResolved: { 'zh-CN': '已解决', en: 'resolved' },
  subUnreached: { 'zh-CN': '无人响应', en: 'unreached' },
  what: { 'zh-CN': '**情况**：{text}', en: '**What**: {text}' },
  count: { 'zh-CN': '（已有 {n} 人次上报）', en: '({n} reports)' },
  ops: {
    'zh-CN': '{people} 请运营尽快处理，处理时点「认领」。',
    en: '{people} operations, please take it: tap "Claim".',
  },
  noOps: {
    'zh-CN': '本组还没有设置运营，请主管用 /role @某人 运营 设置。',
    en: 'No operations members yet: a supervisor can set them with /role @someone ops.',
  },
  scriptFrom: { 'zh-CN': '话术库 #{id}「{title}」· /script {id}', en: 'Script #{id} "{title}" · /script {id}' },
  scriptTitle: { 'zh-CN': '**客服先这样回复顾客**', en: '**Agents, tell customers meanwhile**' },
  nextStep: { 'zh-CN': '⏰ {at} 前无人认领将电话加急 {who}', en: '⏰ Unclaimed by {at}: phone buzz to {who}' },
  nextStepPrimary: { 'zh-CN': '值班主值班', en: 'the on-duty primary' },
  nextStepBackup: { 'zh-CN': '备份和主值班', en: 'the backup and the primary' },
  nextStepSupervisors: { 'zh-CN': '全体主管（第 {round} 轮）', en: 'every supervisor (round {round})' },
  nextStepUnreached: { 'zh-CN': '标记为无人响应并通知全群', en: 'mark it unreached and tell the group' },
  claimHint: {
    'zh-CN': '也可以发送 /ack {id} 认领，/resolve {id} 说明 来关闭。',
    en: 'Or send /ack {id} to claim, /resolve {id} note to close.',
  },
  timeline: { 'zh-CN': '**经过**', en: '**Timeline**' },
  claimBtn: { 'zh-CN': '认领', en: 'Claim' },
  resolveBtn: { 'zh-CN': '已解决', en: 'Resolved' },

  evReported: { 'zh-CN': '{at} {who} 上报', en: '{at} reported by {who}' },
  evMerged: { 'zh-CN': '{at} {who} 也上报了：{text}', en: '{at} {who} reported it too: {text}' },
  evBuzz: { 'zh-CN': '{at} 电话加急 {who}', en: '{at} phoned {who}' },
  evSkipped: { 'zh-CN': '{at} {step}：{why}，直接下一步', en: '{at} {step}: {why}, went straight on' },
  evUnreached: { 'zh-CN': '{at} 无人响应，已通知全群', en: '{at} nobody answered; the group was told' },
  evClaimed: { 'zh-CN': '{at} {who} 认领', en: '{at} claimed by {who}' },
  evResolved: { 'zh-CN': '{at} {who} 解决', en: '{at} resolved by {who}' },
  evResolvedNote: { 'zh-CN': '{at} {who} 解决「{note}」', en: '{at} resolved by {who}: "{note}"' },
  evReminder: { 'zh-CN': '{at} 提醒 {who}：认领后仍未解决', en: '{at} reminded {who}: claimed but not resolved' },
  evBuzzFailed: { 'zh-CN': '{at} 加急 {who} 失败：{why}', en: '{at} buzz to {who} failed: {why}' },

  whyNobody: { 'zh-CN': '现在没有人', en: 'nobody holds it now' },
  whyUnreachable: { 'zh-CN': '{who} 无法加急', en: '{who} cannot be buzzed' },

  // Group messages during the escalation.
  skippedNotice: {
    'zh-CN': '店铺异常 #{id}（{store}）：{skipped}，直接加急 {who}。',
    en: 'Store anomaly #{id} ({store}): {skipped}; buzzing {who} straight away.',
  },
  skippedNoDuty: { 'zh-CN': '现在没有人值班', en: 'nobody is on duty now' },
  skippedNoSupervisors: { 'zh-CN': '没有可加急的主管', en: 'no supervisor can be buzzed' },
  skippedNoRole: { 'zh-CN': '现在没有{role}', en: 'nobody is {role} now' },
  skippedUnreachable: {
    'zh-CN': '{role} {who} 无法加急（不在群里或账号无效）',
    en: '{role} {who} cannot be buzzed (not in the group, or invalid id)',
  },
  unreachedNotice: {
    'zh-CN':
      '⚠️ 店铺异常 #{id}（{store}·{kind}）{minutes} 仍无人认领，已电话 {who}。请看到的运营或主管立即处理，点卡片上的「认领」。',
    en: '⚠️ Store anomaly #{id} ({store} · {kind}) is unclaimed after {minutes}; phoned {who}. Operations or a supervisor: please take it now with "Claim" on the card.',
  },
  unreachedNobody: {
    'zh-CN':
      '⚠️ 店铺异常 #{id}（{store}·{kind}）无人可加急：没有人值班，也没有可加急的主管。请主管用 /duty set 设置值班、/role 设置主管。',
    en: '⚠️ Store anomaly #{id} ({store} · {kind}) cannot buzz anyone: nobody is on duty and no supervisor can be buzzed. Set /duty and /role.',
  },
  reminderClaimer: {
    'zh-CN': '{who} 店铺异常 #{id}（{store}·{kind}）认领 {minutes} 了还没解决。处理好后请发送 /resolve {id} 说明。',
    en: '{who} store anomaly #{id} ({store} · {kind}) was claimed {minutes} ago and is not resolved. When done, send /resolve {id} note.',
  },
  reminderSupervisors: {
    'zh-CN': '{who} 店铺异常 #{id}（{store}·{kind}）由 {claimer} 认领 {minutes} 仍未解决，请主管跟进。',
    en: '{who} store anomaly #{id} ({store} · {kind}), claimed by {claimer}, is still unresolved after {minutes}. Supervisors, please follow up.',
  },
  quotaEmpty: {
    'zh-CN':
      '⚠️ 电话加急额度已用完：店铺异常 #{id} 已改为应用内加急和短信加急 {who}。请企业管理员在管理后台的费用/权益页面查看并补充短信/电话加急额度。',
    en: '⚠️ The phone buzz quota is used up: store anomaly #{id} fell back to in-app and SMS buzz for {who}. A company admin can check and top up the SMS/phone buzz quota on the billing/benefits page of the admin console.',
  },
  groupForbids: {
    'zh-CN':
      '{who} ⚠️ 无法在本群加急（错误 {code}）：店铺异常 #{id} 的电话加急没有发出。请群主在 群设置 → 群管理 中把加急权限设为「所有群成员可以加急」，或设为「仅群主或管理员可以加急」并把机器人设为群管理员。',
    en: '{who} ⚠️ Buzzing is not allowed in this group (error {code}): the phone buzz for store anomaly #{id} was not sent. The group owner can set Group settings → Group management → buzz permission to \"all members\", or to \"owner and admins only\" and make the bot an admin.',
  },
  notOwnMessage: {
    'zh-CN':
      '{who} ⚠️ 加急失败（错误 {code}：只能加急机器人自己发的消息）：店铺异常 #{id} 的卡片可能已被删除。请重新上报。',
    en: '{who} ⚠️ Buzz failed (error {code}: only the bot’s own messages can be buzzed): the card of store anomaly #{id} may have been deleted. Please report it again.',
  },
  invalidPeople: {
    'zh-CN': '店铺异常 #{id}：{who} 无法加急（不在群里或账号无效），改为加急下一位。请主管检查 /duty。',
    en: 'Store anomaly #{id}: {who} cannot be buzzed (not in the group, or invalid id); going on with the next person. Supervisors, please check /duty.',
  },
  tooManyBuzzes: {
    'zh-CN': '店铺异常 #{id}：{who} 未读加急太多（已达上限），这次没有加急成功，改为加急下一位。',
    en: 'Store anomaly #{id}: {who} has too many unread buzzes (the limit is reached); going on with the next person.',
  },
} as const;
