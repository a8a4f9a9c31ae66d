/**
 * What the sandbox's demo history looks like, as data: per platform, how busy a store is, how fast
 * and how well its agents answer, how its week goes, and the agents themselves. Figures follow
 * kpi-catalog.md's platform notes (JD answers fastest and converts best, Douyin's live streams bring
 * volume, slower answers and many returns, Tmall buyers spend most), then the calendar's big sales.
 * Tuned so the default targets are met most of the time but not always: the Tmall store has one
 * weak agent and sits just under the 3-minute target, Douyin's live-stream days and the sales peaks
 * push first response past 30 s.
 */

export interface DemoAgent {
  /** The sub-account nickname as the platform's export shows it (after the store prefix). */
  name: string;
  /** Relative share of the store's buyers when at work. */
  share: number;
  /** Response time multiplier (1 = the store's usual agent). */
  speed: number;
  /** 3-minute reply rate on an ordinary day. */
  r3: number;
  /** Satisfaction offset. */
  care: number;
  /** Conversion multiplier. */
  sell: number;
  /** The weekday (1 = Monday … 7 = Sunday) this agent is off, except on sale peaks. */
  restDay?: number;
}

export interface DemoShape {
  /** Buyers who consult one agent on an ordinary day. */
  consultPerAgent: number;
  /** Share of consulting buyers who get a human reply at all. */
  replyRate: number;
  /** Share of buyers served who ask before buying (询单). */
  inquiryShare: number;
  conversion: number;
  /** Average order value, CNY. */
  aov: number;
  /** First response, seconds, on an ordinary day for an agent of speed 1. */
  firstResponse: number;
  /** Average response / first response. */
  avgToFirst: number;
  satisfaction: number;
  /** Share of paid orders refunded. */
  refundRate: number;
  /** Volume by weekday, Monday first. */
  weekly: readonly [number, number, number, number, number, number, number];
  /** The store's 体验分 (5-point), where the platform has one. */
  experience?: number;
  /** Chance a day brings a bad review caused by customer service. */
  badReviewChance: number;
  /** Metrics only this platform's exports have. */
  extras: readonly ('reply_rate' | 'qa_ratio' | 'answer_30s_rate' | 'dissatisfaction_rate')[];
  agents: readonly DemoAgent[];
}

const agent = (name: string, o: Partial<DemoAgent> = {}): DemoAgent => ({
  name,
  share: 1,
  speed: 1,
  r3: 0.94,
  care: 0,
  sell: 1,
  ...o,
});

const TAOBAO_WEEK = [1.06, 1, 0.97, 0.97, 1, 1.1, 1.14] as const;

export const DEMO_SHAPES: Record<string, DemoShape> = {
  taobao: {
    consultPerAgent: 140,
    replyRate: 0.995,
    inquiryShare: 0.6,
    conversion: 0.42,
    aov: 128,
    firstResponse: 17,
    avgToFirst: 0.72,
    satisfaction: 0.92,
    refundRate: 0.07,
    weekly: TAOBAO_WEEK,
    experience: 4.78,
    badReviewChance: 0.06,
    extras: ['reply_rate', 'qa_ratio'],
    agents: [
      agent('小美', { speed: 0.9, r3: 0.96, care: 0.02, restDay: 2 }),
      agent('豆豆', { r3: 0.95, sell: 1.08, restDay: 3 }),
      agent('安安', { speed: 1.1, r3: 0.93, share: 0.9, restDay: 4 }),
    ],
  },
  tmall: {
    consultPerAgent: 150,
    replyRate: 0.993,
    inquiryShare: 0.62,
    conversion: 0.48,
    aov: 236,
    firstResponse: 19,
    avgToFirst: 0.75,
    satisfaction: 0.94,
    refundRate: 0.06,
    weekly: TAOBAO_WEEK,
    experience: 4.83,
    badReviewChance: 0.08,
    extras: ['reply_rate', 'qa_ratio'],
    agents: [
      agent('小王', { speed: 0.85, r3: 0.94, care: 0.01, sell: 1.1, restDay: 2 }),
      agent('小陈', { speed: 0.95, r3: 0.925, restDay: 3 }),
      agent('橙子', { r3: 0.91, restDay: 4 }),
      agent('木木', { speed: 1.1, r3: 0.89, care: -0.01, restDay: 1 }),
      // The weak one: slow, often past three minutes, and it shows in satisfaction.
      agent('阿杰', { share: 0.8, speed: 1.6, r3: 0.73, care: -0.05, sell: 0.85, restDay: 5 }),
    ],
  },
  jd: {
    consultPerAgent: 130,
    replyRate: 0.998,
    inquiryShare: 0.55,
    conversion: 0.52,
    aov: 318,
    firstResponse: 11,
    avgToFirst: 0.95,
    satisfaction: 0.96,
    refundRate: 0.04,
    weekly: [1.06, 1.04, 1.02, 1, 0.98, 0.92, 0.95],
    badReviewChance: 0.04,
    extras: ['answer_30s_rate'],
    agents: [
      agent('七七', { speed: 0.9, r3: 0.975, restDay: 6 }),
      agent('大鹏', { r3: 0.97, sell: 1.05, restDay: 7 }),
      agent('可乐', { speed: 1.05, r3: 0.965, restDay: 6 }),
      agent('晴天', { speed: 1.15, r3: 0.955, care: -0.01, restDay: 7 }),
    ],
  },
  douyin: {
    consultPerAgent: 160,
    replyRate: 0.985,
    inquiryShare: 0.66,
    conversion: 0.36,
    aov: 98,
    firstResponse: 25,
    avgToFirst: 0.8,
    satisfaction: 0.87,
    refundRate: 0.16,
    // Live streams on Tuesday, Thursday and Saturday evenings.
    weekly: [0.95, 1.22, 0.95, 1.22, 1, 1.35, 1.08],
    experience: 4.66,
    badReviewChance: 0.12,
    extras: ['answer_30s_rate', 'dissatisfaction_rate'],
    agents: [
      agent('糖糖', { speed: 0.9, r3: 0.935, care: 0.01, restDay: 1 }),
      agent('一一', { r3: 0.92, sell: 1.1, restDay: 3 }),
      agent('小鹿', { r3: 0.89, restDay: 5 }),
      agent('阿福', { speed: 1.1, r3: 0.845, restDay: 1 }),
      agent('米粒', { speed: 1.05, r3: 0.86, care: -0.01, restDay: 3 }),
      agent('星星', { speed: 1.2, r3: 0.815, share: 0.9, restDay: 7 }),
    ],
  },
  pdd: {
    consultPerAgent: 170,
    replyRate: 0.99,
    inquiryShare: 0.58,
    conversion: 0.38,
    aov: 62,
    firstResponse: 15,
    avgToFirst: 0.7,
    satisfaction: 0.9,
    refundRate: 0.1,
    weekly: [1, 1, 1, 1, 1, 1.08, 1.12],
    experience: 4.7,
    badReviewChance: 0.08,
    extras: ['answer_30s_rate'],
    agents: [
      agent('阿宝', { r3: 0.97, restDay: 2 }),
      agent('小桃', { speed: 0.9, r3: 0.98, restDay: 4 }),
      agent('丸子', { speed: 1.1, r3: 0.95, restDay: 1 }),
    ],
  },
};

/** Any platform without a shape of its own (Kuaishou, Xiaohongshu, other) sells like a Taobao store. */
export const shapeOf = (platform: string): DemoShape => DEMO_SHAPES[platform] ?? DEMO_SHAPES.taobao!;

/** Volume by month-day during the big sales (双11 with its pre-sale waves, 618, 双12). */
const SALES: Record<string, number> = {
  '10-20': 1.25,
  '10-21': 1.15,
  '10-22': 1.1,
  '10-31': 1.9,
  '11-01': 2.2,
  '11-02': 1.5,
  '11-03': 1.3,
  '11-04': 1.15,
  '11-05': 1.1,
  '11-09': 1.15,
  '11-10': 1.8,
  '11-11': 3.2,
  '11-12': 1.6,
  '11-13': 1.25,
  '05-31': 1.6,
  '06-01': 1.8,
  '06-02': 1.2,
  '06-16': 1.3,
  '06-17': 1.5,
  '06-18': 2.6,
  '06-19': 1.3,
  '12-11': 1.2,
  '12-12': 1.6,
};

/** Days after a sale when the returns come in (refunds up, fewer pre-sale questions). */
const AFTER_SALES: [from: string, to: string][] = [
  ['11-12', '11-22'],
  ['06-19', '06-27'],
  ['12-13', '12-18'],
];

/** JD's own festival is 618: its peak there is higher. */
export function salesVolume(day: string, platform: string): number {
  const f = SALES[day.slice(5)] ?? 1;
  return platform === 'jd' && day.slice(5, 7) === '06' && f > 1 ? 1 + (f - 1) * 1.25 : f;
}

export function afterSales(day: string): boolean {
  const md = day.slice(5);
  return AFTER_SALES.some(([from, to]) => md >= from && md <= to);
}
