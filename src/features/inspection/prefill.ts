/**
 * The pre-fill (pure): what the data says of each item when the card is posted, with the numbers
 * behind it. An item whose data says all clear is "ok" (still to be confirmed by a person); an
 * item with nothing to judge by is "none" and says so — never a guess.
 */
import type { Locale } from '../../config';
import { t } from '../../i18n';
import type { Sample } from '../kpi/aggregate';
import { metricByKey, type MetricDef } from '../kpi/catalog';
import { formatTarget, formatValue } from '../kpi/format';
import { buildKpiReport, storeDays } from '../kpi/report';
import { breaches, effectiveTarget, type TargetRow } from '../kpi/targets';
import type { ItemDef, Prefill } from './items';
import { IX } from './texts';

export interface AccountReport {
  store: string;
  account: string;
  online: boolean;
  at: Date;
}

export interface ViolationFact {
  store: string;
  kind: string;
  points: number | null;
}

/** A complaint of the log since yesterday (the complaint feature's complaintsSince). */
export interface ComplaintFact {
  store: string;
  category: string;
  open: boolean;
  late: boolean;
}

export interface PrefillData {
  /** Account reports of the last day (older ones say nothing about this morning). */
  accounts: AccountReport[];
  /** Violations since the last inspection's time (yesterday's slot). */
  violations: ViolationFact[];
  /** Complaints opened since yesterday; absent where the complaint log is not there (then: check by hand). */
  complaints?: ComplaintFact[];
  /** Daily samples of the days before today (yesterday and the 7 before it) and of today. */
  samples: Sample[];
  targets: TargetRow[];
  metrics: MetricDef[];
  today: string;
  yesterday: string;
  /** The 7 days before yesterday, oldest first. */
  week: string[];
}

/** Yesterday's service and sales metrics (item 5); the others have an item of their own. */
export const KPI_ITEM_METRICS = [
  'first_response_s',
  'avg_response_s',
  'reply_rate',
  'reply_3min_rate',
  'answer_30s_rate',
  'qa_ratio',
  'inquiry_conversion_rate',
  'avg_order_value',
  'sales_amount',
  'refund_rate',
];

/** A platform score this far under its 7-day mean has "fallen" (体验分 moves in hundredths). */
export const SCORE_DROP = 0.02;
/** At most this many stores (or accounts) are named in one line; the rest are counted. */
const NAMED = 5;

const listed = (L: Locale, parts: string[]) =>
  parts.length <= NAMED
    ? parts.join('；')
    : `${parts.slice(0, NAMED).join('；')}${t(L, IX.andMore, { n: parts.length - NAMED })}`;

const none = (L: Locale, extra: string[] = []): Prefill => ({ status: 'none', lines: [t(L, IX.noData), ...extra] });

export function prefillItem(item: ItemDef, d: PrefillData, L: Locale): Prefill {
  switch (item.source) {
    case 'accounts':
      return accounts(d, L);
    case 'offline':
      return counted(d, L, 'offline_messages');
    case 'violations':
      return violations(d, L);
    case 'kpi':
      return kpi(d, L);
    case 'scores':
      return scores(d, L);
    case 'satisfaction':
      return satisfaction(d, L);
    case 'bot':
      return counted(d, L, 'bot_high_risk');
    case 'refunds':
      return counted(d, L, 'refund_overdue');
    case 'reviews':
      return counted(d, L, 'bad_reviews_cs');
    case 'crossdept':
    case undefined:
      return none(L);
  }
}

export const prefillAll = (items: readonly ItemDef[], d: PrefillData, L: Locale): Prefill[] =>
  items.map((i) => prefillItem(i, d, L));

function accounts(d: PrefillData, L: Locale): Prefill {
  if (!d.accounts.length) return none(L);
  const off = d.accounts.filter((a) => !a.online);
  if (off.length)
    return {
      status: 'issue',
      lines: [
        t(L, IX.accountsOffline, {
          n: off.length,
          total: d.accounts.length,
          list: listed(
            L,
            off.map((a) => `${a.store}·${a.account}`),
          ),
        }),
      ],
    };
  return { status: 'ok', lines: [t(L, IX.accountsOnline, { n: d.accounts.length })] };
}

/** Store-level daily values of `metric` (agents rolled up where the store has no value of its own). */
function storeValues(d: PrefillData, metric: string, days: readonly string[]): Sample[] {
  const def = d.metrics.find((m) => m.key === metric) ?? metricByKey(metric);
  if (!def) return [];
  const wanted = new Set(days);
  return storeDays(
    d.samples.filter((s) => wanted.has(s.day) && (s.metric === metric || isBaseOf(def, s.metric))),
    d.metrics,
  ).filter((s) => s.metric === metric);
}

const isBaseOf = (def: MetricDef, key: string) => def.aggregate.kind === 'weighted' && def.aggregate.base === key;

/** A count the inspection wants at zero (offline messages, refunds past their limit …): each store's latest day. */
function counted(d: PrefillData, L: Locale, metric: string): Prefill {
  const def = d.metrics.find((m) => m.key === metric) ?? metricByKey(metric)!;
  const rows = storeValues(d, metric, [d.yesterday, d.today]);
  if (!rows.length) return none(L);
  const latest = new Map<string, Sample>();
  for (const s of rows) if ((latest.get(s.store)?.day ?? '') < s.day) latest.set(s.store, s);
  const over: string[] = [];
  let sum = 0;
  for (const s of latest.values()) {
    sum += s.value;
    const target = effectiveTarget(def, s.store, d.targets);
    if (target ? breaches(s.value, target) : s.value > 0) over.push(`${s.store} ${formatValue(s.value, def.unit, L)}`);
  }
  const name = t(L, def.name);
  if (over.length)
    return {
      status: 'issue',
      lines: [t(L, IX.countOver, { name, n: formatValue(sum, def.unit, L), list: listed(L, over) })],
    };
  return { status: 'ok', lines: [t(L, IX.countOk, { name, n: formatValue(sum, def.unit, L), stores: latest.size })] };
}

/** Item 4's complaint line: how many since yesterday, and whether any is open past its time limit. */
function complaintLine(d: PrefillData, L: Locale): { line: string; issue: boolean } {
  const cs = d.complaints;
  if (!cs) return { line: t(L, IX.complaintsUntracked), issue: false };
  if (!cs.length) return { line: t(L, IX.complaintsNone), issue: false };
  return {
    line: t(L, IX.complaints, {
      n: cs.length,
      open: cs.filter((c) => c.open).length,
      late: cs.filter((c) => c.late).length,
      list: listed(
        L,
        cs.map((c) => `${c.store}·${c.category}`),
      ),
    }),
    issue: cs.some((c) => c.open && c.late),
  };
}

function violations(d: PrefillData, L: Locale): Prefill {
  const complaints = complaintLine(d, L);
  const untracked = complaints.line;
  if (!d.violations.length)
    return { status: complaints.issue ? 'issue' : 'ok', lines: [t(L, IX.violationsNone), untracked] };
  const points = d.violations.reduce((n, v) => n + (v.points ?? 0), 0);
  return {
    status: 'issue',
    lines: [
      t(L, IX.violations, {
        n: d.violations.length,
        points,
        list: listed(
          L,
          d.violations.map((v) => `${v.store}·${v.kind}${v.points ? `（${v.points}）` : ''}`),
        ),
      }),
      untracked,
    ],
  };
}

function kpi(d: PrefillData, L: Locale): Prefill {
  const metrics = d.metrics.filter((m) => KPI_ITEM_METRICS.includes(m.key));
  const yesterday = d.samples.filter((s) => s.day === d.yesterday);
  const stores = [...new Set(yesterday.filter((s) => KPI_ITEM_METRICS.includes(s.metric)).map((s) => s.store))];
  if (!stores.length) return none(L);
  const parts: string[] = [];
  for (const store of stores.sort()) {
    const report = buildKpiReport({ samples: yesterday, targets: d.targets, store, metrics });
    const off = report.lines.filter((l) => l.breached && l.target);
    if (!off.length) continue;
    const lines = off.map((l) => {
      const worst = report.agents.find((a) => a.metric.key === l.metric.key)?.worst.slice(0, 2) ?? [];
      const agents = worst.map((a) => `${a.agent} ${formatValue(a.value, l.metric.unit, L)}`).join('、');
      return t(L, agents ? IX.kpiLineAgents : IX.kpiLine, {
        metric: t(L, l.metric.name),
        value: formatValue(l.value, l.metric.unit, L),
        target: formatTarget(l.target!.op, l.target!.value, l.metric.unit, L),
        over: formatValue(l.over ?? 0, l.metric.unit, L),
        agents,
      });
    });
    parts.push(`${store}：${lines.join('，')}`);
  }
  if (!parts.length) return { status: 'ok', lines: [t(L, IX.kpiOk, { stores: stores.length })] };
  return {
    status: 'issue',
    lines: [t(L, IX.kpiOff, { n: parts.length, stores: stores.length }), ...parts.slice(0, NAMED)],
  };
}

function scores(d: PrefillData, L: Locale): Prefill {
  const metric = 'experience_score';
  const y = storeValues(d, metric, [d.yesterday]);
  if (!y.length) return none(L);
  const week = storeValues(d, metric, d.week);
  const fell: string[] = [];
  let compared = 0;
  for (const s of y) {
    const xs = week.filter((w) => w.store === s.store);
    if (!xs.length) continue;
    compared++;
    const level = xs.reduce((n, w) => n + w.value, 0) / xs.length;
    if (s.value < level - SCORE_DROP)
      fell.push(
        t(L, IX.scoreFell, {
          store: s.store,
          value: s.value.toFixed(2),
          level: level.toFixed(2),
          diff: (s.value - level).toFixed(2),
        }),
      );
  }
  if (!compared) return none(L, [t(L, IX.scoreNoLevel)]);
  if (fell.length) return { status: 'issue', lines: [listed(L, fell)] };
  return { status: 'ok', lines: [t(L, IX.scoreOk, { stores: compared })] };
}

function satisfaction(d: PrefillData, L: Locale): Prefill {
  const def = d.metrics.find((m) => m.key === 'satisfaction_rate') ?? metricByKey('satisfaction_rate')!;
  const rows = storeValues(d, 'satisfaction_rate', [d.yesterday]);
  if (!rows.length) return none(L);
  const dissatisfied = storeValues(d, 'dissatisfaction_rate', [d.yesterday]);
  const received = storeValues(d, 'received_users', [d.yesterday]);
  const below: string[] = [];
  let judged = 0;
  for (const s of rows) {
    const target = effectiveTarget(def, s.store, d.targets);
    if (!target) continue;
    judged++;
    if (!breaches(s.value, target)) continue;
    const rate = dissatisfied.find((x) => x.store === s.store)?.value;
    const users = received.find((x) => x.store === s.store)?.value;
    const count = rate !== undefined && users !== undefined ? Math.round(rate * users) : undefined;
    below.push(
      t(L, count === undefined ? IX.satBelow : IX.satBelowCount, {
        store: s.store,
        value: formatValue(s.value, def.unit, L),
        target: formatTarget(target.op, target.value, def.unit, L),
        count: count ?? 0,
      }),
    );
  }
  if (!judged) return none(L, [t(L, IX.satNoTarget)]);
  if (below.length) return { status: 'issue', lines: [listed(L, below)] };
  return { status: 'ok', lines: [t(L, IX.satOk, { stores: judged })] };
}
