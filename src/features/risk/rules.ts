/**
 * Risk-order rules (风险订单, domain.md §7), pure: which of an order's facts make it risky under
 * the team's rules at `now`, when a not-yet-risky order will become so (its logistics going
 * stale), and how `/risk rules` words change the rules. No clock, no I/O.
 */
const HOUR = 3_600_000;

export const REASONS = ['stale', 'region', 'amount', 'refunds'] as const;
/** stale: logistics not updated for ≥ staleHours; region: on the team's list; amount ≥; refunds ≥. */
export type Reason = (typeof REASONS)[number];

/** What became of a warning, from its card: 先行联系 keeps it open, the others close it. */
export const OUTCOMES = ['contacted', 'resolved', 'review_avoided', 'complaint'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const closes = (o: Outcome): boolean => o !== 'contacted';

export interface RiskRules {
  /** Logistics not updated for this many hours (and not delivered) is risky; null: off. */
  staleHours: number | null;
  /** Address regions that are risky (matched as a part of the reported region); []: off. */
  regions: string[];
  /** An amount at or above this (yuan) is risky; null: off. */
  amountAtLeast: number | null;
  /** A buyer with at least this many refunds is risky; null: off. */
  refundsAtLeast: number | null;
}

export const DEFAULT_RULES: RiskRules = {
  staleHours: 48,
  regions: ['新疆', '西藏'],
  amountAtLeast: 2000,
  refundsAtLeast: 3,
};

export const LIMITS = { maxStaleHours: 24 * 30, maxRegions: 50, maxRegionLength: 20, maxAmount: 10_000_000 };

/** The stored rules with the defaults for what the team never changed. */
export const rulesFrom = (stored: Partial<RiskRules> | null | undefined): RiskRules => ({
  ...DEFAULT_RULES,
  ...(stored ?? {}),
});

/** The facts of an order the rules look at. */
export interface OrderFacts {
  amount: number | null;
  region: string | null;
  logisticsAt: Date | null;
  delivered: boolean;
  buyerRefunds: number | null;
}

const regionHit = (region: string | null, list: readonly string[]): boolean => {
  const r = (region ?? '').trim();
  return r !== '' && list.some((w) => w.trim() !== '' && r.includes(w.trim()));
};

/** When the order's logistics go stale under `rules` (undefined: never — delivered, none, or off). */
export function staleAt(o: OrderFacts, rules: RiskRules): Date | undefined {
  if (o.delivered || !o.logisticsAt || rules.staleHours === null) return undefined;
  return new Date(o.logisticsAt.getTime() + rules.staleHours * HOUR);
}

/** Why the order is risky at `now`, in REASONS order; [] when it is not. */
export function reasonsOf(o: OrderFacts, rules: RiskRules, now: Date): Reason[] {
  const stale = staleAt(o, rules);
  const hits: Record<Reason, boolean> = {
    stale: stale !== undefined && stale.getTime() <= now.getTime(),
    region: regionHit(o.region, rules.regions),
    amount: rules.amountAtLeast !== null && o.amount !== null && o.amount >= rules.amountAtLeast,
    refunds: rules.refundsAtLeast !== null && o.buyerRefunds !== null && o.buyerRefunds >= rules.refundsAtLeast,
  };
  return REASONS.filter((r) => hits[r]);
}

/** The reasons of both, in REASONS order (a warning keeps every reason it ever had). */
export const mergeReasons = (a: readonly Reason[], b: readonly Reason[]): Reason[] =>
  REASONS.filter((r) => a.includes(r) || b.includes(r));

export type RuleProblem =
  { why: 'unknown'; word: string } | { why: 'bad_value'; key: string; value: string } | { why: 'nothing' };

const OFF = /^(off|none|no|0|关|关闭|无|不限)$/i;
const KEYS: Record<string, keyof RiskRules> = {
  stale: 'staleHours',
  logistics: 'staleHours',
  物流: 'staleHours',
  regions: 'regions',
  region: 'regions',
  地区: 'regions',
  amount: 'amountAtLeast',
  金额: 'amountAtLeast',
  refunds: 'refundsAtLeast',
  refund: 'refundsAtLeast',
  退款: 'refundsAtLeast',
};

/** "48", "48h", "48小时", "2d", "2天" → hours. */
function hoursOf(v: string): number | undefined {
  const m = /^(\d{1,4})\s*(h|小时|d|天)?$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * (/^(d|天)$/i.test(m[2] ?? '') ? 24 : 1);
  return n >= 1 && n <= LIMITS.maxStaleHours ? n : undefined;
}

/** "2000", "¥2000", "2000元" → yuan. */
function yuanOf(v: string): number | undefined {
  const m = /^[¥￥]?\s*(\d{1,8}(?:\.\d{1,2})?)\s*(元|块)?$/.exec(v.trim());
  const n = m ? Number(m[1]) : NaN;
  return n > 0 && n <= LIMITS.maxAmount ? n : undefined;
}

function valueOf(key: keyof RiskRules, v: string): RiskRules[keyof RiskRules] | undefined {
  if (OFF.test(v.trim())) return key === 'regions' ? [] : null;
  switch (key) {
    case 'staleHours':
      return hoursOf(v);
    case 'amountAtLeast':
      return yuanOf(v);
    case 'refundsAtLeast': {
      const n = /^\d{1,3}$/.test(v.trim()) ? Number(v) : NaN;
      return n >= 1 ? n : undefined;
    }
    case 'regions': {
      const list = [
        ...new Set(
          v
            .split(/[,，、;；]/)
            .map((w) => w.trim())
            .filter(Boolean),
        ),
      ];
      const ok = list.length <= LIMITS.maxRegions && list.every((w) => w.length <= LIMITS.maxRegionLength);
      return ok && list.length ? list : undefined;
    }
  }
}

/** `stale=48h regions=新疆,西藏 amount=2000 refunds=3` (any of them; off/无 turns one off). */
export function parseRuleWords(words: readonly string[]): { changes: Partial<RiskRules> } | RuleProblem {
  const changes: Partial<RiskRules> = {};
  for (const word of words) {
    const m = /^([^=＝:：]+)[=＝:：](.*)$/.exec(word);
    const key = m ? KEYS[m[1]!.trim().toLowerCase()] : undefined;
    if (!m || !key) return { why: 'unknown', word };
    const value = valueOf(key, m[2]!);
    if (value === undefined) return { why: 'bad_value', key: m[1]!, value: m[2]! };
    Object.assign(changes, { [key]: value });
  }
  return Object.keys(changes).length ? { changes } : { why: 'nothing' };
}

/** Who may claim a warning and record its outcome: senior agents, leaders and supervisors. */
export const mayHandle = (role: string, senior: boolean): boolean =>
  senior || role === 'leader' || role === 'supervisor';
