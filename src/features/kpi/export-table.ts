/**
 * One platform export, as rows of cells, read into KPI samples (pure): finds the header below any
 * banner rows, maps columns to metrics, skips summary rows wherever they stand, reads each cell in
 * its metric's unit, and says which row it refused and why. Nothing here stores anything: the
 * preview shows this result, and 导入 stores it.
 */
import { metricByKey } from './catalog';
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
  /** The team's own metrics: normalised label → key. */
  extraMetrics?: ReadonlyMap<string, string>;
}

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

export function readExportTable(rows: Cell[][], ctx: ExportContext): ReadExport | ExportProblem {
  if (rows.every(isEmptyRow)) return { problem: 'empty' };
  const h = findHeader(rows);
  if (h === undefined) {
    const found = rows
      .filter((r) => !isEmptyRow(r))
      .slice(0, 3)
      .flatMap((r) => r.map(text).filter(Boolean));
    return { problem: 'no_header', found: [...new Set(found)].slice(0, 20) };
  }
  const header = rows[h]!;
  const columns: { at: number; label: string; metric: string }[] = [];
  const rowCols: Partial<Record<RowColumn, number>> = {};
  const ignored: string[] = [];
  header.forEach((cell, at) => {
    const label = text(cell);
    const role = columnRole(cell, ctx.extraMetrics);
    if (role.kind === 'metric' && !columns.some((c) => c.metric === role.metric))
      columns.push({ at, label, metric: role.metric });
    else if (role.kind === 'row' && rowCols[role.column] === undefined) rowCols[role.column] = at;
    else if (label) ignored.push(label);
  });

  const storeByNorm = new Map(ctx.stores.map((s) => [normalizeLabel(s), s]));
  const known = (name: string) => storeByNorm.get(normalizeLabel(name));
  const fileDay = dayFromFileName(ctx.fileName);
  const data = rows.slice(h + 1).map((cells, i) => ({ cells, line: h + 2 + i }));
  const scale = new Map(columns.map((c) => [c.at, percentScaleOf(data.map((d) => d.cells[c.at]))]));

  const out: ExportRow[] = [];
  const refused: Refusal[] = [];
  const unknownStores = new Set<string>();
  let summaryRows = 0;
  let needDate: DayRead | undefined;
  for (const { cells, line } of data) {
    if (isEmptyRow(cells)) continue;
    const keyCells = [rowCols.agent, rowCols.store, rowCols.date, 0]
      .filter((x): x is number => x !== undefined)
      .map((i) => text(cells[i]));
    if (keyCells.some((c) => SUMMARY.test(c))) {
      summaryRows++;
      continue;
    }
    // The day: the row's date column, else the person's answer, else the file name.
    const rowDay = rowCols.date === undefined ? ({ kind: 'none' } as DayRead) : readDay(cells[rowCols.date]);
    const dayRead = rowDay.kind === 'day' ? rowDay : ctx.day ? ({ kind: 'day', day: ctx.day } as DayRead) : fileDay;
    if (dayRead.kind !== 'day') {
      needDate ??= dayRead;
      refused.push({ line, why: 'no_date' });
      continue;
    }
    // The store: its column, else the agent's prefix, else the person's answer, else the team's only store.
    const rawAgent = rowCols.agent === undefined ? '' : text(cells[rowCols.agent]);
    const split = rawAgent ? splitAgent(rawAgent, known) : { agent: '' };
    const storeCell = rowCols.store === undefined ? '' : text(cells[rowCols.store]);
    let store = storeCell ? known(storeCell) : split.store;
    if (storeCell && !store) unknownStores.add(storeCell);
    store ??= storeCell
      ? undefined
      : ctx.store
        ? known(ctx.store)
        : ctx.stores.length === 1
          ? ctx.stores[0]
          : undefined;
    if (!store) {
      refused.push({ line, why: 'no_store', ...(split.agent ? { agent: split.agent } : {}) });
      continue;
    }
    const samples: ExportSample[] = [];
    let refusal: Refusal | undefined;
    for (const c of columns) {
      const def = metricByKey(c.metric);
      const unit = def?.unit ?? 'number';
      const v = readCell(cells[c.at], unit, scale.get(c.at));
      if (v.kind === 'none') continue;
      if (v.kind === 'bad') {
        refusal = { line, why: 'bad_value', column: c.label, text: v.text };
        break;
      }
      const range = outOfRange(v.value, unit);
      if (range) {
        refusal = { line, why: 'out_of_range', column: c.label, value: v.value, range };
        break;
      }
      samples.push({ metric: c.metric, value: v.value });
    }
    if (refusal) {
      refused.push(refusal);
      continue;
    }
    // A weighted rate keeps its row's base (its 接待人数 …) so the store's day can be weighted.
    const byMetric = new Map(samples.map((s) => [s.metric, s.value]));
    for (const s of samples) {
      const agg = metricByKey(s.metric)?.aggregate;
      if (agg?.kind === 'weighted' && byMetric.has(agg.base)) s.base = byMetric.get(agg.base)!;
    }
    if (!samples.length) continue;
    out.push({ line, day: dayRead.day, store, ...(split.agent ? { agent: split.agent } : {}), samples });
  }

  if (!out.length && needDate)
    return {
      problem: 'need_date',
      ...(needDate.kind === 'range' ? { range: { from: needDate.from, to: needDate.to } } : {}),
    };
  if (!out.length && refused.length && refused.every((r) => r.why === 'no_store') && !unknownStores.size)
    return { problem: 'need_store', stores: ctx.stores };
  return {
    ...(detectPlatform(header) ? { platform: detectPlatform(header)! } : {}),
    headerLine: h + 1,
    columns: columns.map(({ label, metric }) => ({ label, metric })),
    ignored,
    rows: out,
    refused,
    unknownStores: [...unknownStores],
    summaryRows,
  };
}

export const isProblem = (r: ReadExport | ExportProblem): r is ExportProblem => 'problem' in r;
