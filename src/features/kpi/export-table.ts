/**
 * One platform export, as rows of cells, read into KPI samples (pure): finds the header below any
 * banner rows, maps columns to metrics, skips summary rows wherever they stand, reads each cell in
 * its metric's unit, and says which row it refused and why. Nothing here stores anything: the
 * preview shows this result, and 导入 stores it.
 */
import { metricByKey, type MetricDef } from './catalog';
import { readDay, dayFromFileName, type DayRead } from './dates';
import {
  columnRole,
  detectPlatform,
  metricLabelCount,
  normalizeLabel,
  type ExportPlatform,
  type RowColumn,
} from './headers';
import { outOfRange, percentScaleOf, readCell, type Cell } from './values';

export interface ExportSample {
  metric: string;
  value: number;
  /** The row's own base for a weighted rate (e.g. its 接待人数), when the export has it. */
  base?: number;
}

export interface ExportRow {
  /** 1-based line in the file (what a spreadsheet shows). */
  line: number;
  day: string;
  store: string;
  agent?: string;
  samples: ExportSample[];
}

export type Refusal =
  | { line: number; why: 'bad_value'; column: string; text: string }
  | { line: number; why: 'out_of_range'; column: string; value: number; range: 'negative' | 'over_100' }
  | { line: number; why: 'no_store'; agent?: string }
  | { line: number; why: 'no_date' };

export interface ReadExport {
  platform?: ExportPlatform;
  headerLine: number;
  columns: { label: string; metric: string }[];
  ignored: string[];
  rows: ExportRow[];
  refused: Refusal[];
  /** Store names the file names that the team does not have (the preview offers to add them). */
  unknownStores: string[];
  /** Summary rows skipped (合计, 汇总, 店铺汇总值 …). */
  summaryRows: number;
}

export type ExportProblem =
  | { problem: 'empty' }
  | { problem: 'no_header'; found: string[] }
  | { problem: 'need_date'; range?: { from: string; to: string } }
  | { problem: 'need_store'; stores: string[] };

export interface ExportContext {
  fileName: string;
  /** The team's active store names. */
  stores: string[];
  /** Given by the person (the API's `date`, an answer to "which day?"). */
  day?: string;
  store?: string;
  /** The team's own metrics by the labels an export may spell them as (normalised, see headers.ts). */
  extraMetrics?: ReadonlyMap<string, MetricDef>;
}

/** A column's metric: the catalog's, else the team's own (read in its own unit). */
const defOf = (ctx: ExportContext, key: string): MetricDef | undefined =>
  metricByKey(key) ?? [...(ctx.extraMetrics?.values() ?? [])].find((m) => m.key === key);

const HEADER_SCAN_ROWS = 30;
const SUMMARY = /^(合计|汇总|总计|总和|平均|均值|全店|店铺汇总|店铺平均|同行|汇总值|平均值|total|sum|average)/i;

const text = (c: Cell): string =>
  (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c)).trim();
const isEmptyRow = (row: Cell[]): boolean => row.every((c) => text(c) === '');

function findHeader(rows: Cell[][]): number | undefined {
  let best: { at: number; score: number } | undefined;
  for (let i = 0; i < Math.min(rows.length, HEADER_SCAN_ROWS); i++) {
    const score = metricLabelCount(rows[i]!);
    if (score >= 2 && (!best || score > best.score)) best = { at: i, score };
  }
  return best?.at;
}

/** "天猫旗舰店:小王", "天猫旗舰店-小王" → the store part and the nick, when the store part is a store. */
function splitAgent(agent: string, known: (name: string) => string | undefined): { store?: string; agent: string } {
  const m = /^(.+?)[:：\-—](.+)$/.exec(agent);
  if (!m) return { agent };
  const store = known(m[1]!.trim());
  return store ? { store, agent: m[2]!.trim() } : { agent };
}

/** What the first pass learns: where the header is, what each column is, each rate column's scale. */
export interface ExportLayout {
  headerAt: number;
  header: Cell[];
  columns: { at: number; label: string; metric: string }[];
  rowCols: Partial<Record<RowColumn, number>>;
  ignored: string[];
  /** Per metric column: does it write bare percentages (92.31) rather than fractions? */
  percentScale: Map<number, boolean>;
}

/**
 * First pass over the rows (O(columns) state once the header is found): the header within the
 * first HEADER_SCAN_ROWS rows, then each metric column's rate scale — which needs the whole
 * column, since one bare number above 1 anywhere makes every bare number in it a percentage.
 */
export function exportScanner(ctx: ExportContext): {
  scan(cells: Cell[]): void;
  /** Whether the header is decided (HEADER_SCAN_ROWS rows seen): the layout lacks only the scales. */
  headerDecided(): boolean;
  layout(): ExportLayout | ExportProblem;
} {
  const head: Cell[][] = [];
  let layout: ExportLayout | undefined;
  let anyText = false;
  /** The labels of the first three non-empty rows: what a "no header" answer lists. */
  const found: string[] = [];
  let foundRows = 0;
  const decide = () => {
    const h = findHeader(head);
    if (h === undefined) return;
    const header = head[h]!;
    const ownKeys = new Map([...(ctx.extraMetrics ?? [])].map(([label, m]) => [label, m.key]));
    const columns: ExportLayout['columns'] = [];
    const rowCols: ExportLayout['rowCols'] = {};
    const ignored: string[] = [];
    header.forEach((cell, at) => {
      const label = text(cell);
      const role = columnRole(cell, ownKeys);
      if (role.kind === 'metric' && !columns.some((c) => c.metric === role.metric))
        columns.push({ at, label, metric: role.metric });
      else if (role.kind === 'row' && rowCols[role.column] === undefined) rowCols[role.column] = at;
      else if (label) ignored.push(label);
    });
    layout = {
      headerAt: h,
      header,
      columns,
      rowCols,
      ignored,
      percentScale: new Map(columns.map((c) => [c.at, false])),
    };
    for (const cells of head.slice(h + 1)) scale(cells);
  };
  const scale = (cells: Cell[]) => {
    for (const c of layout!.columns)
      if (!layout!.percentScale.get(c.at) && percentScaleOf([cells[c.at]])) layout!.percentScale.set(c.at, true);
  };
  let decided = false;
  return {
    scan(cells) {
      if (!isEmptyRow(cells)) {
        anyText = true;
        if (foundRows++ < 3) found.push(...cells.map(text).filter(Boolean));
      }
      if (decided) {
        if (layout) scale(cells);
        return;
      }
      head.push(cells);
      if (head.length >= HEADER_SCAN_ROWS) {
        decided = true;
        decide();
        head.length = 0;
      }
    },
    headerDecided: () => decided,
    layout() {
      if (!decided) {
        decided = true;
        decide();
        head.length = 0;
      }
      if (layout) return layout;
      if (!anyText) return { problem: 'empty' };
      return { problem: 'no_header', found: [...new Set(found)].slice(0, 20) };
    },
  };
}

/** What the second pass found besides its rows. */
export type ExportTotals = Omit<ReadExport, 'rows' | 'refused'> & { refusedCount: number };

/** Store names not in the team kept at most (the preview offers to add them). */
const MAX_UNKNOWN_STORES = 100;

/**
 * Second pass: each row as an ExportRow (or a refusal, or skipped: empty, summary). O(days,
 * stores) state; refusals go to `onRefused`. `finish()` gives the totals or the problem that
 * refuses the whole file (no row had a day / a store).
 */
export function exportRowReader(
  layout: ExportLayout,
  ctx: ExportContext,
  onRefused: (r: Refusal) => void,
): { row(cells: Cell[]): ExportRow | undefined; finish(): ExportTotals | ExportProblem } {
  const { headerAt: h, columns, rowCols } = layout;
  const storeByNorm = new Map(ctx.stores.map((s) => [normalizeLabel(s), s]));
  const known = (name: string) => storeByNorm.get(normalizeLabel(name));
  const fileDay = dayFromFileName(ctx.fileName);
  const defs = columns.map((c) => ({ ...c, unit: defOf(ctx, c.metric)?.unit ?? 'number' }));
  const unknownStores = new Set<string>();
  let index = -1;
  let summaryRows = 0;
  let rows = 0;
  let refusedCount = 0;
  let refusedOtherThanStore = false;
  let needDate: DayRead | undefined;
  const refuse = (r: Refusal) => {
    refusedCount++;
    if (r.why !== 'no_store') refusedOtherThanStore = true;
    onRefused(r);
    return undefined;
  };
  return {
    row(cells) {
      index++;
      if (index <= h) return undefined;
      const line = index + 1;
      if (isEmptyRow(cells)) return undefined;
      const keyCells = [rowCols.agent, rowCols.store, rowCols.date, 0]
        .filter((x): x is number => x !== undefined)
        .map((i) => text(cells[i]));
      if (keyCells.some((c) => SUMMARY.test(c))) {
        summaryRows++;
        return undefined;
      }
      // The day: the row's date column, else the person's answer, else the file name.
      const rowDay = rowCols.date === undefined ? ({ kind: 'none' } as DayRead) : readDay(cells[rowCols.date]);
      const dayRead = rowDay.kind === 'day' ? rowDay : ctx.day ? ({ kind: 'day', day: ctx.day } as DayRead) : fileDay;
      if (dayRead.kind !== 'day') {
        needDate ??= dayRead;
        return refuse({ line, why: 'no_date' });
      }
      // The store: its column, else the agent's prefix, else the person's answer, else the team's only store.
      const rawAgent = rowCols.agent === undefined ? '' : text(cells[rowCols.agent]);
      const split = rawAgent ? splitAgent(rawAgent, known) : { agent: '' };
      const storeCell = rowCols.store === undefined ? '' : text(cells[rowCols.store]);
      let store = storeCell ? known(storeCell) : split.store;
      if (storeCell && !store && unknownStores.size < MAX_UNKNOWN_STORES) unknownStores.add(storeCell);
      store ??= storeCell
        ? undefined
        : ctx.store
          ? known(ctx.store)
          : ctx.stores.length === 1
            ? ctx.stores[0]
            : undefined;
      if (!store) return refuse({ line, why: 'no_store', ...(split.agent ? { agent: split.agent } : {}) });
      const samples: ExportSample[] = [];
      for (const c of defs) {
        const v = readCell(cells[c.at], c.unit, layout.percentScale.get(c.at));
        if (v.kind === 'none') continue;
        if (v.kind === 'bad') return refuse({ line, why: 'bad_value', column: c.label, text: v.text });
        const range = outOfRange(v.value, c.unit);
        if (range) return refuse({ line, why: 'out_of_range', column: c.label, value: v.value, range });
        samples.push({ metric: c.metric, value: v.value });
      }
      // A weighted rate keeps its row's base (its 接待人数 …) so the store's day can be weighted.
      const byMetric = new Map(samples.map((s) => [s.metric, s.value]));
      for (const s of samples) {
        const agg = defOf(ctx, s.metric)?.aggregate;
        if (agg?.kind === 'weighted' && byMetric.has(agg.base)) s.base = byMetric.get(agg.base)!;
      }
      if (!samples.length) return undefined;
      rows++;
      return { line, day: dayRead.day, store, ...(split.agent ? { agent: split.agent } : {}), samples };
    },
    finish() {
      if (!rows && needDate)
        return {
          problem: 'need_date',
          ...(needDate.kind === 'range' ? { range: { from: needDate.from, to: needDate.to } } : {}),
        };
      if (!rows && refusedCount && !refusedOtherThanStore && !unknownStores.size)
        return { problem: 'need_store', stores: ctx.stores };
      const platform = detectPlatform(layout.header);
      return {
        ...(platform ? { platform } : {}),
        headerLine: h + 1,
        columns: columns.map(({ label, metric }) => ({ label, metric })),
        ignored: layout.ignored,
        unknownStores: [...unknownStores],
        summaryRows,
        refusedCount,
      };
    },
  };
}

/** The whole table at once (the two passes over rows in memory), for tests and small files. */
export function readExportTable(rows: Cell[][], ctx: ExportContext): ReadExport | ExportProblem {
  const scanner = exportScanner(ctx);
  for (const r of rows) scanner.scan(r);
  const layout = scanner.layout();
  if ('problem' in layout) return layout;
  const refused: Refusal[] = [];
  const reader = exportRowReader(layout, ctx, (r) => refused.push(r));
  const out: ExportRow[] = [];
  for (const r of rows) {
    const row = reader.row(r);
    if (row) out.push(row);
  }
  const totals = reader.finish();
  if ('problem' in totals) return totals;
  const { refusedCount: _, ...rest } = totals;
  return { ...rest, rows: out, refused };
}

export const isProblem = <T extends object>(r: T | ExportProblem): r is ExportProblem => 'problem' in r;
