/** What the serious-complaint log (客诉) says, in both languages. */
import type { Text } from '../../i18n';
import { AX } from '../anomaly/texts';
import type { Answer, Category, Responsibility, RootCause, Stage } from './rules';
import type { Fact } from './schema';
import { refusalTexts } from '../../escalation/refusal-texts';

export const CATEGORY_NAMES: Record<Category, Text> = {
  quality: { 'zh-CN': '质量问题', en: 'quality' },
  logistics: { 'zh-CN': '物流', en: 'logistics' },
  wrong_item: { 'zh-CN': '错发漏发', en: 'wrong item' },
  price: { 'zh-CN': '价格/优惠券', en: 'price / coupon' },
  attitude: { 'zh-CN': '服务态度', en: 'service attitude' },
  aftersales: { 'zh-CN': '售后延迟', en: 'after-sales delay' },
  other: { 'zh-CN': '其他', en: 'other' },
};

export const RESPONSIBILITY_NAMES: Record<Responsibility, Text> = {
  product: { 'zh-CN': '商品', en: 'product' },
  logistics: { 'zh-CN': '物流', en: 'logistics' },
  store: { 'zh-CN': '店铺', en: 'store' },
  customer: { 'zh-CN': '顾客', en: 'customer' },
  platform: { 'zh-CN': '平台', en: 'platform' },
};

export const CAUSE_NAMES: Record<RootCause, Text> = {
  ...RESPONSIBILITY_NAMES,
  process: { 'zh-CN': '流程', en: 'process' },
  training: { 'zh-CN': '培训', en: 'training' },
};

export const STAGE_NAMES: Record<Stage, Text> = {
  respond: { 'zh-CN': '响应', en: 'respond' },
  review: { 'zh-CN': '审核', en: 'review' },
  settle: { 'zh-CN': '解决', en: 'settle' },
};

export const ANSWER_NAMES: Record<Answer, Text> = {
  accepted: { 'zh-CN': '接受', en: 'accepted' },
  declined: { 'zh-CN': '拒绝', en: 'declined' },
  no_answer: { 'zh-CN': '未回复', en: 'no answer' },
};

export const ROLE_NAMES: Record<string, Text> = {
  agent: { 'zh-CN': '客服', en: 'agent' },
  leader: { 'zh-CN': '组长', en: 'leader' },
  supervisor: { 'zh-CN': '主管', en: 'supervisor' },
  ops: { 'zh-CN': '运营', en: 'operations' },
};

/** Step 1's fields, and the words `/complaint <id> facts` takes for them (first is the label). */
export const FACT_NAMES: Record<Fact, Text> = {
  story: { 'zh-CN': '经过', en: 'What happened' },
  need: { 'zh-CN': '真实诉求', en: 'What they really want' },
  progress: { 'zh-CN': '处理进度', en: 'How far handling got' },
};
export const FACT_WORDS: Record<Fact, string[]> = {
  story: ['经过', 'story', 'what'],
  need: ['真实诉求', '诉求', 'need', 'wants'],
  progress: ['处理进度', '进度', 'progress'],
};

export const CX = {
  title: { 'zh-CN': '客诉 #{id} · {store} · {category}', en: 'Complaint #{id} · {store} · {category}' },
  closedTitle: { 'zh-CN': '✅ 客诉 #{id} 已闭环 · {store}', en: '✅ Complaint #{id} closed · {store}' },
  head: {
    'zh-CN': '订单 {order} · 顾客诉求：{wants}\n负责人 {owner} · 发起于 {at}',
    en: 'Order {order} · the customer wants: {wants}\nOwner {owner} · opened {at}',
  },
  orderWarn: {
    'zh-CN': '⚠️ 订单号「{order}」不像{platform}的订单号，请核对（已照常记录）。',
    en: '⚠️ "{order}" does not look like a {platform} order id: please check it (recorded anyway).',
  },
  sla: { 'zh-CN': '时限：{list}', en: 'Time limits: {list}' },
  slaItem: { 'zh-CN': '{stage} {at}{mark}', en: '{stage} {at}{mark}' },
  slaDone: { 'zh-CN': ' ✅', en: ' ✅' },
  slaBreached: { 'zh-CN': ' ⚠️超时', en: ' ⚠️ late' },
  paused: {
    'zh-CN': '⏸ 等待顾客中（{at} 起），时限暂停。/complaint {id} resume 恢复',
    en: '⏸ Waiting for the customer since {at}: the clock is paused. /complaint {id} resume to go on',
  },
  s1: { 'zh-CN': '**① 定位问题**', en: '**① Locate the problem**' },
  s1Hint: {
    'zh-CN': '在上面填写后保存，或 /complaint {id} facts 经过=… 诉求=… 进度=…；其他记录：/complaint {id} note <内容>',
    en: 'Fill in above and save, or /complaint {id} facts story=… need=… progress=…; other notes: /complaint {id} note <text>',
  },
  factEmpty: { 'zh-CN': '（未填写）', en: '(not yet)' },
  factMeta: { 'zh-CN': '{text}（{who} · {at}）', en: '{text} ({who} · {at})' },
  factPlaceholder: {
    'zh-CN': '聊天记录、订单备注、上一位处理人的说法',
    en: 'Chat log, order notes, what the previous handler said',
  },
  factsSaveBtn: { 'zh-CN': '保存定位', en: 'Save' },
  factsSaved: { 'zh-CN': '已更新客诉 #{id} 的{fields}。', en: 'Updated {fields} on complaint #{id}.' },
  factsSame: { 'zh-CN': '客诉 #{id} 的定位没有变化。', en: 'Nothing changed on complaint #{id}.' },
  factsUsage: {
    'zh-CN': '写成 facts 经过=… 诉求=… 进度=…（至少一项）。',
    en: 'Write facts story=… need=… progress=… (at least one).',
  },
  respNotePlaceholder: { 'zh-CN': '判定依据（选填），再点责任方', en: 'Why (optional), then press whose it is' },
  s2: { 'zh-CN': '**② 确定责任**', en: '**② Responsibility**' },
  s2Set: { 'zh-CN': '{resp}（{who}）{note}', en: '{resp} ({who}) {note}' },
  s2Change: {
    'zh-CN': '判定有变（例如平台裁定后）可重新选择，附上说明。',
    en: 'If the ruling changes (say, after the platform decides), choose again with a note.',
  },
  s2Hint: { 'zh-CN': '按平台规则判定责任方：', en: 'By the platform’s rules, whose is it:' },
  s3: { 'zh-CN': '**③ 风险预估**', en: '**③ Risk estimate**' },
  s3Direct: {
    'zh-CN': '最坏 {worst}，≤ 风险线 ¥{line}：可直接处理，负责人在权限内解决。',
    en: 'Worst case {worst}, ≤ the ¥{line} risk line: 可直接处理, the owner settles it within their authority.',
  },
  s3Needs: {
    'zh-CN': '最坏 {worst}{crisis}，超过风险线 ¥{line}：主管和运营批准后才能给方案。',
    en: 'Worst case {worst}{crisis}, above the ¥{line} risk line: the supervisor and operations approve before any offer.',
  },
  s3Crisis: { 'zh-CN': '，可能引发品牌舆情', en: ', a possible brand crisis' },
  s3CrisisHint: {
    'zh-CN': '舆情风险：建议同时发起 /incident opinion，统一口径。',
    en: 'Brand risk: consider /incident opinion too, for one agreed wording.',
  },
  unknownAmount: { 'zh-CN': '金额未填', en: 'amount unknown' },
  yuan: { 'zh-CN': '¥{n}', en: '¥{n}' },
  approvedBy: { 'zh-CN': '{role}已批准：{who}（{at}）', en: '{role} approved: {who} ({at})' },
  approveRiskBtn: { 'zh-CN': '{role}批准', en: '{role} approves' },
  s4: { 'zh-CN': '**④ 补偿方案**（逐档提出，不先亮底牌）', en: '**④ Compensation** (one tier at a time)' },
  offerLine: {
    'zh-CN': '第 {tier} 档 {label}（¥{amount}）· {who} {at}{state}',
    en: 'Tier {tier} {label} (¥{amount}) · {who} {at}{state}',
  },
  offerPending: { 'zh-CN': ' · ⏳ 待{role}批准', en: ' · ⏳ waiting for a {role}’s approval' },
  offerApproved: { 'zh-CN': ' · {who} 批准', en: ' · approved by {who}' },
  offerAnswer: { 'zh-CN': ' · 顾客{answer}', en: ' · customer {answer}' },
  offerNextBtn: { 'zh-CN': '提出第 {tier} 档：{label}', en: 'Offer tier {tier}: {label}' },
  approveOfferBtn: { 'zh-CN': '批准第 {tier} 档（¥{amount}）', en: 'Approve tier {tier} (¥{amount})' },
  tiersLeft: { 'zh-CN': '后面还有 {n} 档', en: '{n} more tiers behind it' },
  s5: { 'zh-CN': '**⑤ 客户沟通**', en: '**⑤ Talking with the customer**' },
  s5Script: { 'zh-CN': '开场话术：{text}', en: 'Opening: {text}' },
  s5ScriptFrom: { 'zh-CN': '话术库 #{id}「{title}」· /script {id}', en: 'Script #{id} "{title}" · /script {id}' },
  s5Hint: { 'zh-CN': '第 {tier} 档顾客的答复：', en: 'The customer’s answer to tier {tier}:' },
  answerBtn: { 'zh-CN': '{answer}', en: '{answer}' },
  contactLine: { 'zh-CN': '{at} 第 {tier} 档 · {answer}（{who}）', en: '{at} tier {tier} · {answer} ({who})' },
  s6: { 'zh-CN': '**⑥ 闭环改进**', en: '**⑥ Close the loop**' },
  s6Hint: {
    'zh-CN': '/complaint {id} close <原因类别> <根因> ; <预防措施> [training|process @负责人]',
    en: '/complaint {id} close <cause> <root cause> ; <prevention> [training|process @owner]',
  },
  s6Done: {
    'zh-CN': '根因：{cause} · {text}\n预防：{prevention}{followup}',
    en: 'Root cause: {cause} · {text}\nPrevention: {prevention}{followup}',
  },
  s6Followup: { 'zh-CN': '\n跟进：{kind}（{who}）{state}', en: '\nFollow-up: {kind} ({who}) {state}' },
  followupKinds: { 'zh-CN': '培训|流程改进', en: 'training|process change' },
  followupOpen: { 'zh-CN': '进行中', en: 'open' },
  followupDone: { 'zh-CN': '✅ 已完成', en: '✅ done' },
  escalated: {
    'zh-CN': '⚠️ 已超时并升级主管（{at}）。',
    en: '⚠️ Past its time limit and escalated to the supervisor ({at}).',
  },
  escalationAcked: { 'zh-CN': '主管 {who} 已跟进（{at}）。', en: 'Supervisor {who} is on it ({at}).' },
  ackBtn: { 'zh-CN': '我来跟进', en: 'I’m on it' },
  // answers
  opened: { 'zh-CN': '已登记客诉 #{id}（{store}·{category}）。', en: 'Opened complaint #{id} ({store} · {category}).' },
  notFound: { 'zh-CN': '本组没有客诉 #{id}。', en: 'This team has no complaint #{id}.' },
  closedAlready: { 'zh-CN': '客诉 #{id} 已经闭环了。', en: 'Complaint #{id} is already closed.' },
  noted: { 'zh-CN': '已记录到客诉 #{id}。', en: 'Noted on complaint #{id}.' },
  respSet: { 'zh-CN': '客诉 #{id} 责任方：{resp}。', en: 'Complaint #{id}: responsibility {resp}.' },
  respSame: {
    'zh-CN': '客诉 #{id} 的责任方已经是 {resp}（{who}）。',
    en: 'Complaint #{id} is already {resp} ({who}).',
  },
  riskApproved: {
    'zh-CN': '已记录{role}批准（客诉 #{id}）。',
    en: 'Recorded the {role}’s approval (complaint #{id}).',
  },
  riskAlready: {
    'zh-CN': '客诉 #{id} 的{role}批准已由 {who} 给出。',
    en: 'Complaint #{id}: {who} already gave the {role}’s approval.',
  },
  riskNotNeeded: {
    'zh-CN': '客诉 #{id} 在风险线内，不需要批准。',
    en: 'Complaint #{id} is within the risk line: no approval is needed.',
  },
  riskWrongRole: {
    'zh-CN': '只有主管或运营可以批准风险预估（你是{role}）。',
    en: 'Only a supervisor or operations may approve the risk estimate (you are {role}).',
  },
  offered: {
    'zh-CN': '客诉 #{id}：已提出第 {tier} 档（{label}）。',
    en: 'Complaint #{id}: offered tier {tier} ({label}).',
  },
  offerNeedsApproval: {
    'zh-CN': '客诉 #{id}：第 {tier} 档 ¥{amount} 超出你的权限（¥{limit}），已请{role}在卡片上批准。',
    en: 'Complaint #{id}: tier {tier} (¥{amount}) is above your authority (¥{limit}); a {role} is asked to approve it on the card.',
  },
  offerRisk: {
    'zh-CN': '客诉 #{id} 超过风险线：主管和运营批准后才能提出补偿。',
    en: 'Complaint #{id} is above the risk line: the supervisor and operations approve before any offer.',
  },
  offerSettled: {
    'zh-CN': '客诉 #{id} 顾客已接受方案，不再加档。',
    en: 'Complaint #{id}: the customer accepted; no more tiers.',
  },
  offerAlready: {
    'zh-CN': '客诉 #{id} 的第 {tier} 档已经提出过了。',
    en: 'Complaint #{id}: tier {tier} was already offered.',
  },
  offerWaiting: {
    'zh-CN': '客诉 #{id}：先记录顾客对第 {tier} 档的答复（拒绝后才提下一档）。',
    en: 'Complaint #{id}: record the customer’s answer to tier {tier} first (the next one follows a decline).',
  },
  offerOutOfOrder: {
    'zh-CN': '客诉 #{id}：补偿要逐档提出，下一档是第 {next} 档。',
    en: 'Complaint #{id}: tiers go in order; the next one is tier {next}.',
  },
  offerNoMore: { 'zh-CN': '客诉 #{id} 的补偿档位已经用完。', en: 'Complaint #{id} has no tiers left.' },
  approved: { 'zh-CN': '已批准客诉 #{id} 第 {tier} 档。', en: 'Approved tier {tier} of complaint #{id}.' },
  approvalNone: {
    'zh-CN': '客诉 #{id} 第 {tier} 档不需要批准。',
    en: 'Tier {tier} of complaint #{id} needs no approval.',
  },
  approvalAlready: {
    'zh-CN': '客诉 #{id} 第 {tier} 档已由 {who} 批准。',
    en: 'Tier {tier} of complaint #{id} was approved by {who}.',
  },
  approvalAuthority: {
    'zh-CN': '你的权限（¥{limit}）不够批准 ¥{amount}，需要{role}。',
    en: 'Your authority (¥{limit}) does not cover ¥{amount}: a {role} is needed.',
  },
  answered: {
    'zh-CN': '客诉 #{id}：顾客{answer}第 {tier} 档。',
    en: 'Complaint #{id}: the customer {answer} tier {tier}.',
  },
  answerSame: {
    'zh-CN': '客诉 #{id} 第 {tier} 档已记录为{answer}。',
    en: 'Tier {tier} of complaint #{id} is already {answer}.',
  },
  answerNone: {
    'zh-CN': '客诉 #{id} 还没有等待答复的方案。',
    en: 'Complaint #{id} has no offer waiting for an answer.',
  },
  acked: { 'zh-CN': '已跟进客诉 #{id}，升级停止。', en: 'On complaint #{id}: the escalation stops.' },
  ackAlready: { 'zh-CN': '客诉 #{id} 已由 {who} 跟进。', en: 'Complaint #{id}: {who} is already on it.' },
  ackRole: {
    'zh-CN': '客诉 #{id} 的超时升级由主管或组长跟进，你的角色不能停止它。',
    en: 'Complaint #{id}: a supervisor or leader takes the escalation; your role cannot stop it.',
  },
  ackNotEscalated: { 'zh-CN': '客诉 #{id} 没有在升级中。', en: 'Complaint #{id} is not escalating.' },
  pausedOk: {
    'zh-CN': '客诉 #{id} 时限暂停（等待顾客）。',
    en: 'Complaint #{id}: the clock is paused (waiting for the customer).',
  },
  pausedAlready: { 'zh-CN': '客诉 #{id} 已经暂停了。', en: 'Complaint #{id} is already paused.' },
  resumed: {
    'zh-CN': '客诉 #{id} 时限恢复，暂停了 {minutes}。',
    en: 'Complaint #{id}: the clock runs again after {minutes}.',
  },
  notPaused: { 'zh-CN': '客诉 #{id} 没有暂停。', en: 'Complaint #{id} is not paused.' },
  closed: { 'zh-CN': '客诉 #{id} 已闭环。', en: 'Closed complaint #{id}.' },
  crisisSet: {
    'zh-CN': '客诉 #{id} 标记为舆情风险：需主管和运营批准。',
    en: 'Complaint #{id} flagged as a brand risk: the supervisor and operations approve.',
  },
  crisisAlready: { 'zh-CN': '客诉 #{id} 已标记为舆情风险。', en: 'Complaint #{id} is already flagged.' },
  followupDoneOk: { 'zh-CN': '客诉 #{id} 的跟进项已完成。', en: 'The follow-up of complaint #{id} is done.' },
  followupNone: { 'zh-CN': '客诉 #{id} 没有未完成的跟进项。', en: 'Complaint #{id} has no open follow-up.' },
  // bad input
  newUsage: {
    'zh-CN': '用法：/complaint new <店铺> <订单号> <顾客诉求> [amount=金额] [category=类别] [crisis=yes]',
    en: 'Usage: /complaint new <store> <order> <what the customer wants> [amount=N] [category=…] [crisis=yes]',
  },
  newExample: {
    'zh-CN': '例如：/complaint new 天猫旗舰店 4012345678901234567 收到破损要求退款 amount=30 category=质量',
    en: 'E.g. /complaint new 天猫旗舰店 4012345678901234567 arrived broken, wants a refund amount=30 category=quality',
  },
  idUsage: {
    'zh-CN': '用法：/complaint <编号> facts|note|resp|offer|approve|answer|pause|resume|crisis|close|followup …',
    en: 'Usage: /complaint <id> facts|note|resp|offer|approve|answer|pause|resume|crisis|close|followup …',
  },
  idExample: {
    'zh-CN': '例如：/complaint 12 resp logistics 快递延误',
    en: 'E.g. /complaint 12 resp logistics courier late',
  },
  amountAmbiguous: {
    'zh-CN': '金额「{word}」不确定（是一个范围？）：请写一个数，例如 amount=30 或 amount=三十元。',
    en: 'The amount "{word}" is not one number (a range?): write one, e.g. amount=30 or amount=三十元.',
  },
  amountBad: {
    'zh-CN': '看不懂金额「{word}」：写成 30、30元、¥30 或 三十元。',
    en: 'Cannot read the amount "{word}": write it like 30, 30元, ¥30 or 三十元.',
  },
  badCategory: {
    'zh-CN': '没有客诉类别「{word}」。可选：{list}',
    en: 'No complaint category "{word}". One of: {list}',
  },
  badResp: { 'zh-CN': '没有责任方「{word}」。可选：{list}', en: 'No responsibility "{word}". One of: {list}' },
  badCause: { 'zh-CN': '没有原因类别「{word}」。可选：{list}', en: 'No root-cause category "{word}". One of: {list}' },
  badAnswer: {
    'zh-CN': '顾客答复写 accepted（接受）、declined（拒绝）或 none（未回复）。',
    en: 'Write the answer as accepted, declined or none.',
  },
  needStore: { 'zh-CN': '请写明店铺。', en: 'Name the store.' },
  needOrder: { 'zh-CN': '请写明订单号。', en: 'Give the order id.' },
  auditRisk: {
    'zh-CN': '批准客诉 #{id}（{store}）超过风险线的处理（{role}）',
    en: 'Approved handling complaint #{id} ({store}) above the risk line ({role})',
  },
  auditOffer: {
    'zh-CN': '批准客诉 #{id}（{store}）第 {tier} 档补偿（¥{amount}）',
    en: 'Approved tier {tier} (¥{amount}) of complaint #{id} ({store})',
  },
  auditLimits: { 'zh-CN': '修改客诉权限：{line}', en: 'Changed complaint authority: {line}' },
  formTitle: { 'zh-CN': '登记严重客诉', en: 'Open a serious complaint' },
  formStore: { 'zh-CN': '店铺', en: 'Store' },
  formOrder: { 'zh-CN': '订单号', en: 'Order id' },
  formWants: { 'zh-CN': '顾客诉求', en: 'What the customer wants' },
  formWantsHint: { 'zh-CN': '例如：收到破损要求退款', en: 'e.g. arrived broken, wants a refund' },
  formAmount: { 'zh-CN': '涉及金额（可不填）', en: 'Amount (optional)' },
  formCategory: { 'zh-CN': '类别（可不填，默认其他）', en: 'Category (optional; other if empty)' },
  formSubmit: { 'zh-CN': '登记并发出六步卡片', en: 'Open it and post the six-step card' },
  formNote: {
    'zh-CN': '也可以一行写完：/complaint new 店铺 订单号 诉求 amount=30 category=质量',
    en: 'Or in one line: /complaint new <store> <order> <wants> amount=30 category=quality',
  },
  formOpened: {
    'zh-CN': '已登记客诉 #{id}（{store} · {category}），六步卡片已发到群里。',
    en: 'Complaint #{id} opened ({store} · {category}); its card is in the group.',
  },
  formAlready: { 'zh-CN': '这张表已登记为客诉 #{id}。', en: 'This form already opened complaint #{id}.' },
  needWants: { 'zh-CN': '请写明顾客诉求。', en: 'Say what the customer wants.' },
  needNote: { 'zh-CN': '请写下要记录的内容。', en: 'Say what to note.' },
  closeNeeds: {
    'zh-CN': '闭环需要根因（类别 + 说明）和预防措施，用「;」分开。',
    en: 'Closing needs the root cause (a category and text) and the prevention, separated by ";".',
  },
  followupNeedsOwner: {
    'zh-CN': '{kind} 需要一位负责人：在后面 @ 一位同事。',
    en: '{kind} needs an owner: @-mention a colleague after it.',
  },
  tooLong: { 'zh-CN': '最多 {n} 个字。', en: 'At most {n} characters.' },
  badTarget: {
    'zh-CN': '看不懂「{word}」：写客诉编号，或 new / list / stats / tiers。',
    en: 'Cannot read "{word}": give a complaint id, or new / list / stats / tiers.',
  },
  badId: { 'zh-CN': '看不懂「{word}」。', en: 'Cannot read "{word}".' },
  // timers and escalation
  warn: {
    'zh-CN': '{who} 客诉 #{id}（{store}）{stage}时限 {at}，还剩 {minutes}。',
    en: '{who} complaint #{id} ({store}): {stage} is due at {at}, {minutes} left.',
  },
  breach: {
    'zh-CN': '⚠️ {who} 客诉 #{id}（{store}）已超过{stage}时限（{at}）。',
    en: '⚠️ {who} complaint #{id} ({store}) is past its {stage} time limit ({at}).',
  },
  followupRemind: {
    'zh-CN': '{who} 客诉 #{id} 的跟进项（{kind}）还没完成：完成后 /complaint {id} followup done',
    en: '{who} the follow-up ({kind}) of complaint #{id} is not done: /complaint {id} followup done when it is',
  },
  // list, stats, settings
  listTitle: { 'zh-CN': '客诉 · {n} 条（未闭环 {open}）', en: 'Complaints · {n} ({open} open)' },
  listNone: { 'zh-CN': '没有客诉记录。', en: 'No complaints.' },
  listLine: {
    'zh-CN': '#{id} {store} · {category} · {wants} · {state}',
    en: '#{id} {store} · {category} · {wants} · {state}',
  },
  stateOpen: { 'zh-CN': '进行中，{stage}时限 {at}', en: 'open, {stage} due {at}' },
  stateLate: { 'zh-CN': '⚠️ {stage}已超时', en: '⚠️ past its {stage} limit' },
  stateClosed: { 'zh-CN': '✅ 已闭环', en: '✅ closed' },
  statsTitle: { 'zh-CN': '客诉统计 · 近 {period}', en: 'Complaints · last {period}' },
  statsNone: { 'zh-CN': '近 {period} 没有客诉。', en: 'No complaints in the last {period}.' },
  statsBody: {
    'zh-CN':
      '共 {n} 起（未闭环 {open}），处理时长中位数 {median}，超时 {breaches} 次\n按类别：{categories}\n按店铺：{stores}\n补偿（已接受）：{paid}\n主要根因：{causes}',
    en: '{n} in all ({open} open), median handling time {median}, {breaches} SLA breaches\nBy category: {categories}\nBy store: {stores}\nCompensation (accepted): {paid}\nTop root causes: {causes}',
  },
  paidItem: { 'zh-CN': '第 {tier} 档 {n} 次 ¥{yuan}', en: 'tier {tier} ×{n} ¥{yuan}' },
  none: { 'zh-CN': '无', en: 'none' },
  tiersTitle: { 'zh-CN': '客诉设置', en: 'Complaint settings' },
  tiersLine: {
    'zh-CN': '{category}：时限 响应 {respond} / 审核 {review} / 解决 {settle} · 补偿 {tiers}',
    en: '{category}: respond {respond} / review {review} / settle {settle} · tiers {tiers}',
  },
  limitsLine: {
    'zh-CN': '权限：客服 ≤ ¥{agent}，组长 ≤ ¥{leader}，主管 ≤ ¥{supervisor}，以上需运营批准 · 风险线 ¥{line}',
    en: 'Authority: agent ≤ ¥{agent}, leader ≤ ¥{leader}, supervisor ≤ ¥{supervisor}, above that operations · risk line ¥{line}',
  },
  tiersSet: { 'zh-CN': '已更新「{category}」的补偿档位：{tiers}', en: 'Updated the tiers of "{category}": {tiers}' },
  tiersBad: {
    'zh-CN':
      '看不懂「{word}」：3–6 档，用「;」分开，每档「名称=最高金额」（最后一档可不写金额），例如 /complaint tiers 物流 5元券=10;部分退款=30;退货退款',
    en: 'Cannot read "{word}": 3–6 tiers separated by ";", each "label=most" (the last may have none), e.g. /complaint tiers logistics coupon=10;partial refund=30;return',
  },
  tiersRole: {
    'zh-CN': '只有主管或组长可以修改补偿档位（任何人都可以用 /complaint tiers 查看）。',
    en: 'Only a supervisor or a leader may change the tiers (anyone may look with /complaint tiers).',
  },
  tiersOrder: {
    'zh-CN': '档位金额要逐档递增（不先亮底牌）。',
    en: 'Tier amounts must rise from one tier to the next.',
  },
  limitsSet: { 'zh-CN': '已更新。{line}', en: 'Updated. {line}' },
  limitsBad: {
    'zh-CN': '看不懂「{word}」。例如：/complaint limits agent=10 leader=50 supervisor=200 risk=30',
    en: 'Cannot read "{word}". E.g. /complaint limits agent=10 leader=50 supervisor=200 risk=30',
  },
  slaSet: { 'zh-CN': '已更新「{category}」的时限：{sla}', en: 'Updated the time limits of "{category}": {sla}' },
  slaBad: {
    'zh-CN': '时限写三个时长且逐个不减，例如 /complaint sla 物流 1h 2h 4h',
    en: 'Give three durations, none shorter than the one before, e.g. /complaint sla logistics 1h 2h 4h',
  },
  digestTitle: { 'zh-CN': '严重客诉', en: 'Serious complaints' },
  digestLine: {
    'zh-CN': '#{id} {store} · {category} · {state}',
    en: '#{id} {store} · {category} · {state}',
  },
  digestBreaches: { 'zh-CN': '昨日超时 {n} 次。', en: '{n} SLA breaches yesterday.' },
  digestWeek: {
    'zh-CN': '本周客诉 {n} 起，已闭环 {closed}，超时 {breaches} 次。',
    en: '{n} complaints this week, {closed} closed, {breaches} SLA breaches.',
  },
  // the escalation engine's words about a complaint ({id}, {store}, {kind})
  skippedNotice: {
    'zh-CN': '客诉 #{id}（{store}·{kind}）：{skipped}，直接通知 {who}。',
    en: 'Complaint #{id} ({store} · {kind}): {skipped}; calling {who} straight away.',
  },
  // Said the same of any subject: the anomaly's words.
  skippedNoDuty: AX.skippedNoDuty,
  skippedNoSupervisors: AX.skippedNoSupervisors,
  skippedNoRole: AX.skippedNoRole,
  skippedUnreachable: AX.skippedUnreachable,
  unreachedNotice: {
    'zh-CN': '⚠️ 客诉 #{id}（{store}·{kind}）超时 {minutes} 仍无人跟进，已加急 {who}。',
    en: '⚠️ Complaint #{id} ({store} · {kind}): nobody on it {minutes} after the breach; buzzed {who}.',
  },
  unreachedNobody: {
    'zh-CN': '⚠️ 客诉 #{id}（{store}·{kind}）超时但无人可通知：请用 /role 设置主管。',
    en: '⚠️ Complaint #{id} ({store} · {kind}) is late and nobody could be called: set a supervisor with /role.',
  },
  reminderClaimer: {
    'zh-CN': '{who} 客诉 #{id}（{store}·{kind}）跟进已 {minutes}，解决了吗？',
    en: '{who} complaint #{id} ({store} · {kind}): on it for {minutes}; is it settled?',
  },
  reminderSupervisors: {
    'zh-CN': '{who} 客诉 #{id}（{store}·{kind}）由 {claimer} 跟进已 {minutes}，仍未闭环。',
    en: '{who} complaint #{id} ({store} · {kind}), followed by {claimer} for {minutes}, is still open.',
  },
  // The platform's refusals, in the words every such subject shares.
  ...refusalTexts({ 'zh-CN': '客诉 #{id}（{store}·{kind}）', en: 'Complaint #{id} ({store} · {kind})' }),
} satisfies Record<string, Text>;
