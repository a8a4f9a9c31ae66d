import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isProblem, readExportTable, type ReadExport } from '../../src/features/kpi/export-table';
import { isFileProblem, readExportFile } from '../../src/features/kpi/read-file';
import { ownMetricDef, ownMetricLabels } from '../../src/features/kpi/team-metrics';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kpi');
const STORES = ['淘宝旗舰店', '天猫旗舰店', '京东自营店', '抖音小店'];

async function read(file: string, stores = STORES, extra: { day?: string; store?: string } = {}) {
  const rows = await readExportFile(new Uint8Array(readFileSync(path.join(dir, file))));
  if (isFileProblem(rows)) throw new Error(`file problem: ${rows.problem}`);
  return { file: rows, table: readExportTable(rows.rows, { fileName: file, stores, ...extra }) };
}

const ok = (t: ReturnType<typeof readExportTable>): ReadExport => {
  if (isProblem(t)) throw new Error(`table problem: ${JSON.stringify(t)}`);
  return t;
};
const sample = (t: ReadExport, agent: string, metric: string) =>
  t.rows.find((r) => r.agent === agent)?.samples.find((s) => s.metric === metric);

describe('platform exports (fixtures in the shapes the back ends write)', () => {
  it('生意参谋 客服绩效 xlsx: agents "店铺:昵称", summary rows first and last, 延迟统计 is no value, "00:04:32"', async () => {
    const { file, table } = await read('自制报表-报表查看-客服绩效_20261130_20261130_全部.xlsx');
    expect(file).toMatchObject({ kind: 'xlsx', sheet: '数据信息' });
    const t = ok(table);
    expect(t.platform).toBe('taobao');
    expect(t.summaryRows).toBe(3);
    expect(t.rows.map((r) => [r.store, r.agent, r.day])).toEqual([
      ['天猫旗舰店', '小王', '2026-11-30'],
      ['天猫旗舰店', '小陈', '2026-11-30'],
      ['天猫旗舰店', '小李', '2026-11-30'],
    ]);
    expect(sample(t, '小王', 'avg_response_s')?.value).toBe(272);
    expect(sample(t, '小王', 'sales_amount')?.value).toBe(12012.84);
    expect(sample(t, '小王', 'reply_3min_rate')).toEqual({ metric: 'reply_3min_rate', value: 0.9971, base: 118 });
    expect(sample(t, '小王', 'paid_users')).toBeUndefined();
    expect(sample(t, '小李', 'reply_3min_rate')).toBeUndefined();
    expect(t.columns.map((c) => c.metric)).not.toContain('group');
  });

  it('京东 咚咚 CSV in GBK: a 合计 row first, "12.15 秒" and "1分5秒", a date column', async () => {
    const { file, table } = await read('jd-咚咚-接待数据.csv');
    expect(file).toMatchObject({ kind: 'csv', encoding: 'gb18030' });
    const t = ok(table);
    expect(t.platform).toBe('jd');
    expect(t.summaryRows).toBe(1);
    expect(t.rows.map((r) => r.agent)).toEqual(['小赵', '小钱']);
    expect(sample(t, '小赵', 'first_response_s')?.value).toBe(12.15);
    expect(sample(t, '小钱', 'first_response_s')?.value).toBe(65);
    expect(sample(t, '小赵', 'answer_30s_rate')?.value).toBeCloseTo(0.8532);
    expect(sample(t, '小钱', 'satisfaction_rate')).toBeUndefined();
    expect(t.rows.every((r) => r.store === '京东自营店' && r.day === '2026-11-30')).toBe(true);
  });

  it('抖店 飞鸽 xlsx: a 店铺名称 column, "2分30秒", a header with an inner space, the day from the file name', async () => {
    const t = ok((await read('飞鸽客服数据_2026-11-30.xlsx')).table);
    expect(t.platform).toBe('douyin');
    expect(t.summaryRows).toBe(2);
    expect(t.rows.map((r) => [r.store, r.agent, r.day])).toEqual([
      ['抖音小店', '阿花', '2026-11-30'],
      ['抖音小店', '阿草', '2026-11-30'],
    ]);
    expect(sample(t, '阿花', 'avg_response_s')?.value).toBe(150);
    expect(sample(t, '阿花', 'reply_3min_rate')).toEqual({ metric: 'reply_3min_rate', value: 0.9231, base: 210 });
    expect(t.columns.map((c) => c.label)).toContain('3分钟人工回复率 (会话)');
  });

  it("多多客服 xlsx: banner rows above the header, bare percentages, the team's only store", async () => {
    const t = ok((await read('客服绩效_20261130.xlsx', ['拼多多旗舰店'])).table);
    expect(t.platform).toBe('pdd');
    expect(t.headerLine).toBe(5);
    expect(t.rows.map((r) => [r.store, r.agent])).toEqual([
      ['拼多多旗舰店', 'pdd_小美'],
      ['拼多多旗舰店', 'pdd_小丽'],
    ]);
    expect(sample(t, 'pdd_小美', 'reply_3min_rate')?.value).toBeCloseTo(0.9971);
    expect(sample(t, 'pdd_小美', 'inquiry_conversion_rate')?.value).toBeCloseTo(0.3699);
    expect(sample(t, 'pdd_小美', 'avg_response_s')?.value).toBe(9);
  });

  it('多多客服 with several stores and no store column: asks which store, stores nothing', async () => {
    expect((await read('客服绩效_20261130.xlsx')).table).toEqual({ problem: 'need_store', stores: STORES });
  });

  it('快手 CSV with a BOM: one store row, "0.37 分钟", "-" and "--" are no value; an unknown store is offered', async () => {
    const { file, table } = await read('快手-客服考核数据.csv');
    expect(file).toMatchObject({ kind: 'csv', encoding: 'utf-8-bom' });
    const t = ok(table);
    expect(t.platform).toBe('kuaishou');
    expect(t.rows).toEqual([]);
    expect(t.unknownStores).toEqual(['快手小店']);
    const withStore = ok((await read('快手-客服考核数据.csv', [...STORES, '快手小店'])).table);
    const [row] = withStore.rows;
    expect(row?.store).toBe('快手小店');
    expect(row?.samples.find((s) => s.metric === 'avg_response_s')?.value).toBeCloseTo(22.2);
    expect(
      row?.samples.some((s) => s.metric === 'dissatisfaction_rate' || s.metric === 'inquiry_conversion_rate'),
    ).toBe(false);
  });
});

describe('exports refused, storing nothing', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('an empty file, a legacy .xls, a file with no recognisable header (naming what it found)', async () => {
    expect(await readExportFile(new Uint8Array())).toEqual({ problem: 'empty' });
    expect(await readExportFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).toEqual({
      problem: 'xls_legacy',
    });
    const rows = await readExportFile(bytes('姓名,年龄\n小王,20\n'));
    if (isFileProblem(rows)) throw new Error(rows.problem);
    expect(readExportTable(rows.rows, { fileName: 'x.csv', stores: STORES })).toEqual({
      problem: 'no_header',
      found: ['姓名', '年龄', '小王', '20'],
    });
  });

  it('a rate over 100% or a negative count refuses that row and says which column', async () => {
    const rows = await readExportFile(
      bytes(
        '日期,店铺,3分钟人工响应率,咨询人数\n2026-11-30,天猫旗舰店,120%,5\n2026-11-30,天猫旗舰店,90%,-3\n2026-11-30,天猫旗舰店,90%,3\n',
      ),
    );
    if (isFileProblem(rows)) throw new Error(rows.problem);
    const t = ok(readExportTable(rows.rows, { fileName: 'x.csv', stores: STORES }));
    expect(t.refused).toEqual([
      { line: 2, why: 'out_of_range', column: '3分钟人工响应率', value: 1.2, range: 'over_100' },
      { line: 3, why: 'out_of_range', column: '咨询人数', value: -3, range: 'negative' },
    ]);
    expect(t.rows).toHaveLength(1);
  });

  it('no date anywhere: asks for the day; a range in the file name is not a day either', async () => {
    const rows = await readExportFile(bytes('店铺,咨询人数,接待人数\n天猫旗舰店,5,4\n'));
    if (isFileProblem(rows)) throw new Error(rows.problem);
    expect(readExportTable(rows.rows, { fileName: 'export.csv', stores: STORES })).toEqual({ problem: 'need_date' });
    expect(readExportTable(rows.rows, { fileName: '报表_20261101_20261130.csv', stores: STORES })).toEqual({
      problem: 'need_date',
      range: { from: '2026-11-01', to: '2026-11-30' },
    });
    expect(
      ok(readExportTable(rows.rows, { fileName: 'export.csv', stores: STORES, day: '2026-11-29' })).rows[0]?.day,
    ).toBe('2026-11-29');
  });

  it('a file over 20 MB and an XLSX that would expand past the limit (a zip bomb) are refused unread', async () => {
    expect(await readExportFile(new Uint8Array(20 * 1024 * 1024 + 1))).toMatchObject({ problem: 'too_large' });
    expect(await readExportFile(fakeZip([{ name: 'xl/sharedStrings.xml', size: 400 * 1024 * 1024 }]))).toMatchObject({
      problem: 'zip_bomb',
    });
  });
});

/** A zip whose central directory declares entries of these sizes (no data: nothing is inflated). */
function fakeZip(entries: { name: string; size: number }[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from([0x50, 0x4b, 0x03, 0x04])];
  const central: Buffer[] = [];
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt32LE(e.size, 24);
    h.writeUInt16LE(name.length, 28);
    central.push(h, name);
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(4, 16);
  return new Uint8Array(Buffer.concat([...parts, cd, eocd]));
}

describe("a team's own metrics in an export", () => {
  it('reads their columns in their own unit ("92%" as 0.92, "1分5秒" as 65 s), summed or averaged as they say', () => {
    const share = ownMetricDef({
      key: 'wait_share',
      nameZh: '等待占比',
      nameEn: 'Wait share',
      unit: 'ratio',
      direction: 'down',
    });
    const hold = ownMetricDef({
      key: 'hold_s',
      nameZh: '保持时长',
      nameEn: 'Hold',
      unit: 'seconds',
      direction: 'down',
    });
    const t = ok(
      readExportTable(
        [
          ['日期', '店铺', '首次响应时长(秒)', '接待人数', '等待占比', '保持时长'],
          ['2026-11-30', '天猫旗舰店', '12', '30', '92%', '1分5秒'],
        ],
        { fileName: 'own.csv', stores: STORES, extraMetrics: ownMetricLabels([share, hold]) },
      ),
    );
    expect(t.refused).toEqual([]);
    expect(t.columns.map((c) => c.metric)).toEqual(['first_response_s', 'received_users', 'wait_share', 'hold_s']);
    const samples = new Map(t.rows[0]!.samples.map((s) => [s.metric, s.value]));
    expect(samples.get('wait_share')).toBeCloseTo(0.92);
    expect(samples.get('hold_s')).toBe(65);
  });
});
