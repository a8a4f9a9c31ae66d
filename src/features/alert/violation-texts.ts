import { refusalTexts } from '../../escalation/refusal-texts';
/** What violations (违规) say, in both languages. */
export const VX = {
  title: { 'zh-CN': '违规 · {store} · {kind}', en: 'Violation · {store} · {kind}' },
  titleSevere: { 'zh-CN': '严重违规 · {store} · {kind}', en: 'Severe violation · {store} · {kind}' },
  store: { 'zh-CN': '店铺', en: 'Store' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  points: { 'zh-CN': '扣分', en: 'Points' },
  amount: { 'zh-CN': '罚款', en: 'Penalty' },
  when: { 'zh-CN': '发生时间', en: 'When' },
  none: { 'zh-CN': '–', en: '–' },
  amountValue: { 'zh-CN': '{n} 元', en: 'CNY {n}' },
  claimBtn: { 'zh-CN': '认领', en: 'Claim' },
  ops: { 'zh-CN': '请关注：{who}', en: 'Heads up: {who}' },
  claimedBy: { 'zh-CN': '处理人：{who}（{at}）', en: 'On it: {who} ({at})' },
  severeNote: {
    'zh-CN': '严重违规：{minutes} 分钟内无人认领将电话通知值班主管。',
    en: 'Severe: if nobody claims it within {minutes} min, the on-duty supervisor is phoned.',
  },
  listTitle: {
    'zh-CN': '近 {days} 天违规 · {n} 条（未认领 {open} 条）',
    en: 'Violations of the last {days} days · {n} ({open} unclaimed)',
  },
  listNone: { 'zh-CN': '近 {days} 天没有违规记录。', en: 'No violations in the last {days} days.' },
  listLine: {
    'zh-CN': '#{id} {store} · {kind}{severe} · 扣分 {points} · 罚款 {amount} · {when} · {who}',
    en: '#{id} {store} · {kind}{severe} · points {points} · penalty {amount} · {when} · {who}',
  },
  listSevere: { 'zh-CN': '（严重）', en: ' (severe)' },
  listUnclaimed: { 'zh-CN': '⚠️ 未认领', en: '⚠️ unclaimed' },
  listClaimed: { 'zh-CN': '✅ {who} 已认领', en: '✅ claimed by {who}' },
  listMore: { 'zh-CN': '其余 {n} 条…', en: '{n} more…' },
  badDays: {
    'zh-CN': '看不懂「{word}」：写天数，例如 /violation list 7d（1–90 天）。',
    en: 'Cannot read "{word}": give days, e.g. /violation list 7d (1–90 days).',
  },
  claimed: { 'zh-CN': '已认领违规 #{id}。', en: 'Claimed violation #{id}.' },
  alreadyClaimed: { 'zh-CN': '违规 #{id} 已由 {who} 认领。', en: 'Violation #{id} was already claimed by {who}.' },
  notFound: { 'zh-CN': '本组没有违规 #{id}。', en: 'This team has no violation #{id}.' },
  recorded: { 'zh-CN': '已记录违规 #{id}（{store}·{kind}）。', en: 'Recorded violation #{id} ({store} · {kind}).' },
  duplicate: { 'zh-CN': '这条违规已经记录过了。', en: 'This violation is already recorded.' },
  unknownStore: {
    'zh-CN': '本组没有店铺「{store}」。先用 /store add 添加。',
    en: 'This team has no store "{store}". Add it with /store add first.',
  },
  badNumber: {
    'zh-CN': '「{word}」不是有效的数字（例如 points=6 amount=500）。',
    en: '"{word}" is not a valid number (e.g. points=6 amount=500).',
  },
  severeLine: {
    'zh-CN': '严重违规：{rules}（无人认领时按升级策略电话通知）',
    en: 'Severe violations: {rules} (phoned by the escalation policy when nobody claims them)',
  },
  severeOr: { 'zh-CN': ' 或 ', en: ' or ' },
  severeNever: { 'zh-CN': '无', en: 'none' },
  severeSet: { 'zh-CN': '已更新。{line}', en: 'Updated. {line}' },
  severeBad: {
    'zh-CN': '看不懂「{word}」。例如：/alert severe points>=6 amount>=500 kinds=虚假发货,售假',
    en: 'Cannot read "{word}". E.g. /alert severe points>=6 amount>=500 kinds=虚假发货,售假',
  },
  // The escalation engine's words about a violation ({id}, {store}, {kind}).
  skippedNotice: {
    'zh-CN': '违规 #{id}（{store}·{kind}）：{skipped}，直接通知 {who}。',
    en: 'Violation #{id} ({store} · {kind}): {skipped}; calling {who} straight away.',
  },
  skippedNoDuty: { 'zh-CN': '今天没有排班', en: 'nobody is on duty today' },
  skippedNoSupervisors: { 'zh-CN': '本组没有主管', en: 'the team has no supervisors' },
  skippedNoRole: { 'zh-CN': '没有「{role}」角色的成员', en: 'nobody holds the role "{role}"' },
  skippedUnreachable: { 'zh-CN': '{who} 无法接通', en: '{who} cannot be reached' },
  unreachedNotice: {
    'zh-CN': '⚠️ 严重违规 #{id}（{store}·{kind}）{minutes} 仍无人认领，已电话 {who}，请尽快处理。',
    en: '⚠️ Severe violation #{id} ({store} · {kind}): unclaimed after {minutes}; phoned {who}.',
  },
  unreachedNobody: {
    'zh-CN': '⚠️ 严重违规 #{id}（{store}·{kind}）无人可通知，请尽快处理。',
    en: '⚠️ Severe violation #{id} ({store} · {kind}): nobody could be called.',
  },
  reminderClaimer: {
    'zh-CN': '{who} 违规 #{id}（{store}·{kind}）认领已 {minutes}，处理好了吗？',
    en: '{who} violation #{id} ({store} · {kind}) was claimed {minutes} ago: is it handled?',
  },
  reminderSupervisors: {
    'zh-CN': '{who} 违规 #{id}（{store}·{kind}）由 {claimer} 认领已 {minutes}，仍未处理。',
    en: '{who} violation #{id} ({store} · {kind}), claimed by {claimer} {minutes} ago, is still open.',
  },
  // The platform's refusals, in the words every such subject shares.
  ...refusalTexts({ 'zh-CN': '严重违规 #{id}（{store}·{kind}）', en: 'Severe violation #{id} ({store} · {kind})' }),
  subjectTitle: { 'zh-CN': '严重违规', en: 'Severe violations' },
  subjectNoun: { 'zh-CN': '违规', en: 'violations' },
  subjectAtOnce: { 'zh-CN': '收到即发卡片', en: 'The card at once' },
};
