/**
 * Fitting the digest into one card (pure): each section gets a share of what the platform allows
 * (its own maxBytes, else an even share of the bytes and elements), and a section over its share —
 * or a card still over the limits — is cut down from its end: a long table keeps its first rows
 * (sections put the worst first) and says how many it left out, then charts go, then the last
 * elements. Past the platform's own rules of thumb (feishu-features.md: ≤ 3 tables, ≤ 5 charts
 * per card) the extra tables become plain lines and the extra charts are left out.
 */
import { card, divider, markdown, note, type Card, type CardElement, type CardHeader } from '../../cards/card';
import type { CardMeasurer } from '../../cards/card';

export interface BuiltSection {
  key: string;
  title: string;
  elements: CardElement[];
  maxBytes?: number;
}

export interface FitTexts {
  rowsCut(n: number): string;
  chartsCut(n: number): string;
  partCut: string;
  footer: string;
}

export const MAX_TABLES = 3;
export const MAX_CHARTS = 5;
/** A table is never cut below this many rows (then charts and whole elements go first). */
const MIN_ROWS = 3;
/** A markdown element is cut in half while it has more lines than this. */
const MIN_LINES = 6;

type Table = Extract<CardElement, { kind: 'table' }>;

const sectionElements = (s: BuiltSection): CardElement[] =>
  s.title ? [markdown(`**${s.title}**`), ...s.elements] : s.elements;

export function assemble(header: CardHeader, sections: readonly BuiltSection[], footer: string): Card {
  const elements: CardElement[] = [];
  sections.forEach((s, i) => {
    if (i > 0) elements.push(divider());
    elements.push(...sectionElements(s));
  });
  elements.push(note(footer));
  return card({ ...header, elements });
}

/** The notes this file added after a cut table, and how many rows the table had before any cut. */
const cutNotes = new WeakSet<CardElement>();
const fullRows = new WeakMap<CardElement, number>();
const chartNotes = new WeakMap<CardElement, number>();
const partNotes = new WeakSet<CardElement>();

/** The table rows of `t` past `keep` left out, with a line saying so after it. */
function cutTable(els: CardElement[], at: number, keep: number, texts: FitTexts): CardElement[] {
  const t = els[at] as Table;
  const total = fullRows.get(t) ?? t.rows.length;
  const table: Table = { ...t, rows: t.rows.slice(0, keep) };
  fullRows.set(table, total);
  const said = note(texts.rowsCut(total - keep));
  cutNotes.add(said);
  const next = els.slice();
  // A note from an earlier cut of this table is replaced by the new one.
  const earlier = next[at + 1] !== undefined && cutNotes.has(next[at + 1]!);
  next.splice(at, earlier ? 2 : 1, table, said);
  return next;
}

/** One step smaller: halves the longest table, else drops the last chart, else the last element. */
export function shrink(els: CardElement[], texts: FitTexts): CardElement[] | undefined {
  let longest = -1;
  els.forEach((e, i) => {
    if (
      e.kind === 'table' &&
      e.rows.length > MIN_ROWS &&
      (longest < 0 || e.rows.length > (els[longest] as Table).rows.length)
    )
      longest = i;
  });
  if (longest >= 0) {
    const rows = (els[longest] as Table).rows.length;
    return cutTable(els, longest, Math.max(MIN_ROWS, Math.floor(rows / 2)), texts);
  }
  const lastChart = els.map((e) => e.kind).lastIndexOf('chart');
  if (lastChart >= 0) {
    const next = els.filter((_, i) => i !== lastChart);
    const earlier = next.findIndex((e) => chartNotes.has(e));
    const n = earlier >= 0 ? chartNotes.get(next[earlier]!)! + 1 : 1;
    const said = note(texts.chartsCut(n));
    chartNotes.set(said, n);
    if (earlier >= 0) next.splice(earlier, 1);
    return [...next, said];
  }
  // A long text keeps its first lines.
  let longText = -1;
  let most = MIN_LINES;
  els.forEach((e, i) => {
    const n = e.kind === 'markdown' ? e.text.split('\n').length : 0;
    if (n > most) [longText, most] = [i, n];
  });
  if (longText >= 0) {
    const next = els.slice();
    const lines = (els[longText] as { text: string }).text.split('\n');
    next[longText] = markdown(
      [...lines.slice(0, Math.floor(lines.length / 2)), texts.rowsCut(Math.ceil(lines.length / 2))].join('\n'),
    );
    return next;
  }
  // Then the last elements go, a quarter at a time, keeping the first (the section's headline).
  const body = els.filter((e) => !partNotes.has(e));
  if (body.length <= 1) return undefined;
  const said = note(texts.partCut);
  partNotes.add(said);
  return [...body.slice(0, Math.max(1, body.length - Math.ceil(body.length / 4))), said];
}

/** A table as plain lines, for tables past the card's table budget. */
function tableAsLines(t: Table): CardElement {
  const head = t.columns.map((c) => c.title).join(' · ');
  return markdown([`*${head}*`, ...t.rows.map((r) => t.columns.map((c) => r[c.key] ?? '').join(' · '))].join('\n'));
}

/** Tables past MAX_TABLES become lines, charts past MAX_CHARTS go (in card order). */
export function withinCounts(sections: readonly BuiltSection[]): BuiltSection[] {
  let tables = 0;
  let charts = 0;
  return sections.map((s) => ({
    ...s,
    elements: s.elements.flatMap((e) => {
      if (e.kind === 'table' && ++tables > MAX_TABLES) return [tableAsLines(e)];
      if (e.kind === 'chart' && ++charts > MAX_CHARTS) return [];
      return [e];
    }),
  }));
}

export interface Fitted {
  card: Card;
  bytes: number;
  elements: number;
  fits: boolean;
  /** Keys of the sections that were cut down. */
  cut: string[];
}

export function fitDigest(
  header: CardHeader,
  built: readonly BuiltSection[],
  platform: CardMeasurer,
  texts: FitTexts,
): Fitted {
  const { maxBytes, maxElements } = platform.cardLimits;
  const sections = withinCounts(built);
  const cut = new Set<string>();
  const empty = platform.measureCard(assemble(header, [], texts.footer));
  const share = {
    bytes: Math.floor((maxBytes - empty.bytes) / Math.max(1, sections.length)),
    elements: Math.floor((maxElements - empty.elements) / Math.max(1, sections.length)),
  };
  const sizeOf = (s: BuiltSection) => {
    const m = platform.measureCard(card({ title: '', elements: sectionElements(s) }));
    return { bytes: m.bytes - empty.bytes, elements: m.elements };
  };
  // A section whose own budget is given keeps to it; the others keep to an even share only when
  // the card as a whole is over (a small section leaves room for a big one).
  for (const s of sections) {
    if (s.maxBytes === undefined) continue;
    for (let size = sizeOf(s); size.bytes > s.maxBytes || size.elements > share.elements; size = sizeOf(s)) {
      const next = shrink(s.elements, texts);
      if (!next) break;
      s.elements = next;
      cut.add(s.key);
    }
  }
  let c = assemble(header, sections, texts.footer);
  let m = platform.measureCard(c);
  while (m.bytes > maxBytes || m.elements > maxElements) {
    // The section furthest over its share gives way first.
    const over = sections
      .map((s) => {
        const size = sizeOf(s);
        return { s, by: Math.max(size.bytes / (s.maxBytes ?? share.bytes), size.elements / share.elements) };
      })
      .sort((a, b) => b.by - a.by);
    let shrunk = false;
    for (const { s } of over) {
      const next = shrink(s.elements, texts);
      if (!next) continue;
      s.elements = next;
      cut.add(s.key);
      shrunk = true;
      break;
    }
    if (!shrunk) break;
    c = assemble(header, sections, texts.footer);
    m = platform.measureCard(c);
  }
  return { card: c, ...m, fits: m.bytes <= maxBytes && m.elements <= maxElements, cut: [...cut] };
}
