/**
 * Which column of an export is which (pure). Labels are matched after normalising — full width to
 * half width, spaces and a BOM dropped, case folded — so "首次响应时长（秒)" and "首次响应时长(秒)"
 * are one label. Each platform is recognised by the labels only its back end writes.
 */
import { CATALOG } from './catalog';

export type ExportPlatform = 'taobao' | 'jd' | 'douyin' | 'pdd' | 'kuaishou';

/** The columns that say whose row it is, rather than a metric. */
export type RowColumn = 'agent' | 'store' | 'date' | 'group';

export const normalizeLabel = (label: unknown): string =>
  String(label ?? '')
    .replace(/^\ufeff/, '')
    .normalize('NFKC')
    .replace(/[\s\u00a0]+/g, '')
    .toLowerCase();

const ROW_COLUMNS: Record<RowColumn, string[]> = {
  agent: ['旺旺昵称', '旺旺', '旺旺账号名称', '客服', '客服昵称', '客服账号', '账号名称', '客服名称', '子账号', 'uid'],
  store: ['店铺', '店铺名称', '店铺名'],
  date: ['日期', '统计日期', '时间', '统计时间', '数据日期'],
  group: ['旺旺分组', '技能组', '分组'],
};

/** Labels that only one platform's back end writes, strongest evidence first. */
const SIGNATURES: Record<ExportPlatform, string[]> = {
  taobao: [
    '旺旺昵称',
    '旺旺',
    '旺旺账号名称',
    '旺旺分组',
    '旺旺回复率',
    '旺旺满意度',
    '询单->最终付款人数',
    '询单->最终付款成功率',
    '询单最终付款人数',
    '淘宝答问比',
  ],
  jd: [
    '咚咚30s应答率',
    '30s应答率',
    '促成下单人数',
    '售前接待人数',
    '首次平均响应时间',
    '平均响应时长(新)',
    '技能组',
    '咚咚首次30秒应答率',
  ],
  douyin: [
    '人工已接待人数',
    '人工已接待会话量',
    '3分钟人工回复率(会话)',
    '新平均响应时长(秒)',
    '全天首响时长',
    '预警会话量',
    '客服销售额(元)',
    'pc在线时长(时)',
  ],
  pdd: [
    '客服账号',
    '客服服务分',
    '最终成团人数',
    '去退销售额(元)',
    '需要人工回复的咨询人数',
    '3分钟人工回复率(8-23点)',
    '30秒应答率(8-23点)',
    '平均人工响应时长',
  ],
  kuaishou: [
    '三分钟回复率(人维度)',
    '三分钟回复率(会话)',
    '不服务率',
    'im不满意率(人维度)',
    '人工平均回复时长',
    '好评率(人维度)',
  ],
};

const METRIC_BY_LABEL = new Map<string, string>();
for (const m of CATALOG) for (const a of m.aliases) METRIC_BY_LABEL.set(normalizeLabel(a), m.key);
const ROW_BY_LABEL = new Map<string, RowColumn>();
for (const [col, labels] of Object.entries(ROW_COLUMNS) as [RowColumn, string[]][])
  for (const l of labels) ROW_BY_LABEL.set(normalizeLabel(l), col);

export type ColumnRole = { kind: 'metric'; metric: string } | { kind: 'row'; column: RowColumn } | { kind: 'ignored' };

/** What a header cell names: a catalog metric, a row column (agent/store/date/group), or nothing we use. */
export function columnRole(label: unknown, extraMetrics: ReadonlyMap<string, string> = new Map()): ColumnRole {
  const n = normalizeLabel(label);
  if (!n) return { kind: 'ignored' };
  const row = ROW_BY_LABEL.get(n);
  if (row) return { kind: 'row', column: row };
  const metric = METRIC_BY_LABEL.get(n) ?? extraMetrics.get(n);
  return metric ? { kind: 'metric', metric } : { kind: 'ignored' };
}

/** How many of a row's cells name a metric: the header is the row with the most (banners name none). */
export const metricLabelCount = (cells: unknown[]): number =>
  cells.filter((c) => columnRole(c).kind === 'metric').length;

/** The platform whose signature labels the header matches most; undefined when none matches. */
export function detectPlatform(labels: unknown[]): ExportPlatform | undefined {
  const have = new Set(labels.map(normalizeLabel));
  let best: { platform: ExportPlatform; score: number } | undefined;
  for (const [platform, sig] of Object.entries(SIGNATURES) as [ExportPlatform, string[]][]) {
    const score = sig.reduce((n, l, i) => n + (have.has(normalizeLabel(l)) ? sig.length - i : 0), 0);
    if (score > 0 && (!best || score > best.score)) best = { platform, score };
  }
  return best?.platform;
}

export const PLATFORM_NAMES: Record<ExportPlatform, { 'zh-CN': string; en: string }> = {
  taobao: { 'zh-CN': '淘宝/天猫（千牛·生意参谋·赤兔）', en: 'Taobao/Tmall (Qianniu, Sycm, Chitu)' },
  jd: { 'zh-CN': '京东（咚咚）', en: 'JD (Dongdong)' },
  douyin: { 'zh-CN': '抖音（飞鸽）', en: 'Douyin (Feige)' },
  pdd: { 'zh-CN': '拼多多（多多客服）', en: 'Pinduoduo' },
  kuaishou: { 'zh-CN': '快手', en: 'Kuaishou' },
};
