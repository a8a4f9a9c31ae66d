/**
 * One kind's rows as an XLSX file on disk, written with exceljs's streaming WorkbookWriter: each
 * row is committed (written to the zip) as it comes, strings inline rather than shared, so memory
 * does not grow with the rows. Sheet 1 holds the records under Chinese-first headers with each
 * column's number or date format; sheet 2 (汇总) what the export is and what its columns add up to.
 */
import ExcelJS from 'exceljs';
import type { Locale } from '../../config';
import { columnsOf, type ExportContext, type ExportKind } from '../../core/export-def';
import { t } from '../../i18n';
import { NUM_FMT, wallTime, widthOf, xlsxCell } from './cells';
import { ExportSummary, OTHER } from './summary';
import { EX } from './texts';

/** Excel's rows per sheet, the header row included. */
export const EXCEL_MAX_ROWS = 1_048_576;

export interface XlsxMeta {
  locale: Locale;
  teamName: string;
  requester: string;
  generatedAt: Date;
}

/** A sheet name Excel accepts: ≤ 31 characters, none of : \ / ? * [ ]. */
export const sheetName = (s: string): string => s.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';

export async function writeXlsx(
  file: string,
  kind: ExportKind,
  ctx: ExportContext,
  meta: XlsxMeta,
  maxRows = EXCEL_MAX_ROWS - 1,
): Promise<{ rows: number; truncated: boolean }> {
  const { locale } = meta;
  const zone = ctx.range.timeZone;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'floorwalker';
  wb.created = meta.generatedAt;
  const title = t(locale, kind.title);
  const columns = await columnsOf(kind, ctx);
  const ws = wb.addWorksheet(sheetName(title), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ key: String(i), width: widthOf(c, locale) }));
  // One style object per column, the same object in every row: exceljs looks a style up by the
  // object's identity first, so shared objects cost a map hit per cell instead of a serialisation
  // (a column style would be merged into a new object per cell: 2–3 times slower overall).
  const styles = columns.map((c): Partial<ExcelJS.Style> => (NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type]! } : {}));
  const header = ws.addRow(columns.map((c) => t(locale, c.title)));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  header.commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  const summary = new ExportSummary(columns);
  let truncated = false;
  for await (const cells of kind.rows(ctx)) {
    if (summary.rows >= maxRows) {
      truncated = true;
      break;
    }
    summary.add(cells);
    const row = ws.addRow(columns.map((c, i) => xlsxCell(cells[i] ?? null, c.type, zone)));
    for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
    row.commit();
  }
  ws.commit();

  const s = wb.addWorksheet(sheetName(t(locale, EX.summarySheet)));
  s.columns = [{ width: 22 }, { width: 40 }, { width: 12 }];
  const line = (label: string, value: string | number | Date | null, numFmt?: string) => {
    const row = s.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.commit();
  };
  line(t(locale, EX.whatLabel), title);
  line(t(locale, EX.teamLabel), meta.teamName);
  line(t(locale, EX.rangeLabel), t(locale, EX.rangeValue, { from: ctx.range.fromDay, to: ctx.range.toDay }));
  line(t(locale, EX.zoneLabel), zone);
  line(t(locale, EX.madeLabel), wallTime(meta.generatedAt, zone), NUM_FMT.datetime);
  line(t(locale, EX.byLabel), meta.requester);
  line(t(locale, EX.rowsLabel), summary.rows, NUM_FMT.int);
  if (truncated) line('⚠', t(locale, EX.truncated, { rows: summary.rows }));
  for (const r of summary.results()) {
    const column = t(locale, r.column.title);
    if (r.counts) {
      s.addRow([]).commit();
      line(t(locale, EX.countLabel, { column }), null);
      for (const c of r.counts) s.addRow(['', c.value, c.rows]).commit();
      if (r.other) s.addRow(['', t(locale, OTHER), r.other]).commit();
    } else {
      const label = r.column.summary === 'sum' ? EX.sumLabel : EX.avgLabel;
      line(t(locale, label, { column }), r.value ?? null, NUM_FMT[r.column.type]);
    }
  }
  s.commit();
  await wb.commit();
  return { rows: summary.rows, truncated };
}
