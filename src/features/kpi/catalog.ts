/**
 * The built-in metric catalog (pure data): one English key per concept, as kpi-catalog.md maps
 * the platforms' own spellings onto it. A rate aggregates weighted by its base metric, never as a
 * plain mean; a count sums; a score (体验分) averages.
 */
import type { Text } from '../../i18n';

export type MetricUnit = 'seconds' | 'ratio' | 'count' | 'cny' | 'points' | 'number';
export type Direction = 'up' | 'down' | 'none';
export type Aggregation = { kind: 'sum' } | { kind: 'mean' } | { kind: 'weighted'; base: string };
export type TargetOp = '<=' | '>=';

export interface MetricDef {
  key: string;
  name: Text;
  unit: MetricUnit;
  direction: Direction;
  aggregate: Aggregation;
  /** Where the domain gives one: first response ≤ 30 s, 3-minute reply rate ≥ 90%. */
  defaultTarget?: { op: TargetOp; value: number };
  /**
   * Platforms that report it late, in days (Taobao's final-payment figures land ~8 days after the
   * day): such values are never judged the next morning.
   */
  delayedDays?: Partial<Record<string, number>>;
  /** Header labels as the platforms' exports spell them (matched after normalising, see headers.ts). */
  aliases: string[];
}

const weighted = (base: string): Aggregation => ({ kind: 'weighted', base });
const SUM: Aggregation = { kind: 'sum' };

const name = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

export const CATALOG: readonly MetricDef[] = [
  // The counts first: rates are weighted by them.
  {
    key: 'consult_users',
    name: name('咨询人数', 'Consulting buyers'),
    unit: 'count',
    direction: 'none',
    aggregate: SUM,
    aliases: ['咨询人数', '咨询量', '咨询人次', '需要人工回复的咨询人数'],
  },
  {
    key: 'received_users',
    name: name('接待人数', 'Buyers served'),
    unit: 'count',
    direction: 'none',
    aggregate: SUM,
    aliases: [
      '接待人数',
      '人工接待人数',
      '人工已接待人数',
      '接待量',
      '已接待人数',
      '人工会话量',
      '人工已接待会话量',
      '接待会话量',
      '有效接待人数',
    ],
  },
  {
    key: 'inquiry_users',
    name: name('询单人数', 'Pre-sale askers'),
    unit: 'count',
    direction: 'none',
    aggregate: SUM,
    aliases: ['询单人数', '当日询单人数', '售前接待人数'],
  },
  {
    key: 'paid_users',
    name: name('询单付款人数', 'Askers who paid'),
    unit: 'count',
    direction: 'up',
    aggregate: SUM,
    delayedDays: { taobao: 8, tmall: 8 },
    aliases: ['询单->最终付款人数', '询单最终付款人数', '最终成团人数', '支付人数', '促成下单人数', '下单人数'],
  },
  {
    key: 'inquiry_conversion_rate',
    name: name('询单转化率', 'Inquiry conversion'),
    unit: 'ratio',
    direction: 'up',
    aggregate: weighted('inquiry_users'),
    delayedDays: { taobao: 8, tmall: 8 },
    aliases: ['询单->最终付款成功率', '询单最终付款转化率', '询单转化率'],
  },
  {
    key: 'sales_amount',
    name: name('客服销售额', 'CS sales'),
    unit: 'cny',
    direction: 'up',
    aggregate: SUM,
    aliases: ['销售额', '客服销售额', '客服销售额(元)', '促成下单商品金额', '客服询单支付额'],
  },
  {
    key: 'net_sales_amount',
    name: name('净销售额', 'Net sales'),
    unit: 'cny',
    direction: 'up',
    aggregate: SUM,
    aliases: ['净销售额', '去退销售额', '去退销售额(元)', '退款后销售额'],
  },
  {
    key: 'avg_order_value',
    name: name('客单价', 'Average order value'),
    unit: 'cny',
    direction: 'up',
    aggregate: weighted('paid_users'),
    aliases: ['客单价', '询单客单价'],
  },
  {
    key: 'first_response_s',
    name: name('首次响应时长', 'First response'),
    unit: 'seconds',
    direction: 'down',
    aggregate: weighted('received_users'),
    defaultTarget: { op: '<=', value: 30 },
    aliases: ['首次响应时长(秒)', '首次响应时长', '首次响应时间', '首次平均响应时间', '全天首响时长'],
  },
  {
    key: 'avg_response_s',
    name: name('平均响应时长', 'Average response'),
    unit: 'seconds',
    direction: 'down',
    aggregate: weighted('received_users'),
    aliases: [
      '平均响应时长(秒)',
      '平均响应时长',
      '平均响应时间',
      '平均响应(秒)',
      '平均响应时长(新)',
      '新平均响应时长(秒)',
      '工作时间平响时长',
      '全天平响时长',
      '平均人工响应时长',
      '人工平均回复时长',
      '旺旺人工平响时长',
    ],
  },
  {
    key: 'reply_rate',
    name: name('回复率', 'Reply rate'),
    unit: 'ratio',
    direction: 'up',
    aggregate: weighted('consult_users'),
    aliases: ['旺旺回复率', '客服回复率', '回复率'],
  },
  {
    key: 'reply_3min_rate',
    name: name('3分钟人工响应率', '3-minute reply rate'),
    unit: 'ratio',
    direction: 'up',
    aggregate: weighted('received_users'),
    defaultTarget: { op: '>=', value: 0.9 },
    aliases: [
      '3分钟人工响应率',
      '3分钟人工回复率',
      '客服3分钟人工回复率',
      '3分钟人工回复率(会话)',
      '3分钟人工回复率(8-23点)',
      '3分钟人工回复率(全天)',
      '工作时间3分钟回复率',
      '全天3分钟回复率',
      '三分钟回复率(人维度)',
      '三分钟回复率(会话)',
    ],
  },
  {
    key: 'answer_30s_rate',
    name: name('30秒应答率', '30-second answer rate'),
    unit: 'ratio',
    direction: 'up',
    aggregate: weighted('received_users'),
    aliases: [
      '30s应答率',
      '咚咚30s应答率',
      '咚咚首次30秒应答率',
      '30秒应答率',
      '30秒应答率(8-23点)',
      '30秒应答率(全天)',
    ],
  },
  {
    key: 'no_reply_users',
    name: name('未回复人数', 'Unanswered buyers'),
    unit: 'count',
    direction: 'down',
    aggregate: SUM,
    aliases: ['未回复人数', '3分钟未回复人数'],
  },
  {
    key: 'slow_response_users',
    name: name('慢响应人数', 'Slowly answered buyers'),
    unit: 'count',
    direction: 'down',
    aggregate: SUM,
    aliases: ['慢响应人数', '慢接待人数'],
  },
  {
    key: 'qa_ratio',
    name: name('答问比', 'Answer/question ratio'),
    unit: 'number',
    direction: 'up',
    aggregate: weighted('received_users'),
    aliases: ['答问比', '淘宝答问比', '客服答问比'],
  },
  {
    key: 'satisfaction_rate',
    name: name('满意率', 'Satisfaction'),
    unit: 'ratio',
    direction: 'up',
    aggregate: weighted('received_users'),
    aliases: ['客户满意率', '满意率', '满意度', '旺旺满意度', '好评率', '好评率(人维度)', '好评率(会话)'],
  },
  {
    key: 'dissatisfaction_rate',
    name: name('不满意率', 'Dissatisfaction'),
    unit: 'ratio',
    direction: 'down',
    aggregate: weighted('received_users'),
    aliases: ['不满意率', 'IM不满意率(人维度)', '差评率', '差评率(人维度)', '差评率(会话)'],
  },
  {
    key: 'refund_rate',
    name: name('退款率', 'Refund rate'),
    unit: 'ratio',
    direction: 'down',
    aggregate: weighted('paid_users'),
    aliases: ['退款率'],
  },
  {
    key: 'complaint_count',
    name: name('投诉数', 'Complaints'),
    unit: 'count',
    direction: 'down',
    aggregate: SUM,
    aliases: ['投诉数'],
  },
  {
    key: 'dispute_refund_count',
    name: name('纠纷退款数', 'Dispute refunds'),
    unit: 'count',
    direction: 'down',
    aggregate: SUM,
    aliases: ['纠纷退款数'],
  },
  {
    key: 'experience_score',
    name: name('体验分', 'Experience score'),
    unit: 'points',
    direction: 'up',
    aggregate: { kind: 'mean' },
    aliases: ['体验分', '真实体验分', '商家体验分', '店铺体验分', '客服服务分'],
  },
  // What the morning inspection asks about (domain.md §1), fed by the data API.
  {
    key: 'offline_messages',
    name: name('离线留言待处理', 'Offline messages waiting'),
    unit: 'count',
    direction: 'down',
    aggregate: SUM,
    defaultTarget: { op: '<=', value: 0 },
    aliases: ['离线留言', '待回复会话量'],
  },
  {
    key: 'refund_overdue',
    name: name('超时未处理退款', 'Refunds past their limit'),
    unit: 'count',
    direction: 'down',
    aggregate: SUM,
    defaultTarget: { op: '<=', value: 0 },
    aliases: ['超时退款'],
  },
  {
    key: 'bad_reviews_cs',
    name: name('客服原因差评', 'Bad reviews caused by CS'),
    unit: 'count',
    direction: 'down',
    aggregate: SUM,
    defaultTarget: { op: '<=', value: 0 },
    aliases: ['客服原因差评'],
  },
  {
    key: 'bot_high_risk',
    name: name('机器人高危行为', 'Bot high-risk behaviour'),
    unit: 'count',
    direction: 'down',
    aggregate: SUM,
    defaultTarget: { op: '<=', value: 0 },
    aliases: ['机器人高危'],
  },
];

const BY_KEY = new Map(CATALOG.map((m) => [m.key, m]));

export const metricByKey = (key: string): MetricDef | undefined => BY_KEY.get(key);
