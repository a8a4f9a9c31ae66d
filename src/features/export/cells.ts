/**
 * Cells as the two formats write them (pure). XLSX keeps numbers as numbers and times as dates
 * with a number format; an instant is shown at the team's wall-clock time (Excel has no zones, so
 * the date written is that wall time read as UTC). CSV writes ISO 8601 with the offset, days as
 * "YYYY-MM-DD", numbers as they are.
 */
import { DateTime } from 'luxon';
import type { ExportCell, ExportCellType, ExportColumn } from '../../core/export-def';
import { t } from '../../i18n';
import type { Locale } from '../../config';

export const NUM_FMT: Record<ExportCellType, string | undefined> = {
  text: undefined,
  int: '0',
  number: '0.00',
  money: '¥#,##0.00',
  percent: '0.0%',
  minutes: '0.0',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

/** The wall time of `d` in `zone`, as a Date whose UTC fields are that wall time (what Excel shows). */
export function wallTime(d: Date, zone: string): Date {
  const w = DateTime.fromJSDate(d, { zone });
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

/** A cell for exceljs. */
export function xlsxCell(v: ExportCell, type: ExportCellType, zone: string): string | number | Date | null {
  if (v === null || v === undefined) return null;
  if (type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d));
  }
  if (v instanceof Date) return wallTime(v, zone);
  return v;
}

/** A cell's text for CSV. */
export function csvText(v: ExportCell, type: ExportCellType, zone: string): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const w = DateTime.fromJSDate(v, { zone });
    return type === 'date' ? w.toISODate()! : w.toISO({ suppressMilliseconds: true })!;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return v;
}

/** Sheet column widths in characters: the title's, or what the type usually needs. */
export function widthOf(c: ExportColumn, locale: Locale): number {
  if (c.width) return c.width;
  const title = t(locale, c.title);
  // CJK characters take two columns.
  const titleWidth = [...title].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0) + 2;
  const typical = c.type === 'datetime' ? 17 : c.type === 'date' ? 12 : c.type === 'text' ? 14 : 10;
  return Math.max(titleWidth, typical);
}
