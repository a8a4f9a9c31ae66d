/**
 * What the summary sheet says (pure): rows counted, and per column that asks for it the sum, the
 * mean, or how many rows hold each value — gathered while the rows stream past, in bounded memory
 * (at most MAX_VALUES distinct values per counted column; the rest are counted as 其他).
 */
import type { ExportCell, ExportColumn } from '../../core/export-def';

export const MAX_VALUES = 30;
export const OTHER = { 'zh-CN': '其他', en: 'other' } as const;

interface ColumnTally {
  sum: number;
  numbers: number;
  counts: Map<string, number>;
  other: number;
}

export interface SummaryLine {
  column: ExportColumn;
  value?: number | null;
  counts?: { value: string; rows: number }[];
  other?: number;
}

export class ExportSummary {
  rows = 0;
  private readonly tallies: (ColumnTally | undefined)[];

  constructor(private readonly columns: readonly ExportColumn[]) {
    this.tallies = columns.map((c) => (c.summary ? { sum: 0, numbers: 0, counts: new Map(), other: 0 } : undefined));
  }

  add(cells: readonly ExportCell[]): void {
    this.rows++;
    this.tallies.forEach((t, i) => {
      if (!t) return;
      const v = cells[i];
      if (this.columns[i]!.summary === 'count') {
        const key = v === null || v === undefined || v === '' ? '—' : v instanceof Date ? v.toISOString() : String(v);
        if (t.counts.has(key) || t.counts.size < MAX_VALUES) t.counts.set(key, (t.counts.get(key) ?? 0) + 1);
        else t.other++;
      } else if (typeof v === 'number' && Number.isFinite(v)) {
        t.sum += v;
        t.numbers++;
      }
    });
  }

  /** One entry per summarised column: its sum or mean (null without numbers), or its value counts, most first. */
  results(): SummaryLine[] {
    return this.columns.flatMap((column, i): SummaryLine[] => {
      const t = this.tallies[i];
      if (!t) return [];
      if (column.summary === 'count') {
        const counts = [...t.counts].map(([value, rows]) => ({ value, rows })).sort((a, b) => b.rows - a.rows);
        return [{ column, counts, other: t.other }];
      }
      const value = t.numbers === 0 ? null : column.summary === 'sum' ? t.sum : t.sum / t.numbers;
      return [{ column, value }];
    });
  }
}
