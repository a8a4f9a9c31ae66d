/**
 * The card a group owns (pure): the worst first, per store, within the platform's limits (Feishu:
 * 30 KB, 200 elements). What does not fit is counted ("其余 63 项…") and `/alert` lists it all.
 * Resolved items stay on the card struck through until the episode closes.
 */
import type { Locale } from '../../config';
import {
  button,
  buttons,
  card,
  cardSize,
  markdown,
  note,
  type Card,
  type CardElement,
  type CardMeasurer,
} from '../../cards/card';
import { mentionAll } from '../../cards/mention';
import { formatLocal } from '../../domain/local-time';
import { t, type Text } from '../../i18n';
import { metricByKey } from '../kpi/catalog';
import { formatTarget, formatValue } from '../kpi/format';
import { severity, type Op } from './rules';
import { AX } from './texts';

export interface CardAlert {
  id: number;
  storeId: number | null;
  storeName: string;
  metric: string;
  agent: string;
  state: 'firing' | 'resolved';
  value: number | null;
  firstValue: number | null;
  targetOp: Op | null;
  targetValue: number | null;
  firedAt: Date;
  resolvedAt: Date | null;
  claimedBy: string | null;
  flappingUntil: Date | null;
  changes: number;
}

export interface GroupCardInput {
  groupId: number;
  seq: number;
  alerts: CardAlert[];
  silenced: number;
  held?: { n: number; resolved: number };
  ops: string[];
  names: ReadonlyMap<string, string>;
  locale: Locale;
  zone: string;
  now: Date;
  platform: CardMeasurer;
}

/** Stores shown with their own buttons, and alert lines shown at most (the rest are counted). */
const MAX_STORES = 12;
const MAX_LINES = 60;

const metricName = (key: string, L: Locale) => {
  const m = metricByKey(key);
  return m ? t(L, m.name) : key;
};
const fmt = (key: string, v: number | null, L: Locale) => {
  const m = metricByKey(key);
  return v === null ? '–' : m ? formatValue(v, m.unit, L) : String(v);
};

export function alertWhat(a: Pick<CardAlert, 'metric' | 'agent'>, L: Locale): string {
  const name = metricName(a.metric, L);
  return a.agent ? t(L, AX.agentWhat, { metric: name, agent: a.agent }) : name;
}

/** One alert as a line of the card or the list. */
export function alertLine(a: CardAlert, L: Locale, zone: string, now: Date, withStore = false): string {
  const what = (withStore ? `${a.storeName} · ` : '') + alertWhat(a, L);
  const m = metricByKey(a.metric);
  if (a.state === 'resolved')
    return t(L, AX.resolvedLine, {
      what,
      value: fmt(a.metric, a.value, L),
      at: formatLocal(a.resolvedAt ?? now, zone, L, now),
    });
  const target = a.targetOp && a.targetValue !== null && m ? formatTarget(a.targetOp, a.targetValue, m.unit, L) : '–';
  const moved =
    a.firstValue !== null && a.value !== null && a.firstValue !== a.value
      ? t(L, AX.moved, { from: fmt(a.metric, a.firstValue, L), to: fmt(a.metric, a.value, L) })
      : '';
  return t(L, AX.line, {
    what,
    value: fmt(a.metric, a.value, L),
    target,
    moved,
    since: formatLocal(a.firedAt, zone, L, now),
  });
}

/** Ties by what people read (store, metric, agent), so the order never depends on row ids. */
const byName = (a: CardAlert, b: CardAlert): number =>
  a.storeName.localeCompare(b.storeName, 'zh-CN', { numeric: true }) ||
  a.metric.localeCompare(b.metric) ||
  a.agent.localeCompare(b.agent) ||
  a.id - b.id;

/** Worst first: firing by how far past the target, then resolved (latest first). */
export function worstFirst(a: CardAlert, b: CardAlert): number {
  if (a.state !== b.state) return a.state === 'firing' ? -1 : 1;
  if (a.state === 'firing') {
    const sa =
      a.value !== null && a.targetOp && a.targetValue !== null
        ? severity(a.value, { op: a.targetOp, value: a.targetValue })
        : 0;
    const sb =
      b.value !== null && b.targetOp && b.targetValue !== null
        ? severity(b.value, { op: b.targetOp, value: b.targetValue })
        : 0;
    return sb - sa || byName(a, b);
  }
  return (b.resolvedAt?.getTime() ?? 0) - (a.resolvedAt?.getTime() ?? 0) || byName(a, b);
}

/** Flapping (抖动): shown as one muted line and kept open, whatever its state this minute. */
const muted = (a: CardAlert, now: Date) => a.flappingUntil !== null && a.flappingUntil > now;

function build(i: GroupCardInput, maxStores: number, maxLines: number): Card {
  const L = i.locale;
  const tr = (x: Text, p?: Record<string, string | number>) => t(L, x, p);
  const flapping = i.alerts.filter((a) => muted(a, i.now));
  const shown = i.alerts.filter((a) => !muted(a, i.now)).sort(worstFirst);
  const firing = shown.filter((a) => a.state === 'firing');
  const stores = [...new Map(shown.map((a) => [a.storeId ?? 0, a.storeName])).entries()];
  const since = i.alerts.reduce((d, a) => (a.firedAt < d ? a.firedAt : d), i.now);
  const elements: CardElement[] = [];
  if (firing.length && i.ops.length) elements.push(markdown(tr(AX.ops, { who: mentionAll(i.names, i.ops) })));
  if (i.held && i.held.n) elements.push(markdown(tr(AX.held, i.held)));
  let lines = 0;
  let hidden = 0;
  let storesShown = 0;
  // Stores back on target that did not fit as sections: still shown, struck through, in one list —
  // a resolve must show on the card however big the storm.
  const lateResolved: CardAlert[] = [];
  for (const [storeId, storeName] of stores) {
    const mine = shown.filter((a) => (a.storeId ?? 0) === storeId);
    if (storesShown >= maxStores || lines >= maxLines) {
      if (mine.every((a) => a.state === 'resolved')) lateResolved.push(...mine);
      else hidden += mine.length;
      continue;
    }
    const take = mine.slice(0, Math.max(0, maxLines - lines));
    hidden += mine.length - take.length;
    lines += take.length;
    storesShown++;
    const claimers = [...new Set(mine.filter((a) => a.state === 'firing' && a.claimedBy).map((a) => a.claimedBy!))];
    const claimed = claimers.length ? tr(AX.claimedBy, { who: mentionAll(i.names, claimers) }) : '';
    const head = tr(AX.storeHead, { store: storeName, claimed });
    elements.push(markdown([head, ...take.map((a) => alertLine(a, L, i.zone, i.now))].join('\n')));
    if (mine.some((a) => a.state === 'firing') && storeId) {
      const v = { groupId: i.groupId, seq: i.seq, storeId };
      elements.push(
        buttons([
          button({ text: tr(AX.claim), value: { action: 'alert.claim', ...v }, type: 'primary' }),
          button({ text: tr(AX.silence2h), value: { action: 'alert.silence', ...v } }),
          button({ text: tr(AX.kpi), value: { action: 'alert.kpi', storeId } }),
        ]),
      );
    }
  }
  if (lateResolved.length) {
    const take = lateResolved.sort(worstFirst).slice(0, Math.min(20, maxLines));
    hidden += lateResolved.length - take.length;
    elements.push(markdown([tr(AX.resolvedHead), ...take.map((a) => alertLine(a, L, i.zone, i.now, true))].join('\n')));
  }
  if (hidden) elements.push(markdown(tr(AX.more, { n: hidden })));
  for (const a of flapping.slice(0, 5))
    elements.push(
      markdown(
        tr(AX.flapping, {
          what: `${a.storeName} ${alertWhat(a, L)}`,
          n: a.changes,
          until: formatLocal(a.flappingUntil!, i.zone, L, i.now),
        }),
      ),
    );
  if (flapping.length > 5) elements.push(markdown(tr(AX.flappingMuted, { n: flapping.length - 5 })));
  if (i.silenced) elements.push(note(tr(AX.silenced, { n: i.silenced })));
  elements.push(note(tr(AX.footer)));
  const open = firing.length + flapping.length;
  return card({
    title: open ? tr(AX.title, { n: open }) : tr(AX.titleResolved),
    subtitle: tr(AX.subtitle, {
      stores: new Set(i.alerts.map((a) => a.storeId)).size,
      since: formatLocal(since, i.zone, L, i.now),
    }),
    color: open ? 'red' : 'green',
    elements,
  });
}

/** The group's card, shrunk (fewer stores, fewer lines) until the platform accepts it. */
export function groupCard(i: GroupCardInput): Card {
  let stores = MAX_STORES;
  let lines = MAX_LINES;
  for (;;) {
    const c = build(i, stores, lines);
    if (cardSize(c, i.platform).fits || (stores <= 1 && lines <= 1)) return c;
    stores = Math.max(1, Math.floor(stores * 0.7));
    lines = Math.max(1, Math.floor(lines * 0.7));
  }
}

/** What the old message of a group says once a repeat moved the card to a new one. */
export const movedCard = (L: Locale): Card =>
  card({ title: t(L, AX.titleResolved).split(' · ')[0]!, color: 'grey', elements: [note(t(L, AX.moved2))] });
