/** What risk-order warnings (风险订单预警) say, in both languages. */
import type { Text } from '../../i18n';
import { AX } from '../anomaly/texts';
import type { Outcome, Reason } from './rules';
import { refusalTexts } from '../../escalation/refusal-texts';

export const REASON_NAMES: Record<Reason, Text> = {
  stale: { 'zh-CN': '物流超 {hours} 小时未更新', en: 'no logistics update for {hours} h' },
  region: { 'zh-CN': '收货地区 {region} 在风险名单', en: 'address region {region} is on the list' },
  amount: { 'zh-CN': '金额 ¥{amount} ≥ ¥{line}', en: 'amount ¥{amount} ≥ ¥{line}' },
  refunds: { 'zh-CN': '买家已退款 {refunds} 次', en: 'the buyer had {refunds} refunds' },
};

/** Short names (the digest, the list). */
export const REASON_SHORT: Record<Reason, Text> = {
  stale: { 'zh-CN': '物流停滞', en: 'stale logistics' },
  region: { 'zh-CN': '风险地区', en: 'risky region' },
  amount: { 'zh-CN': '大额', en: 'large amount' },
  refunds: { 'zh-CN': '多次退款', en: 'many refunds' },
};

export const OUTCOME_NAMES: Record<Outcome, Text> = {
  contacted: { 'zh-CN': '先行联系', en: 'Contacted first' },
  resolved: { 'zh-CN': '已解决', en: 'Resolved' },
  review_avoided: { 'zh-CN': '避免差评', en: 'Bad review avoided' },
  complaint: { 'zh-CN': '转投诉', en: 'Complaint opened' },
};

export const RX = {
  cardTitle: { 'zh-CN': '⚠️ 风险订单 #{id}', en: '⚠️ Risky order #{id}' },
  cardOrder: {
    'zh-CN': '**店铺**：{store}　**订单号**：{order}',
    en: '**Store**: {store}　**Order**: {order}',
  },
  cardWhy: { 'zh-CN': '**风险原因**：\n{reasons}', en: '**Why**:\n{reasons}' },
  cardAsk: {
    'zh-CN': '{who} 请资深客服认领，先联系买家，避免差评和投诉。30 分钟无人认领将通知组长。',
    en: '{who} a senior agent, please claim it and contact the buyer first. Unclaimed after 30 min, the leaders are told.',
  },
  cardNoSenior: {
    'zh-CN': '本组还没有资深客服：主管可用 /role @某人 客服 资深 设置。组长、主管也可认领。',
    en: 'No senior agents yet: a supervisor sets one with /role @someone agent senior. Leaders and supervisors may claim too.',
  },
  cardNext: { 'zh-CN': '下一步：{at} 通知组长', en: 'Next: the leaders are told at {at}' },
  cardClaimed: { 'zh-CN': '✅ {who} 已认领（{at}）', en: '✅ Claimed by {who} ({at})' },
  cardOutcome: { 'zh-CN': '**处理结果**：{outcome}（{who}，{at}）', en: '**Outcome**: {outcome} ({who}, {at})' },
  cardComplaint: { 'zh-CN': '已转为客诉 #{id}，见客诉卡片。', en: 'Opened as complaint #{id}: see its card.' },
  cardUnreached: { 'zh-CN': '⚠️ 已通知组长，仍无人认领', en: '⚠️ The leaders were told; still unclaimed' },
  claimButton: { 'zh-CN': '认领', en: 'Claim' },
  complaintConfirm: {
    'zh-CN': '转为严重客诉并发出客诉卡片？',
    en: 'Open a serious complaint for this order and post its card?',
  },
  // card answers (toasts)
  gone: { 'zh-CN': '找不到这条风险订单。', en: 'This risky order is not there.' },
  notAllowed: {
    'zh-CN': '风险订单由资深客服、组长或主管处理。主管可用 /role @某人 客服 资深 设置资深客服。',
    en: 'Risky orders are for senior agents, leaders and supervisors. A supervisor sets one with /role @someone agent senior.',
  },
  claimed: {
    'zh-CN': '已认领风险订单 #{id}，请先联系买家。',
    en: 'You claimed risky order #{id}: contact the buyer first.',
  },
  alreadyClaimed: { 'zh-CN': '已由 {who} 认领。', en: 'Already claimed by {who}.' },
  alreadyClosed: { 'zh-CN': '这条风险订单已处理完（{outcome}）。', en: 'This risky order is done ({outcome}).' },
  recorded: { 'zh-CN': '已记录：{outcome}。', en: 'Recorded: {outcome}.' },
  sameOutcome: { 'zh-CN': '已经记录过：{outcome}。', en: 'Already recorded: {outcome}.' },
  noStore: {
    'zh-CN': '这个订单的店铺已被删除，无法转投诉：请用 /complaint new 手动登记。',
    en: "This order's store was removed: open the complaint by hand with /complaint new.",
  },
  complaintOpened: { 'zh-CN': '已转为客诉 #{id}。', en: 'Opened as complaint #{id}.' },
  complaintWants: { 'zh-CN': '风险订单预警：{reasons}', en: 'Risky order warning: {reasons}' },
  // /risk
  listNone: { 'zh-CN': '目前没有未处理的风险订单。', en: 'No open risky orders.' },
  listTitle: { 'zh-CN': '**未处理的风险订单（{n}）**', en: '**Open risky orders ({n})**' },
  listLine: { 'zh-CN': '#{id} {store} {order}：{reasons} · {state}', en: '#{id} {store} {order}: {reasons} · {state}' },
  stateOpen: { 'zh-CN': '待认领（{ago}）', en: 'unclaimed ({ago})' },
  stateClaimed: { 'zh-CN': '{who} 处理中', en: '{who} on it' },
  stateContacted: { 'zh-CN': '{who} 已先行联系', en: '{who} contacted first' },
  listMore: { 'zh-CN': '……另有 {n} 条', en: '… and {n} more' },
  rulesTitle: { 'zh-CN': '**风险订单规则**', en: '**Risky-order rules**' },
  ruleStale: { 'zh-CN': '物流未更新 ≥ {v}（stale=）', en: 'No logistics update for ≥ {v} (stale=)' },
  ruleRegions: { 'zh-CN': '收货地区名单：{v}（regions=）', en: 'Address regions: {v} (regions=)' },
  ruleAmount: { 'zh-CN': '金额 ≥ {v}（amount=）', en: 'Amount ≥ {v} (amount=)' },
  ruleRefunds: { 'zh-CN': '买家退款 ≥ {v}（refunds=）', en: 'Buyer refunds ≥ {v} (refunds=)' },
  ruleOff: { 'zh-CN': '不检查', en: 'off' },
  hoursValue: { 'zh-CN': '{n} 小时', en: '{n} h' },
  refundsValue: { 'zh-CN': '{n} 次', en: '{n}' },
  rulesHow: {
    'zh-CN': '修改：/risk rules stale=48h regions=新疆,西藏 amount=2000 refunds=3（写 off 关闭一项；组长、主管可改）',
    en: 'Change: /risk rules stale=48h regions=Xinjiang,Tibet amount=2000 refunds=3 (off turns one off; leaders and supervisors)',
  },
  rulesSaved: { 'zh-CN': '已更新风险订单规则（对之后收到的订单生效）。', en: 'Rules saved (for orders from now on).' },
  rulesNotAllowed: {
    'zh-CN': '修改风险订单规则需要组长或主管。',
    en: 'Changing the rules needs a leader or a supervisor.',
  },
  rulesUnknown: {
    'zh-CN': '看不懂「{word}」：可以写 stale=48h、regions=新疆,西藏、amount=2000、refunds=3。',
    en: 'Cannot read "{word}": write stale=48h, regions=Xinjiang,Tibet, amount=2000, refunds=3.',
  },
  rulesBadValue: {
    'zh-CN': '「{key}」的值「{value}」不对：时长如 48h 或 2d，金额如 2000，次数如 3，地区用逗号分隔；off 关闭。',
    en: '"{value}" is not a value for {key}: hours like 48h or 2d, an amount like 2000, a count like 3, regions separated by commas; off turns it off.',
  },
  // the file import
  fileStored: {
    'zh-CN':
      '已导入订单文件「{file}」：{n} 个订单（新 {inserted}，更新 {replaced}），其中 {risky} 个新的风险订单已发卡片。',
    en: 'Imported "{file}": {n} orders ({inserted} new, {replaced} updated); {risky} new risky ones got a card.',
  },
  fileRefused: {
    'zh-CN': '订单文件「{file}」没有导入，什么都没改：{detail}',
    en: 'The order file "{file}" was not imported; nothing changed: {detail}',
  },
  fileLine: { 'zh-CN': '第 {line} 行：{reason}', en: 'line {line}: {reason}' },
  fileEmpty: { 'zh-CN': '没有订单行', en: 'no order rows' },
  // the digest
  digestTitle: { 'zh-CN': '风险订单', en: 'Risky orders' },
  digestCounts: {
    'zh-CN': '新增风险订单 {n} 个（{reasons}）；未处理 {open} 个。',
    en: '{n} new risky orders ({reasons}); {open} open.',
  },
  digestOutcomes: { 'zh-CN': '处理结果：{list}', en: 'Outcomes: {list}' },
  // the escalation engine's words about a warning ({id}, {store}, {kind})
  subjectTitle: { 'zh-CN': '风险订单', en: 'Risky orders' },
  subjectNoun: { 'zh-CN': '风险订单', en: 'risky orders' },
  subjectAtOnce: {
    'zh-CN': '立即发卡片给资深客服认领；30 分钟无人认领通知组长',
    en: 'The card to the senior agents at once; unclaimed after 30 min, the leaders',
  },
  skippedNotice: {
    'zh-CN': '风险订单 #{id}（{store}）：{skipped}，直接通知 {who}。',
    en: 'Risky order #{id} ({store}): {skipped}; calling {who} straight away.',
  },
  skippedNoDuty: AX.skippedNoDuty,
  skippedNoSupervisors: AX.skippedNoSupervisors,
  skippedNoRole: AX.skippedNoRole,
  skippedUnreachable: AX.skippedUnreachable,
  unreachedNotice: {
    'zh-CN': '⚠️ 风险订单 #{id}（{store}·{kind}）{minutes} 无人认领，已通知 {who}。',
    en: '⚠️ Risky order #{id} ({store} · {kind}) unclaimed for {minutes}; told {who}.',
  },
  unreachedNobody: {
    'zh-CN': '⚠️ 风险订单 #{id}（{store}·{kind}）无人认领，也没有组长可通知：请用 /role 设置组长。',
    en: '⚠️ Risky order #{id} ({store} · {kind}) is unclaimed and there is no leader to tell: set one with /role.',
  },
  reminderClaimer: {
    'zh-CN': '{who} 风险订单 #{id}（{store}·{kind}）认领已 {minutes}，请在卡片上记录处理结果。',
    en: '{who} risky order #{id} ({store} · {kind}): claimed {minutes} ago; record the outcome on the card.',
  },
  reminderSupervisors: {
    'zh-CN': '{who} 风险订单 #{id}（{store}·{kind}）由 {claimer} 认领已 {minutes}，仍未处理完。',
    en: '{who} risky order #{id} ({store} · {kind}), claimed by {claimer} {minutes} ago, is still open.',
  },
  // The platform's refusals, in the words every such subject shares.
  ...refusalTexts({ 'zh-CN': '风险订单 #{id}（{store}·{kind}）', en: 'Risky order #{id} ({store} · {kind})' }),
} satisfies Record<string, Text>;
