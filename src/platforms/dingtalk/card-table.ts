/**
 * A table as DingTalk can show it: neither its markdown nor the card template has a table, so a
 * compact one with a line per row, cells joined by " | ", the header line in bold.
 */
import type { Locale } from '../../config';
import { t } from '../../i18n';
import { DX } from './card-texts';

/** A cell on one line: newlines and the separator would break the row. */
const cell = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '/');

export function tableLines(
  tbl: { columns: { key: string; title: string }[]; rows: Record<string, string>[]; total?: number },
  md: (text: string) => string,
  locale: Locale,
): string[] {
  const lines: string[] = [];
  if (tbl.columns.some((c) => c.title))
    lines.push(tbl.columns.map((c) => (c.title ? `**${cell(md(c.title))}**` : '')).join(' | '));
  for (const r of tbl.rows) lines.push(tbl.columns.map((c) => cell(md(r[c.key] ?? ''))).join(' | '));
  if (tbl.total !== undefined) lines.push(t(locale, DX.chartTruncated, { shown: tbl.rows.length, total: tbl.total }));
  return lines;
}
