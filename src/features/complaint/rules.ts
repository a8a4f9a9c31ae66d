/**
 * The serious-complaint rules (domain.md §6), pure functions of data and `now`: the team's
 * prepared settings and their defaults, amounts as people write them, the ¥30 risk line, which
 * compensation tier whose authority covers, the SLA deadlines, and the numbers of /complaint stats.
 */
import type { Role } from '../../db/schema';

export const CATEGORIES = ['quality', 'logistics', 'wrong_item', 'price', 'attitude', 'aftersales', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Responsibility by the platform's rules (step 2). */
export const RESPONSIBILITIES = ['product', 'logistics', 'store', 'customer', 'platform'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/** What a closed complaint names as its root cause (step 6). */
export const ROOT_CAUSES = ['product', 'logistics', 'store', 'customer', 'platform', 'process', 'training'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

export const STAGES = ['respond', 'review', 'settle'] as const;
export type Stage = (typeof STAGES)[number];

export interface Tier {
  label: string;
  /** The most it costs, in yuan; null: the order's worth (a return, a refund, a reshipment). */
  max: number | null;
}

export interface CategorySettings {
  /** Minutes after the complaint is opened. */
  sla: Record<Stage, number>;
  tiers: Tier[];
}

/** What a supervisor prepares in advance: per category SLA and tiers, authority per role, the risk line. */
export interface ComplaintSettings {
  categories: Record<Category, CategorySettings>;
  /** The most each role may grant on its own, in yuan; ops: any amount. */
  limits: Record<'agent' | 'leader' | 'supervisor', number>;
  /** Worst case at or below it: 可直接处理. */
  riskLine: number;
  /** The owner is reminded at this share of each deadline. */
  warnAt: number;
}

export const DEFAULT_SLA: Record<Stage, number> = { respond: 60, review: 120, settle: 240 };

export const DEFAULT_TIERS: Tier[] = [
  { label: '¥5–10 优惠券', max: 10 },
  { label: '¥20–30 部分退款', max: 30 },
  { label: '退货退款或补发', max: null },
];

export const DEFAULT_SETTINGS: ComplaintSettings = {
  categories: Object.fromEntries(
    CATEGORIES.map((c) => [c, { sla: { ...DEFAULT_SLA }, tiers: DEFAULT_TIERS.map((t) => ({ ...t })) }]),
  ) as Record<Category, CategorySettings>,
  limits: { agent: 10, leader: 50, supervisor: 200 },
  riskLine: 30,
  warnAt: 0.75,
};

/** The stored settings over the defaults (a team stores only what it changed). */
export function settingsFrom(stored: Partial<ComplaintSettings> | null | undefined): ComplaintSettings {
  const s = stored ?? {};
  return {
    categories: Object.fromEntries(
      CATEGORIES.map((c) => {
        const own = s.categories?.[c];
        return [
          c,
          {
            sla: { ...DEFAULT_SLA, ...own?.sla },
            tiers: own?.tiers?.length ? own.tiers : DEFAULT_TIERS.map((t) => ({ ...t })),
          },
        ];
      }),
    ) as Record<Category, CategorySettings>,
    limits: { ...DEFAULT_SETTINGS.limits, ...s.limits },
    riskLine: s.riskLine ?? DEFAULT_SETTINGS.riskLine,
    warnAt: s.warnAt ?? DEFAULT_SETTINGS.warnAt,
  };
}

const ALIASES: Record<string, string[]> = {
  quality: ['质量', '品质', '质量问题'],
  logistics: ['物流', '快递', '发货'],
  wrong_item: ['错发', '漏发', '错发漏发', 'wrong'],
  price: ['价格', '优惠券', '价格优惠', '差价', 'coupon'],
  attitude: ['态度', '服务态度', 'service'],
  aftersales: ['售后', '售后延迟', '退款慢', 'after-sales'],
  other: ['其他', '其它'],
  product: ['商品', '产品'],
  store: ['店铺', '客服', '商家'],
  customer: ['顾客', '买家', '客户'],
  platform: ['平台'],
  process: ['流程', '制度'],
  training: ['培训', '话术'],
};

function matchWord<T extends string>(list: readonly T[], word: string): T | undefined {
  const w = word.trim().toLowerCase();
  return list.find((k) => k === w || k.replace('_', '-') === w || (ALIASES[k] ?? []).includes(word.trim()));
}

export const matchCategory = (w: string) => matchWord(CATEGORIES, w);
export const matchResponsibility = (w: string) => matchWord(RESPONSIBILITIES, w);
export const matchRootCause = (w: string) => matchWord(ROOT_CAUSES, w);

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** "三十" → 30, "一百二十" → 120, "十五" → 15; undefined for what is not one number ("三四十": 30 or 40). */
export function chineseNumber(s: string): number | undefined {
  if (!s || ![...s].every((c) => c in DIGITS || c in UNITS)) return undefined;
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const c of s) {
    if (c in DIGITS) {
      if (digit && DIGITS[c] !== 0) return undefined; // two digits in a row: a range (零 is a gap)
      digit = DIGITS[c]!;
      continue;
    }
    const u = UNITS[c]!;
    if (u === 10000) {
      total += (section + (digit ?? 0)) * u;
      section = 0;
    } else section += (digit ?? (u === 10 && section === 0 ? 1 : NaN)) * u;
    digit = undefined;
  }
  const n = total + section + (digit ?? 0);
  return Number.isFinite(n) ? n : undefined;
}

export type Money = { yuan: number } | { problem: 'ambiguous' | 'unreadable' };

/** Money as people write it: 30, 30元, ¥30, ￥30.5, 30块, 三十元. A range (20-30, 三四十) is asked about. */
export function parseMoney(input: string): Money {
  const s = input
    .trim()
    .replace(/^(¥|￥|rmb|cny)\s*/i, '')
    .replace(/\s*(元|块钱|块|rmb|cny|yuan)$/i, '');
  if (/^\d+(\.\d{1,2})?$/.test(s)) return { yuan: Number(s) };
  if (/^\d+(\.\d+)?\s*(-|~|～|到|至)\s*\d+(\.\d+)?$/.test(s)) return { problem: 'ambiguous' };
  const zh = chineseNumber(s);
  if (zh !== undefined) return { yuan: zh };
  if ([...s].length > 0 && [...s].every((c) => c in DIGITS || c in UNITS || c === '几' || c === '多'))
    return { problem: 'ambiguous' };
  return { problem: 'unreadable' };
}

/** What the platforms' order ids look like; a store of another platform is not checked. */
const ORDER_IDS: Record<string, RegExp> = {
  tmall: /^\d{16,19}$/,
  taobao: /^\d{16,19}$/,
  jd: /^\d{10,14}$/,
  pdd: /^\d{6}-\d{12,16}$/,
  douyin: /^\d{19}$/,
};

/** Whether `order` looks like an order id of `platform` (true when we do not know the platform's shape). */
export const orderLooksRight = (platform: string, order: string): boolean =>
  ORDER_IDS[platform.toLowerCase()]?.test(order.trim()) ?? true;

/** The most `role` may grant on its own: ops any amount. */
export function limitOf(role: Role, limits: ComplaintSettings['limits']): number {
  return role === 'ops' ? Infinity : limits[role];
}

/** The lowest role whose authority covers `amount` (above the supervisor's limit: ops). */
export function approverFor(amount: number, limits: ComplaintSettings['limits']): Role {
  for (const r of ['agent', 'leader', 'supervisor'] as const) if (amount <= limits[r]) return r;
  return 'ops';
}

export const mayGrant = (role: Role, amount: number, limits: ComplaintSettings['limits']) =>
  amount <= limitOf(role, limits);

/** Step 3: above the risk line, or a crisis flag, needs the supervisor and operations before any offer. */
export const needsRiskApproval = (c: { amount: number | null; crisis: boolean }, riskLine: number): boolean =>
  c.crisis || (c.amount ?? 0) > riskLine;

export interface RiskApprovals {
  supervisor?: { by: string; at: string };
  ops?: { by: string; at: string };
}

export const riskCleared = (
  c: { amount: number | null; crisis: boolean; approvals: RiskApprovals },
  riskLine: number,
) => !needsRiskApproval(c, riskLine) || (!!c.approvals.supervisor && !!c.approvals.ops);

/** Which approval `role` may give on the risk estimate (a supervisor's, or operations'). */
export const riskApprovalOf = (role: Role): keyof RiskApprovals | undefined =>
  role === 'supervisor' ? 'supervisor' : role === 'ops' ? 'ops' : undefined;

export type Answer = 'accepted' | 'declined' | 'no_answer';

/** A tier offered (step 4) and the customer's answer (step 5). */
export interface Offer {
  tier: number;
  label: string;
  /** What it costs as authority reads it (a refund of unknown worth counts as the supervisor's limit). */
  amount: number;
  by: string;
  at: string;
  /** The role whose approval it waits for (the offerer's authority did not cover it). */
  needs?: Role;
  approvedBy?: string;
  approvedAt?: string;
  answer?: Answer;
  answeredBy?: string;
  answeredAt?: string;
}

export const granted = (o: Offer) => !o.needs || !!o.approvedBy;

/** What tier `n` costs for a complaint worth `amount` (null: unknown; then the supervisor decides). */
export function tierAmount(tier: Tier, amount: number | null, limits: ComplaintSettings['limits']): number {
  return tier.max ?? amount ?? limits.supervisor;
}

export type OfferDecision =
  | { kind: 'offer'; amount: number }
  | { kind: 'approval'; amount: number; role: Role }
  | { kind: 'risk' }
  | { kind: 'settled' }
  | { kind: 'already' }
  | { kind: 'waiting'; tier: number }
  | { kind: 'out_of_order'; next: number }
  | { kind: 'no_more' };

export interface OfferInput {
  /** The tier asked for, 1-based. */
  tier: number;
  offers: readonly Offer[];
  tiers: readonly Tier[];
  amount: number | null;
  role: Role;
  limits: ComplaintSettings['limits'];
  riskCleared: boolean;
}

/**
 * Step 4: tiers one at a time, in order, each after the customer declined the one before; within
 * the offerer's authority it is offered, above it the approval of a role that covers it is asked.
 */
export function decideOffer(x: OfferInput): OfferDecision {
  if (!x.riskCleared) return { kind: 'risk' };
  if (x.offers.some((o) => o.answer === 'accepted')) return { kind: 'settled' };
  if (x.offers.some((o) => o.tier === x.tier)) return { kind: 'already' };
  const last = x.offers.at(-1);
  if (last && last.answer !== 'declined') return { kind: 'waiting', tier: last.tier };
  const next = x.offers.length + 1;
  if (next > x.tiers.length) return { kind: 'no_more' };
  if (x.tier !== next) return { kind: 'out_of_order', next };
  const amount = tierAmount(x.tiers[next - 1]!, x.amount, x.limits);
  if (mayGrant(x.role, amount, x.limits)) return { kind: 'offer', amount };
  return { kind: 'approval', amount, role: approverFor(amount, x.limits) };
}

export type ApprovalDecision =
  { kind: 'ok' } | { kind: 'none' } | { kind: 'already'; by: string } | { kind: 'authority'; role: Role };

/** Approving the pending offer: only someone whose authority covers its amount. */
export function decideApproval(
  offers: readonly Offer[],
  tier: number,
  role: Role,
  limits: ComplaintSettings['limits'],
): ApprovalDecision {
  const o = offers.find((x) => x.tier === tier);
  if (!o || !o.needs) return { kind: 'none' };
  if (o.approvedBy) return { kind: 'already', by: o.approvedBy };
  if (!mayGrant(role, o.amount, limits)) return { kind: 'authority', role: approverFor(o.amount, limits) };
  return { kind: 'ok' };
}

/** When each stage is due: minutes after it was opened, plus the time spent paused. */
export function deadlines(openedAt: Date, sla: Record<Stage, number>, pausedMs = 0): Record<Stage, Date> {
  const at = (min: number) => new Date(openedAt.getTime() + min * 60_000 + pausedMs);
  return { respond: at(sla.respond), review: at(sla.review), settle: at(sla.settle) };
}

/** When the owner is reminded of a stage due at `due` (the share `warnAt` of its time). */
export const warnAt = (openedAt: Date, due: Date, share: number): Date =>
  new Date(openedAt.getTime() + Math.round((due.getTime() - openedAt.getTime()) * share));

export interface StatsRow {
  category: string;
  storeName: string;
  createdAt: Date;
  closedAt: Date | null;
  breaches: string[];
  offers: Offer[];
  rootCause: { cause: string; text: string } | null;
}

export interface ComplaintStats {
  count: number;
  open: number;
  byCategory: [string, number][];
  byStore: [string, number][];
  medianMs: number | undefined;
  breaches: number;
  /** Accepted offers by tier: how many, and what they cost. */
  paid: { tier: number; n: number; yuan: number }[];
  causes: [string, number][];
}

const ranked = (xs: string[]): [string, number][] => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

export function complaintStats(rows: readonly StatsRow[]): ComplaintStats {
  const times = rows
    .filter((r) => r.closedAt)
    .map((r) => r.closedAt!.getTime() - r.createdAt.getTime())
    .sort((a, b) => a - b);
  const mid = times.length >> 1;
  const medianMs = !times.length ? undefined : times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  const paid = new Map<number, { n: number; yuan: number }>();
  for (const r of rows)
    for (const o of r.offers.filter((x) => x.answer === 'accepted')) {
      const p = paid.get(o.tier) ?? { n: 0, yuan: 0 };
      paid.set(o.tier, { n: p.n + 1, yuan: p.yuan + o.amount });
    }
  return {
    count: rows.length,
    open: rows.filter((r) => !r.closedAt).length,
    byCategory: ranked(rows.map((r) => r.category)),
    byStore: ranked(rows.map((r) => r.storeName)),
    medianMs,
    breaches: rows.reduce((n, r) => n + r.breaches.length, 0),
    paid: [...paid].sort((a, b) => a[0] - b[0]).map(([tier, p]) => ({ tier, ...p })),
    causes: ranked(rows.flatMap((r) => (r.rootCause ? [r.rootCause.cause] : []))),
  };
}

/** `/complaint tiers <category> 券=10;部分退款=30;退货退款`: each tier a label and an optional most (yuan). */
export function parseTiers(text: string): Tier[] | { bad: string } {
  const parts = text
    .split(/[;；|]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 3 || parts.length > 6) return { bad: text };
  const tiers: Tier[] = [];
  for (const p of parts) {
    const m = /^(.+?)\s*[=＝]\s*(\S+)$/.exec(p);
    if (!m) {
      tiers.push({ label: p, max: null });
      continue;
    }
    const money = parseMoney(m[2]!);
    if (!('yuan' in money)) return { bad: p };
    tiers.push({ label: m[1]!, max: money.yuan });
  }
  return tiers;
}

/** The longest text a complaint takes in one field (wants, a note, a fact). */
export const MAX_TEXT = 500;
