/**
 * A 生意参谋 客服绩效 export of any length, in the shape of test/fixtures/kpi/make.ts (sheet 数据信息,
 * agents "店铺:昵称", fractions, durations as seconds and as "00:04:32", 延迟统计 placeholders, a
 * summary row first), plus a 统计日期 column so a long file is many days of one team's agents, as a
 * 自制报表 over a date range is. Written with exceljs's streaming writer, which — like Excel — puts
 * the sheet before the shared strings.
 */
import ExcelJS from 'exceljs';
import { TAOBAO_HEADER } from '../fixtures/kpi/taobao-header';

const HEADER = ['统计日期', ...TAOBAO_HEADER];

/** Agents per day; rows / AGENTS days back from 2026-11-30. */
export const AGENTS = 200;

export async function writeTaobaoExport(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('数据信息');
  ws.getColumn(1).numFmt = 'yyyy-mm-dd';
  ws.addRow(HEADER).commit();
  ws.addRow([null, '汇总值', 400, 390, 200, '延迟统计', '延迟统计', 40000, 20, 30, 0.95, 0.99, 1.3, 0.97, '']).commit();
  const last = Date.UTC(2026, 10, 30);
  for (let i = 0; i < rows; i++) {
    const day = new Date(last - Math.floor(i / AGENTS) * 86_400_000);
    const a = i % AGENTS;
    ws.addRow([
      day,
      `天猫旗舰店:客服${String(a).padStart(3, '0')}`,
      100 + (i % 53),
      95 + (i % 47),
      40 + (i % 31),
      '延迟统计',
      '延迟统计',
      a % 7 ? 8800.5 + a : '12,012.84',
      10 + (i % 29) + 0.78,
      a % 5 ? 30 + (i % 17) : '00:04:32',
      0.8 + (i % 19) / 100,
      a % 11 ? 0.99 : '--',
      1.2 + (i % 9) / 10,
      0.9 + (i % 7) / 100,
      a % 2 ? '售前' : '售后',
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}
