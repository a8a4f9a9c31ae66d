import { refusalTexts } from '../../escalation/refusal-texts';
/** What the morning inspection (巡店) says, in both languages. */
export const IX = {
  // Pre-fill
  noData: { 'zh-CN': '无数据，请人工确认', en: 'No data: please check by hand' },
  andMore: { 'zh-CN': ' 等 {n} 项', en: ' and {n} more' },
  accountsOffline: {
    'zh-CN': '{n}/{total} 个账号离线：{list}',
    en: '{n} of {total} accounts offline: {list}',
  },
  accountsOnline: { 'zh-CN': '{n} 个账号均在线（数据）', en: 'All {n} accounts online (data)' },
  countOver: { 'zh-CN': '{name} 共 {n}：{list}', en: '{name}: {n} in all: {list}' },
  countOk: { 'zh-CN': '{name} {n}（{stores} 个店铺，数据）', en: '{name}: {n} ({stores} stores, data)' },
  violationsNone: { 'zh-CN': '昨日以来违规 0 条（数据）', en: 'No violations since yesterday (data)' },
  violations: {
    'zh-CN': '昨日以来违规 {n} 条，扣分 {points}：{list}',
    en: '{n} violations since yesterday, {points} points: {list}',
  },
  complaintsNone: {
    'zh-CN': '昨日以来严重客诉 0 起（客诉记录）',
    en: 'No serious complaints since yesterday (the complaint log)',
  },
  complaints: {
    'zh-CN': '昨日以来严重客诉 {n} 起（未闭环 {open}，超时 {late}）：{list}',
    en: '{n} serious complaints since yesterday ({open} open, {late} past a time limit): {list}',
  },
  complaintsUntracked: {
    'zh-CN': '投诉尚未接入，请人工查看后台与工作邮箱',
    en: 'Complaints are not tracked yet: check the back-ends and the mailbox',
  },
  kpiLine: {
    'zh-CN': '{metric} {value}（目标 {target}，差 {over}）',
    en: '{metric} {value} (target {target}, off by {over})',
  },
  kpiLineAgents: {
    'zh-CN': '{metric} {value}（目标 {target}，差 {over}；{agents}）',
    en: '{metric} {value} (target {target}, off by {over}; {agents})',
  },
  kpiOk: {
    'zh-CN': '昨日 {stores} 个店铺服务与销售数据均达标（数据）',
    en: "Yesterday's data on target in all {stores} stores (data)",
  },
  kpiOff: { 'zh-CN': '昨日 {n}/{stores} 个店铺未达标：', en: 'Yesterday {n} of {stores} stores off target:' },
  scoreFell: {
    'zh-CN': '{store} 体验分 {value}，7 日均 {level}（{diff}）',
    en: '{store} experience score {value}, 7-day mean {level} ({diff})',
  },
  scoreOk: {
    'zh-CN': '{stores} 个店铺体验分未低于 7 日水平（数据）',
    en: 'Experience scores at their 7-day level in {stores} stores (data)',
  },
  scoreNoLevel: { 'zh-CN': '缺少前 7 日数据，无法比较', en: 'No data for the 7 days before to compare with' },
  satBelow: {
    'zh-CN': '{store} 满意率 {value}（目标 {target}）',
    en: '{store} satisfaction {value} (target {target})',
  },
  satBelowCount: {
    'zh-CN': '{store} 满意率 {value}（目标 {target}），不满意 {count} 人',
    en: '{store} satisfaction {value} (target {target}), {count} dissatisfied',
  },
  satOk: { 'zh-CN': '{stores} 个店铺满意率达标（数据）', en: 'Satisfaction on target in {stores} stores (data)' },
  satNoTarget: {
    'zh-CN': '满意率未设目标（/target 满意率 >=95%）',
    en: 'No satisfaction target set (/target 满意率 >=95%)',
  },

  // The card
  title: { 'zh-CN': '巡店 · {day} · {done}/{total}', en: 'Inspection · {day} · {done}/{total}' },
  titleDone: { 'zh-CN': '巡店完成 · {day} · {problems} 个问题', en: 'Inspection done · {day} · {problems} problems' },
  owner: { 'zh-CN': '负责人：{who}　截止：{deadline}', en: 'Owner: {who}   Deadline: {deadline}' },
  ownerNobody: { 'zh-CN': '（无人值班）', en: '(nobody on duty)' },
  pending: { 'zh-CN': '待检查', en: 'To check' },
  ok: { 'zh-CN': '正常', en: 'OK' },
  problem: { 'zh-CN': '有问题', en: 'Problem' },
  dataOk: { 'zh-CN': '正常（数据）', en: 'OK (data)' },
  dataIssue: { 'zh-CN': '数据异常', en: 'the data shows something' },
  confirmedBy: { 'zh-CN': '{who} {at}', en: '{who} {at}' },
  problemLine: { 'zh-CN': '问题：{note}　跟进：{owner}', en: 'Problem: {note}   Follow-up: {owner}' },
  okBtn: { 'zh-CN': '正常', en: 'OK' },
  problemBtn: { 'zh-CN': '有问题', en: 'Problem' },
  restBtn: { 'zh-CN': '其余全部正常', en: 'All the rest OK' },
  restConfirm: { 'zh-CN': '把所有待检查项标为正常？', en: 'Mark every item still to check as OK?' },
  formNo: { 'zh-CN': '项目编号', en: 'Item number' },
  formNote: { 'zh-CN': '问题说明（跟进人默认是你）', en: 'What is wrong (you follow it up)' },
  formSubmit: { 'zh-CN': '登记问题', en: 'Record the problem' },
  carried: { 'zh-CN': '**未完成的跟进**', en: '**Open follow-ups**' },
  carriedLine: { 'zh-CN': '{day} {item}：{note}（{owner}）', en: '{day} {item}: {note} ({owner})' },
  followupDoneBtn: { 'zh-CN': '已处理 #{id}', en: 'Done #{id}' },
  footer: {
    'zh-CN': '也可以用命令：/inspect 3 problem 说明 @跟进人　/inspect 3 ok',
    en: 'Or by command: /inspect 3 problem what @owner   /inspect 3 ok',
  },
  late: { 'zh-CN': '⚠️ 已过截止时间', en: '⚠️ Past the deadline' },

  // Answers
  markedOk: { 'zh-CN': '第 {n} 项已确认正常（{done}/{total}）', en: 'Item {n} is OK ({done}/{total})' },
  markedProblem: {
    'zh-CN': '第 {n} 项已登记问题（{done}/{total}）',
    en: 'Item {n}: problem recorded ({done}/{total})',
  },
  markedRest: { 'zh-CN': '其余 {n} 项已标为正常（{done}/{total}）', en: 'The other {n} items are OK ({done}/{total})' },
  same: { 'zh-CN': '第 {n} 项已是这个状态', en: 'Item {n} is already so' },
  nothingPending: { 'zh-CN': '没有待检查的项目了', en: 'Nothing left to check' },
  badItem: { 'zh-CN': '没有第 {n} 项（共 {total} 项）', en: 'There is no item {n} (of {total})' },
  notAllowed: {
    'zh-CN': '只有组长或主管可以确认巡店项目',
    en: 'Only leaders and supervisors may confirm inspection items',
  },
  noInspection: {
    'zh-CN': '今天还没有巡店。发送 /inspect 立即开始。',
    en: 'No inspection today yet. Send /inspect to start one now.',
  },
  gone: { 'zh-CN': '这次巡店已不存在', en: 'This inspection no longer exists' },
  alreadyPosted: {
    'zh-CN': '今天的巡店已发布（{done}/{total}），见上方卡片。',
    en: "Today's inspection is already posted ({done}/{total}): see the card above.",
  },
  noteMissing: { 'zh-CN': '待补充说明', en: 'details to follow' },
  addNote: {
    'zh-CN': '可用下方表单或 /inspect {n} problem 说明 @跟进人 补充说明',
    en: 'Add the details with the form below or /inspect {n} problem what @owner',
  },
  formBadNo: {
    'zh-CN': '「{word}」不是项目编号，请填卡片上的数字，例如 3',
    en: '"{word}" is not an item number: use the number on the card, e.g. 3',
  },
  needNote: {
    'zh-CN': '请写明问题，例如 /inspect 3 problem 运营群有未读 @李组长',
    en: 'Say what is wrong, e.g. /inspect 3 problem unread in the ops group @李组长',
  },
  followupDone: { 'zh-CN': '跟进 #{id} 已处理', en: 'Follow-up #{id} done' },
  followupGone: { 'zh-CN': '跟进 #{id} 已处理过或不存在', en: 'Follow-up #{id} is already done or unknown' },

  // Settings
  settings: {
    'zh-CN': '巡店：{time} 发布（{days}），{deadline} 截止；负责人 {owner}。\n项目（{n}）：\n{items}',
    en: 'Inspection: posted at {time} ({days}), due {deadline}; owner {owner}.\nItems ({n}):\n{items}',
  },
  scheduleOff: { 'zh-CN': '已关闭', en: 'off' },
  ownerDefault: { 'zh-CN': '值班主值班（无人值班时为主管）', en: 'the on-duty primary (else a supervisor)' },
  timeSet: {
    'zh-CN': '巡店时间已改为 {time}（{days}），{deadline} 截止；下次：{next}。',
    en: 'Inspection now at {time} ({days}), due {deadline}; next: {next}.',
  },
  badTime: { 'zh-CN': '「{word}」不是时间，例如 08:30', en: '"{word}" is not a time, e.g. 08:30' },
  badDays: {
    'zh-CN': '「{word}」不是星期，例如 mon-fri、周一至周五、每天',
    en: '"{word}" is not weekdays, e.g. mon-fri',
  },
  deadlineBefore: {
    'zh-CN': '截止时间 {deadline} 应晚于发布时间 {time}',
    en: 'The deadline {deadline} must come after the time {time}',
  },
  ownerSet: { 'zh-CN': '巡店负责人：{who}（从下次巡店起）', en: 'Inspection owner: {who} (from the next inspection)' },
  ownerReset: { 'zh-CN': '巡店负责人恢复为值班主值班。', en: 'The owner is the on-duty primary again.' },
  itemsChanged: {
    'zh-CN': '已更新巡店项目（从下次巡店起生效）：\n{items}',
    en: 'Items updated (from the next inspection on):\n{items}',
  },
  editBad: {
    'zh-CN': '没有改动：{why}',
    en: 'Nothing changed: {why}',
  },
  whyBadNumber: { 'zh-CN': '项目编号不对（共 {n} 项）', en: 'no such item number (there are {n})' },
  whyTooMany: { 'zh-CN': '最多 {max} 项', en: 'at most {max} items' },
  whyDuplicate: { 'zh-CN': '已有同名项目', en: 'an item of that name exists' },
  whyBadName: { 'zh-CN': '名称需 1–{max} 个字', en: 'a name takes 1–{max} characters' },
  whyLastItem: { 'zh-CN': '至少保留一项', en: 'keep at least one item' },

  // Deadline
  reminderGroup: {
    'zh-CN': '{who} 巡店还有 {n} 项未检查，{deadline} 截止。',
    en: '{who} the inspection has {n} items left, due {deadline}.',
  },
  reminderPrivate: {
    'zh-CN': '提醒：今天的巡店还有 {n} 项未检查，{deadline} 截止。',
    en: "Reminder: today's inspection has {n} items left, due {deadline}.",
  },
  overdueGroup: {
    'zh-CN': '⚠️ 巡店已到截止时间，仍有 {n} 项未检查：{items}',
    en: '⚠️ The inspection is past its deadline with {n} items unchecked: {items}',
  },

  // History
  historyTitle: { 'zh-CN': '巡店记录 · 近 {days} 天', en: 'Inspections · last {days} days' },
  historyNone: { 'zh-CN': '近 {days} 天没有巡店记录。', en: 'No inspections in the last {days} days.' },
  historyFields: {
    'zh-CN': '完成率|中位用时|逾期天数|问题数',
    en: 'Completion|Median time|Late days|Problems',
  },
  minutes: { 'zh-CN': '{n} 分钟', en: '{n} min' },
  chartTitle: { 'zh-CN': '每日完成用时（分钟）', en: 'Minutes to complete, per day' },
  problemsPerItem: { 'zh-CN': '**各项问题数**\n{list}', en: '**Problems per item**\n{list}' },
  noProblems: { 'zh-CN': '无', en: 'none' },

  // Digest
  digestTitle: { 'zh-CN': '巡店', en: 'Inspection' },
  digestToday: {
    'zh-CN': '今日巡店：{done}/{total}，{problems} 个问题，{deadline} 截止',
    en: "Today's inspection: {done}/{total}, {problems} problems, due {deadline}",
  },
  digestTodayNone: { 'zh-CN': '今日巡店：尚未发布', en: "Today's inspection: not posted yet" },
  digestYesterday: {
    'zh-CN': '昨日巡店：{state}',
    en: "Yesterday's inspection: {state}",
  },
  digestDone: { 'zh-CN': '{at} 完成，{problems} 个问题', en: 'done at {at}, {problems} problems' },
  digestUnfinished: { 'zh-CN': '未完成（{done}/{total}）', en: 'unfinished ({done}/{total})' },
  digestNotPosted: { 'zh-CN': '无', en: 'none' },
  digestWeek: {
    'zh-CN': '完成率 {rate}（{done}/{days} 天），逾期 {late} 天；问题最多：{top}',
    en: 'Completion {rate} ({done} of {days} days), {late} late; most problems: {top}',
  },

  // The escalation engine's words ({id}, {day})
  subjectTitle: { 'zh-CN': '巡店逾期', en: 'Inspections past their deadline' },
  subjectNoun: { 'zh-CN': '巡店', en: 'inspections' },
  subjectAtOnce: { 'zh-CN': '截止前 30 分钟提醒负责人', en: 'The owner is reminded 30 min before the deadline' },
  skippedNotice: {
    'zh-CN': '巡店 {day}：{skipped}，直接通知 {who}。',
    en: 'Inspection {day}: {skipped}; calling {who} straight away.',
  },
  skippedNoDuty: { 'zh-CN': '今天没有排班', en: 'nobody is on duty today' },
  skippedNoSupervisors: { 'zh-CN': '本组没有主管', en: 'the team has no supervisors' },
  skippedNoRole: { 'zh-CN': '没有「{role}」角色的成员', en: 'nobody holds the role "{role}"' },
  skippedUnreachable: { 'zh-CN': '{who} 无法接通', en: '{who} cannot be reached' },
  unreachedNotice: {
    'zh-CN': '⚠️ 巡店 {day} 逾期 {minutes} 仍未完成，已通知 {who}。',
    en: '⚠️ Inspection {day}: still unfinished {minutes} after the deadline; {who} told.',
  },
  unreachedNobody: {
    'zh-CN': '⚠️ 巡店 {day} 逾期未完成，无人可通知。',
    en: '⚠️ Inspection {day} is late and nobody could be told.',
  },
  reminderClaimer: { 'zh-CN': '{who} 巡店 {day} 仍未完成。', en: '{who} inspection {day} is still unfinished.' },
  reminderSupervisors: {
    'zh-CN': '{who} 巡店 {day} 由 {claimer} 跟进已 {minutes}，仍未完成。',
    en: '{who} inspection {day}, taken by {claimer} {minutes} ago, is still unfinished.',
  },
  // The platform's refusals, in the words every such subject shares.
  ...refusalTexts({ 'zh-CN': '巡店 {day}', en: 'Inspection {day}' }),
};
