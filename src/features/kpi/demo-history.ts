/**
 * Plausible KPI history for the sandbox's demo stores (pure, deterministic): per store and day, each
 * agent at work gets the day's counts and rates the way the platforms' exports report them, and the
 * store gets its day rolled up from them exactly as aggregate.ts rolls up (rates weighted by their
 * base), plus what only exists per store (体验分, bad reviews caused by customer service).
 *
 * Rates are made from counts (3-minute replies / buyers served, payers / askers), so they stay in
 * [0, 1] and agree with each other. Randomness is a seeded PRNG keyed by store name, agent and day —
 * never Math.random — so a day's values are the same whichever 30-day window asks for them, across
 * restarts and resets.
 */
import { rollUp, type Sample } from './aggregate';
import { metricByKey } from './catalog';
import { afterSales, salesVolume, shapeOf, type DemoAgent, type DemoShape } from './demo-profiles';
import { periodOf } from './period';
import type { ValueRow } from './repo';

export interface DemoStore {
  id: number;
  name: string;
  platform: string;
}

/** FNV-1a over the key, then mulberry32: small, fast and good enough for demo numbers. */
export function seededRandom(key: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  let s = h >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller), clipped to ±3 so no day is absurd. */
function normal(rand: () => number): number {
  const u = 1 - rand();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  return Math.max(-3, Math.min(3, z));
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number, digits = 0) => Number(v.toFixed(digits));
/** 1 = Monday … 7 = Sunday, of a calendar day (no time zone involved). */
const weekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

interface StoreDay {
  shape: DemoShape;
  /** Buyers who consulted the store. */
  consult: number;
  /** The big-sales factor of the day (1 on an ordinary day). */
  sales: number;
  /** In the days after a sale, when the returns come in. */
  after: boolean;
  /** The agents not on their day off. */
  working: DemoAgent[];
  /** How much busier each agent at work is than on an ordinary full-staffed day. */
  pressure: number;
}

function storeDay(store: DemoStore, day: string): StoreDay {
  const shape = shapeOf(store.platform);
  const rand = seededRandom(`${store.name}|${day}`);
  const sales = salesVolume(day, store.platform);
  const after = afterSales(day);
  // On a sale peak nobody takes the day off.
  const working = shape.agents.filter((a) => sales >= 1.5 || a.restDay !== weekday(day));
  const everyone = shape.agents.reduce((n, a) => n + a.share, 0);
  const atWork = working.reduce((n, a) => n + a.share, 0);
  const volume = shape.weekly[weekday(day) - 1]! * sales * (after ? 1.1 : 1) * Math.exp(0.07 * normal(rand));
  const consult = Math.round(shape.consultPerAgent * everyone * volume);
  return { shape, consult, sales, after, working, pressure: (volume * everyone) / atWork };
}

type Row = Omit<ValueRow, 'storeId' | 'day' | 'hour'>;

function agentDay(store: DemoStore, day: string, d: StoreDay, a: DemoAgent, consult: number): Row[] {
  const { shape } = d;
  const rand = seededRandom(`${store.name}|${a.name}|${day}`);
  const n = () => normal(rand);
  const rows: Row[] = [];
  const put = (metric: string, value: number, base: number | null = null) =>
    rows.push({ agent: a.name, metric, value, base });

  const noReply = Math.round(consult * clamp(1 - shape.replyRate + 0.003 * n(), 0, 0.05));
  const received = consult - noReply;
  // Busier means slower, and slower means more buyers wait past three minutes.
  const slowdown = d.pressure ** 0.45 * Math.exp(0.09 * n());
  const first = shape.firstResponse * a.speed * slowdown;
  const r3 = clamp(a.r3 - 0.0022 * (first - shape.firstResponse * a.speed) + 0.012 * n(), 0.5, 0.999);
  const within3 = Math.round(received * r3);
  put('consult_users', consult);
  put('received_users', received);
  put('first_response_s', round(first, 2), received);
  put('avg_response_s', round(first * shape.avgToFirst * Math.exp(0.05 * n()), 2), received);
  put('reply_3min_rate', within3 / received, received);
  if (shape.extras.includes('reply_rate')) put('reply_rate', received / consult, consult);
  if (shape.extras.includes('answer_30s_rate')) {
    // The share answered within 30 s falls off as the first response nears 30 s.
    const a30 = clamp(1 - 0.35 * (first / 30) ** 2 + 0.015 * n(), 0.3, 0.99);
    put('answer_30s_rate', Math.min(within3, Math.round(received * a30)) / received, received);
  }
  if (shape.extras.includes('qa_ratio')) put('qa_ratio', round(1.3 + 0.08 * n() - 0.05 * (a.speed - 1), 2), received);

  const sat = clamp(shape.satisfaction + a.care - 0.02 * (d.pressure - 1) + 0.012 * n(), 0.5, 0.995);
  put('satisfaction_rate', round(sat, 4), received);
  if (shape.extras.includes('dissatisfaction_rate'))
    put('dissatisfaction_rate', round(clamp((1 - sat) * 0.45 + 0.006 * n(), 0.002, 0.3), 4), received);

  const inquiry = Math.round(received * shape.inquiryShare * (d.after ? 0.85 : 1) * Math.exp(0.05 * n()));
  if (inquiry > 0) {
    // Buyers on a sale day come ready to pay.
    const conversion = clamp(shape.conversion * a.sell * (1 + 0.12 * (d.sales - 1)) + 0.03 * n(), 0.05, 0.9);
    const paid = Math.round(inquiry * conversion);
    put('inquiry_users', inquiry);
    put('paid_users', paid);
    put('inquiry_conversion_rate', paid / inquiry, inquiry);
    if (paid > 0) {
      const sales = round(paid * shape.aov * (d.sales >= 1.5 ? 1.12 : 1) * Math.exp(0.06 * n()), 2);
      put('sales_amount', sales);
      put('avg_order_value', sales / paid, paid);
      const refunds = Math.round(paid * clamp(shape.refundRate * (d.after ? 1.5 : 1) * Math.exp(0.15 * n()), 0, 0.6));
      put('refund_rate', refunds / paid, paid);
    }
  }
  return rows;
}

const asSample = (store: string, day: string) => (r: Row) => ({
  store,
  agent: r.agent || null,
  day,
  hour: null,
  metric: r.metric,
  value: r.value,
  base: r.base,
});

/** The store's own rows of a day: its agents rolled up, then what only the store has. */
function storeRows(store: DemoStore, day: string, d: StoreDay, agents: Row[]): Row[] {
  const samples: Sample[] = agents.map(asSample(store.name, day));
  const out: Row[] = [];
  for (const key of new Set(agents.map((r) => r.metric))) {
    const metric = metricByKey(key)!;
    const mine = agents.filter((r) => r.metric === key);
    const value = rollUp(
      metric,
      samples.filter((s) => s.metric === key),
      samples,
    )!;
    const base = metric.aggregate.kind === 'weighted' ? mine.reduce((n, r) => n + (r.base ?? 0), 0) : null;
    out.push({ agent: '', metric: key, value, base });
  }
  const rand = seededRandom(`${store.name}|store|${day}`);
  if (d.shape.experience !== undefined) {
    // 体验分 is a rolling score: it drifts slowly rather than jumping day to day.
    const phase = seededRandom(store.name)() * 2 * Math.PI;
    const drift = 0.04 * Math.sin((2 * Math.PI * dayNumber(day)) / 41 + phase);
    out.push({
      agent: '',
      metric: 'experience_score',
      value: round(d.shape.experience + drift + 0.004 * normal(rand), 2),
      base: null,
    });
  }
  const chance = d.shape.badReviewChance * d.pressure;
  const r = rand();
  out.push({ agent: '', metric: 'bad_reviews_cs', value: r < chance * 0.15 ? 2 : r < chance ? 1 : 0, base: null });
  return out;
}

/** Every agent's and store's value of each day, for the given stores (days as "2026-11-30"). */
export function demoHistory(stores: readonly DemoStore[], days: readonly string[]): ValueRow[] {
  const out: ValueRow[] = [];
  for (const store of stores) {
    for (const day of days) {
      const d = storeDay(store, day);
      const rand = seededRandom(`${store.name}|split|${day}`);
      const weights = d.working.map((a) => a.share * Math.exp(0.08 * normal(rand)));
      const total = weights.reduce((n, w) => n + w, 0);
      const agents = d.working.flatMap((a, i) =>
        agentDay(store, day, d, a, Math.max(1, Math.round((d.consult * weights[i]!) / total))),
      );
      for (const r of [...agents, ...storeRows(store, day, d, agents)])
        out.push({ storeId: store.id, day, hour: -1, ...r });
    }
  }
  return out;
}

/** The 30 days up to yesterday in `zone`, oldest first: what /kpi 30d shows. */
export function demoDays(now: Date, zone: string, n = 30): string[] {
  const { to } = periodOf('yesterday', now, zone);
  const last = Date.parse(`${to}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(last - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}
