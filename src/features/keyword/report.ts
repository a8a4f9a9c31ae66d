/**
 * The AI assistant's hot / unknown-question report (晓多, 店小蜜 …) as keyword counts (pure): the
 * header row below any banner (关键词 or 问题, and 次数 / 出现次数 / 咨询次数), optional 日期,
 * 时段 / 小时 and 店铺 columns, summary rows skipped, each refused row named with why. The same
 * keyword twice in one hour of one store (two questions filed under one word) is added up, so a
 * file stored twice replaces its counts, never doubles them. The file's rows come from the KPI
 * import's reader (kpi/read-file.ts); nothing here stores anything.
 */
import { dayFromFileName, readDay } from '../kpi/dates';
import { normalizeLabel } from '../kpi/headers';
import { readNumber, type Cell } from '../kpi/values';

type Column = 'keyword' | 'count' | 'date' | 'hour' | 'store';

/** Header labels by column, normalised (normalizeLabel): the assistants' reports and plain English. */
const LABELS: Record<Column, string[]> = {
  keyword: [
    '关键词',
    '关键字',
    '热词',
    '问题',
    '问题关键词',
    '未知问题',
    '热点问题',
    '买家问题',
    '咨询问题',
    'keyword',
    'question',
  ],
  count: ['次数', '出现次数', '咨询次数', '提问次数', '命中次数', '咨询量', '数量', 'count', 'times'],
  date: ['日期', '统计日期', '时间', 'date', 'day'],
  hour: ['时段', '小时', '时间段', '统计时段', 'hour'],
  store: ['店铺', '店铺名称', '店铺名', 'store', 'shop'],
};
const byLabel = new Map(
  Object.entries(LABELS).flatMap(([col, labels]) => labels.map((l) => [normalizeLabel(l), col as Column])),
);
const columnOf = (cell: unknown): Column | undefined => byLabel.get(normalizeLabel(cell));

/** A report's header row: a keyword column and a count column. */
export function isKeywordHeader(cells: readonly unknown[]): boolean {
  const cols = new Set(cells.map(columnOf));
  return cols.has('keyword') && cols.has('count');
}

const HEADER_SCAN_ROWS = 30;
const SUMMARY = /^(合计|汇总|总计|总和|total|sum)/i;
const text = (c: Cell): string =>
  (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c)).trim();

/** "10", "10:00", "10:00-11:00", "10时", "10点" → 10; a date cell's hour; undefined when none. */
export function readHour(cell: Cell): number | undefined | 'bad' {
  if (cell instanceof Date) return cell.getUTCHours();
  const s = text(cell).normalize('NFKC');
  if (!s) return undefined;
  const m = /^(\d{1,2})(?:[:：时点]|$)/.exec(s) ?? /(?:^|\s)(\d{1,2}):\d{2}/.exec(s);
  const h = m ? Number(m[1]) : NaN;
  return h >= 0 && h <= 23 ? h : 'bad';
}

export interface ReportCount {
  keyword: string;
  /** The team's store name, or '' for the team as a whole. */
  store: string;
  day: string;
  /** 0–23, or -1 for a whole day's count (stored, not judged). */
  hour: number;
  count: number;
}

export type ReportRefusal =
  | { line: number; why: 'bad_count'; text: string }
  | { line: number; why: 'bad_hour'; text: string }
  | { line: number; why: 'no_date' }
  | { line: number; why: 'unknown_store'; store: string };

export interface KeywordReport {
  headerLine: number;
  counts: ReportCount[];
  refused: ReportRefusal[];
  /** Rows read (before adding up), summary rows skipped. */
  rows: number;
  summaryRows: number;
  days: string[];
  hourly: boolean;
}

export type ReportProblem = { problem: 'no_header' } | { problem: 'need_date' } | { problem: 'no_rows' };

/** The report in `rows` for a team with `stores` (its active store names). */
export function readKeywordReport(
  rows: readonly Cell[][],
  ctx: { fileName: string; stores: readonly string[] },
): KeywordReport | ReportProblem {
  const h = rows.slice(0, HEADER_SCAN_ROWS).findIndex((r) => isKeywordHeader(r));
  if (h < 0) return { problem: 'no_header' };
  const at: Partial<Record<Column, number>> = {};
  rows[h]!.forEach((cell, i) => {
    const c = columnOf(cell);
    if (c && at[c] === undefined) at[c] = i;
  });
  const storeByNorm = new Map(ctx.stores.map((s) => [normalizeLabel(s), s]));
  const fileDay = dayFromFileName(ctx.fileName);
  const sums = new Map<string, ReportCount>();
  const refused: ReportRefusal[] = [];
  let read = 0;
  let summaryRows = 0;
  let noDate = 0;
  for (let i = h + 1; i < rows.length; i++) {
    const cells = rows[i]!;
    const line = i + 1;
    const keyword = text(cells[at.keyword!]).slice(0, 40);
    if (!keyword) continue;
    if (SUMMARY.test(keyword) || (at.store !== undefined && SUMMARY.test(text(cells[at.store])))) {
      summaryRows++;
      continue;
    }
    const raw = cells[at.count!];
    const n = typeof raw === 'number' ? raw : readNumber(text(raw));
    if (n === undefined || !Number.isInteger(n) || n < 0) {
      refused.push({ line, why: 'bad_count', text: text(raw) });
      continue;
    }
    const dateCell = at.date === undefined ? undefined : cells[at.date];
    const rowDay = dateCell === undefined ? undefined : readDay(dateCell);
    const dayRead = rowDay?.kind === 'day' ? rowDay : fileDay;
    if (dayRead.kind !== 'day') {
      noDate++;
      refused.push({ line, why: 'no_date' });
      continue;
    }
    // The hour: its column, else a time in the date cell ("2026-11-30 10:00"), else the whole day.
    const hourRead =
      at.hour !== undefined
        ? readHour(cells[at.hour])
        : typeof dateCell === 'string' && /\d:\d{2}/.test(dateCell)
          ? readHour(dateCell.replace(/^.*?\s(?=\d{1,2}:)/, ''))
          : undefined;
    if (hourRead === 'bad') {
      refused.push({ line, why: 'bad_hour', text: text(cells[at.hour!]) });
      continue;
    }
    const storeText = at.store === undefined ? '' : text(cells[at.store]);
    const store = storeText ? storeByNorm.get(normalizeLabel(storeText)) : '';
    if (store === undefined) {
      refused.push({ line, why: 'unknown_store', store: storeText });
      continue;
    }
    read++;
    const c = { keyword, store, day: dayRead.day, hour: hourRead ?? -1, count: n };
    const key = `${c.store}|${c.keyword}|${c.day}|${c.hour}`;
    const had = sums.get(key);
    if (had) had.count += n;
    else sums.set(key, c);
  }
  const counts = [...sums.values()];
  if (!counts.length) return noDate && noDate === refused.length ? { problem: 'need_date' } : { problem: 'no_rows' };
  return {
    headerLine: h + 1,
    counts,
    refused,
    rows: read,
    summaryRows,
    days: [...new Set(counts.map((c) => c.day))].sort(),
    hourly: counts.some((c) => c.hour >= 0),
  };
}
