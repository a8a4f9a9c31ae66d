import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { isProblem, readExportTable } from '../../src/features/kpi/export-table';
import { isImportProblem, readImport } from '../../src/features/kpi/import-file';
import { isFileProblem, MAX_ROWS, openExportFile, readExportFile } from '../../src/features/kpi/read-file';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kpi');
const STORES = ['淘宝旗舰店', '天猫旗舰店', '京东自营店', '抖音小店'];
const bytes = (s: string) => new TextEncoder().encode(s);

/** exceljs's temporary files of this process (a sheet written before the shared strings goes to one). */
const tempFiles = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
/** exceljs deletes a temporary file asynchronously once past it; one left behind stays until exit. */
const noTempFiles = () => vi.waitFor(() => expect(tempFiles()).toEqual([]), { timeout: 3000, interval: 10 });

/** An XLSX as the streaming writer lays it out (sheets before sharedStrings.xml, like Excel). */
async function streamedXlsx(sheets: { name: string; rows: unknown[][]; dateColumn?: number }[]): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    if (s.dateColumn) ws.getColumn(s.dateColumn).numFmt = 'yyyy-mm-dd';
    for (const r of s.rows) ws.addRow(r).commit();
    ws.commit();
  }
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

describe('streaming import: the same answers as reading the whole table', () => {
  it.each(['自制报表-报表查看-客服绩效_20261130_20261130_全部.xlsx', 'jd-咚咚-接待数据.csv', '快手-客服考核数据.csv'])(
    '%s',
    async (file) => {
      const b = new Uint8Array(readFileSync(path.join(dir, file)));
      const whole = await readExportFile(b);
      if (isFileProblem(whole)) throw new Error(whole.problem);
      const table = readExportTable(whole.rows, { fileName: file, stores: STORES });
      if (isProblem(table)) throw new Error(table.problem);
      const s = await readImport(b, { fileName: file, stores: STORES });
      if (isImportProblem(s)) throw new Error(s.problem);
      expect(s).toMatchObject({
        headerLine: table.headerLine,
        columns: table.columns,
        rows: table.rows.length,
        values: table.rows.reduce((n, r) => n + r.samples.length, 0),
        refused: table.refused.slice(0, 20),
        refusedCount: table.refused.length,
        summaryRows: table.summaryRows,
        days: [...new Set(table.rows.map((r) => r.day))].sort(),
      });
    },
  );

  it('a rate column written as 92.31 only on its last row scales the first rows too (two passes)', async () => {
    const lines = ['日期,店铺,3分钟人工响应率,咨询人数'];
    for (let i = 0; i < 3000; i++) lines.push(`2026-11-30,天猫旗舰店,0.9,${i}`);
    lines.push('2026-11-30,天猫旗舰店,95,1');
    const s = await readImport(bytes(lines.join('\n')), { fileName: 'x.csv', stores: STORES });
    if (isImportProblem(s)) throw new Error(s.problem);
    expect(s.samples[0]).toMatchObject({ line: 2, metric: 'reply_3min_rate' });
    expect(s.samples[0]?.value).toBeCloseTo(0.009, 12);
    expect(s).toMatchObject({ rows: 3001, refusedCount: 0 });
  });

  it('more than MAX_ROWS rows is refused before any row is handed on', async () => {
    const text = '店铺,咨询人数,接待人数\n' + '天猫旗舰店,5,4\n'.repeat(MAX_ROWS);
    expect(await readImport(bytes(text), { fileName: 'x_20261130.csv', stores: STORES })).toEqual({
      problem: 'too_many_rows',
    });
  });
});

describe('streaming XLSX', () => {
  it('picks the first sheet with a header, reads date cells as days, and leaves no temporary file', async () => {
    await noTempFiles();
    const b = await streamedXlsx([
      { name: '说明', rows: [['本表为客服绩效'], ['导出时间', '2026-12-01']] },
      {
        name: '数据',
        dateColumn: 1,
        rows: [
          ['统计日期', '旺旺昵称', '咨询人数', '接待人数', '3分钟人工响应率'],
          [new Date('2026-11-29T00:00:00Z'), '天猫旗舰店:小王', 10, 9, 0.9],
          [new Date('2026-11-30T00:00:00Z'), '天猫旗舰店:小王', 12, 11, 0.95],
        ],
      },
    ]);
    const s = await readImport(b, { fileName: 'export.xlsx', stores: STORES });
    if (isImportProblem(s)) throw new Error(s.problem);
    expect(s).toMatchObject({ sheet: '数据', days: ['2026-11-29', '2026-11-30'], rows: 2, agents: ['小王'] });
    await noTempFiles();
  });

  it('a reader that stops after the first row still lets exceljs remove its temporary file', async () => {
    await noTempFiles();
    const rows = [['旺旺昵称', '咨询人数', '接待人数']];
    for (let i = 0; i < 500; i++) rows.push([`天猫旗舰店:客服${i}`, String(i), String(i)]);
    const file = openExportFile(await streamedXlsx([{ name: '数据信息', rows }]));
    if (isFileProblem(file)) throw new Error(file.problem);
    for await (const row of file.rows()) {
      expect(row[0]).toBe('旺旺昵称');
      break;
    }
    await noTempFiles();
  });

  it('a workbook without a header anywhere names what its first sheet holds', async () => {
    const b = await streamedXlsx([
      {
        name: 'a',
        rows: [
          ['姓名', '年龄'],
          ['小王', 20],
        ],
      },
      { name: 'b', rows: [['x']] },
    ]);
    expect(await readImport(b, { fileName: 'x.xlsx', stores: STORES })).toEqual({
      problem: 'no_header',
      found: ['姓名', '年龄', '小王', '20'],
    });
  });
});
