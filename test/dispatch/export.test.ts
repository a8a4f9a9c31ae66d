import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n';
import { query } from '../../src/db/client';
import type { TestDatabase } from '../helpers/db';
import { MIN, openWorld, type Person, type World, type WorldMessage } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

const DAY = 24 * 60 * MIN;

/** /export through handleEvent, the export timer, the outbox's file store, the SDK upload and the fake Feishu. */
describe.each(PLATFORMS)('/export: an XLSX of one kind, privately, to supervisors only (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  let tmall: number;
  const dms = (p: Person): WorldMessage[] =>
    w.emulatorMessages(w.privateChatId(p)).filter((m) => m.sender.type === 'bot');
  const filesTo = (p: Person) => dms(p).filter((m) => m.msgType === 'file');
  const textsTo = (p: Person) => dms(p).flatMap((m) => (m.msgType === 'file' ? [] : [m.text]));
  /** The file a message carries, as the platform keeps it (Feishu file_key, DingTalk's media id). */
  const fileOf = (m: WorldMessage) => {
    if (platform === 'feishu') {
      const f = w.feishu.emulator.file(String(m.content.file_key))!;
      return { name: f.fileName, bytes: f.bytes };
    }
    return w.dingtalk.emulator.mediaFile(String(m.content.mediaId))!;
  };
  const workbookOf = async (m: WorldMessage) => {
    const file = fileOf(m);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
    return { wb, name: file.name };
  };
  const lastFile = async (p: Person) => workbookOf(filesTo(p).at(-1)!);
  const headerOf = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
  /** The summary sheet as label → value. */
  const summaryOf = (ws: ExcelJS.Worksheet) => {
    const out: Record<string, unknown> = {};
    ws.eachRow((r) => {
      const [label, value] = (r.values as unknown[]).slice(1);
      if (typeof label === 'string' && label) out[label] = value;
    });
    return out;
  };

  beforeAll(async () => {
    ({ db, w } = await openWorld(platform));
    tmall = Number(
      (
        await query<{ id: number }>(
          db.db,
          sql`select id from stores where team_id = ${w.teamId} and name = '天猫旗舰店'`,
        )
      )[0]!.id,
    );
    // Three anomalies: two this week, one 10 days ago (outside 7d, inside 30d).
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 优惠券叠加，价格不对');
    await w.say(w.p.boss, '/ack 1');
    await w.say(w.p.boss, '/resolve 1 已下架');
    await w.say(w.p.agent, '/anomaly 京东自营店 商品链接打不开');
    await db.db.execute(
      sql`update anomalies set reported_at = reported_at - interval '10 days' where id = (select min(id) from anomalies where team_id = ${w.teamId})`,
    );
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 物流停滞');
    // KPI values: two days × two metrics, one of them by agent.
    const now = w.clock.now();
    for (const [day, metric, value, agent] of [
      ['2026-11-22', 'first_response_s', 28.5, ''],
      ['2026-11-22', 'satisfaction_rate', 0.95, ''],
      ['2026-11-21', 'first_response_s', 31, '小王'],
      ['2026-10-01', 'first_response_s', 40, ''],
    ] as const)
      await db.db.execute(
        sql`insert into kpi_values (team_id, store_id, agent, metric, day, value, source, updated_at)
            values (${w.teamId}, ${tmall}, ${agent}, ${metric}, ${day}, ${value}, 'manual', ${now.toISOString()}::timestamptz)`,
      );
  });
  afterAll(() => w.close());
  beforeEach(async () => {
    await db.db.execute(
      sql`update timers set cancelled_at = now() where done_at is null and cancelled_at is null and kind <> 'export.build'`,
    );
  });

  it('in the group it says only that the file goes privately; the supervisor gets a note and the XLSX', async () => {
    const said = await w.say(w.p.boss, '/export anomalies 7d');
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('私信');
    expect(w.emulatorMessages(w.chat.chatId).some((m) => m.msgType === 'file')).toBe(false);
    expect(filesTo(w.p.boss)).toHaveLength(1);
    expect(textsTo(w.p.boss).at(-1)).toMatch(/「店铺异常」导出好了：2026-11-17 至 2026-11-23，共 2 条记录/);

    const { wb, name } = await lastFile(w.p.boss);
    expect(name).toBe('店铺异常_2026-11-17_2026-11-23.xlsx');
    const [data, summary] = wb.worksheets;
    expect(data!.name).toBe('店铺异常');
    expect(headerOf(data!)).toEqual([
      '编号',
      '上报时间',
      '店铺',
      '类型',
      '描述',
      '上报次数',
      '上报人',
      '状态',
      '认领时间',
      '认领人',
      '响应用时（分钟）',
      '解决时间',
      '解决人',
      '处理说明',
      '无人接听',
    ]);
    expect(data!.actualRowCount).toBe(1 + 2);
    const row = data!.getRow(3);
    expect(row.getCell(3).value).toBe('天猫旗舰店');
    expect(row.getCell(7).value).toBe('小王');
    // Times are dates in the team's wall time with a date format; counts are numbers.
    const reported = row.getCell(2);
    expect(reported.value).toBeInstanceOf(Date);
    expect((reported.value as Date).toISOString().slice(0, 16)).toBe('2026-11-23T10:02');
    expect(reported.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(row.getCell(6).value).toBe(1);
    expect(summary!.name).toBe('汇总');
    const s = summaryOf(summary!);
    expect(s['导出内容']).toBe('店铺异常');
    expect(s['时间范围']).toBe('2026-11-17 至 2026-11-23（含）');
    expect(s['记录数']).toBe(2);
    expect(s['导出人']).toBe('王主管');
    expect(s['上报次数合计']).toBe(2);
  });

  it('the period: 30d reaches the anomaly of 10 days ago that 7d leaves out; the default is 30 days', async () => {
    await w.say(w.p.boss, '/export anomalies 30d');
    const { wb } = await lastFile(w.p.boss);
    expect(wb.worksheets[0]!.actualRowCount).toBe(1 + 3);
    expect(summaryOf(wb.worksheets[1]!)['时间范围']).toBe('2026-10-25 至 2026-11-23（含）');
    await w.say(w.p.boss, '/export 异常');
    expect(summaryOf((await lastFile(w.p.boss)).wb.worksheets[1]!)['记录数']).toBe(3);
  });

  it('KPI: one row per store or agent and day, one column per metric, rates as percentages, a mean in the summary', async () => {
    await w.say(w.p.boss, '/export kpi 7d');
    const { wb } = await lastFile(w.p.boss);
    const ws = wb.worksheets[0]!;
    expect(headerOf(ws)).toEqual(['日期', '店铺', '客服', '小时', '首次响应时长（秒）', '满意率（%）']);
    expect(ws.actualRowCount).toBe(1 + 2);
    const [agentDay, storeDay] = [ws.getRow(2), ws.getRow(3)];
    expect((agentDay.getCell(1).value as Date).toISOString().slice(0, 10)).toBe('2026-11-21');
    expect(agentDay.getCell(1).numFmt).toBe('yyyy-mm-dd');
    expect(agentDay.getCell(3).value).toBe('小王');
    expect(agentDay.getCell(5).value).toBe(31);
    expect(agentDay.getCell(5).numFmt).toBe('0.00');
    expect(agentDay.getCell(6).value).toBeNull();
    expect(storeDay.getCell(2).value).toBe('天猫旗舰店');
    expect(storeDay.getCell(5).value).toBe(28.5);
    expect(storeDay.getCell(6).value).toBe(0.95);
    expect(storeDay.getCell(6).numFmt).toBe('0.0%');
    const s = summaryOf(wb.worksheets[1]!);
    expect(s['记录数']).toBe(2);
    expect(s['首次响应时长（秒）平均']).toBeCloseTo(29.75);
  });

  it('every kind sends a file with its headers and a summary; an empty period says so', async () => {
    for (const kind of w.deps.app.exports) {
      const before = filesTo(w.p.boss).length;
      await w.say(w.p.boss, `/export ${kind.kind} 90d`);
      expect(filesTo(w.p.boss), kind.kind).toHaveLength(before + 1);
      const { wb } = await lastFile(w.p.boss);
      const header = headerOf(wb.worksheets[0]!);
      if (Array.isArray(kind.columns)) expect(header).toEqual(kind.columns.map((c) => t('zh-CN', c.title)));
      else expect(header.slice(0, 4)).toEqual(['日期', '店铺', '客服', '小时']);
      expect(wb.worksheets[1]!.name).toBe('汇总');
    }
    expect(w.deps.app.exports.map((k) => k.kind).sort()).toEqual(
      ['alerts', 'anomalies', 'complaints', 'incidents', 'inspections', 'kpi'].sort(),
    );
    expect(textsTo(w.p.boss).some((x) => x.includes('「严重客诉」在') && x.includes('没有记录'))).toBe(true);
  });

  it('refuses mood politely, an unknown kind and a bad period with the usage, and non-supervisors; nothing is made', async () => {
    const files = filesTo(w.p.boss).length;
    expect((await w.say(w.p.boss, '/export mood'))[0]).toContain('情绪打卡不能导出');
    expect((await w.say(w.p.boss, '/export 情绪 7d'))[0]).toContain('情绪打卡不能导出');
    const unknown = (await w.say(w.p.boss, '/export salaries'))[0]!;
    expect(unknown).toContain('没有「salaries」这种导出');
    expect(unknown).toContain('/export <anomalies|kpi|alerts|');
    expect((await w.say(w.p.boss, '/export kpi 15d'))[0]).toContain('时间只能是 7d、30d 或 90d');
    expect((await w.say(w.p.boss, '/export'))[0]).toContain('用法：/export');
    for (const p of [w.p.leader, w.p.agent, w.p.ops]) {
      const said = (await w.say(p, '/export kpi 7d'))[0]!;
      expect(said).toContain('需要主管');
      expect(filesTo(p)).toHaveLength(0);
    }
    expect(filesTo(w.p.boss)).toHaveLength(files);
  });

  it('an upload that fails is retried and the file is sent once; the stored file survives until then', async () => {
    const before = filesTo(w.p.boss).length;
    // The upload fails once (Feishu's file upload, DingTalk's media upload).
    if (platform === 'feishu')
      w.feishu.emulator.failNext({ method: 'POST', path: '/im/v1/files', status: 500, times: 1 });
    else w.dingtalk.emulator.failNext({ method: 'POST', path: '/media/upload', status: 500, times: 1 });
    await w.say(w.p.boss, '/export anomalies 7d');
    const [pending] = await query<{ status: string; attempts: number }>(
      db.db,
      sql`select status, attempts from outbox where payload->>'msgType' = 'file' order by id desc limit 1`,
    );
    if (pending!.status === 'pending') await w.advance(MIN);
    expect(filesTo(w.p.boss)).toHaveLength(before + 1);
    const [row] = await query<{ status: string; attempts: number }>(
      db.db,
      sql`select status, attempts from outbox where payload->>'msgType' = 'file' order by id desc limit 1`,
    );
    expect(row).toMatchObject({ status: 'sent' });
    expect(row!.attempts).toBeGreaterThanOrEqual(1);
    // Running the export's timer again (a replay) makes nothing new: its rows are keyed by the event.
    const [timer] = await query<{ ref: string }>(
      db.db,
      sql`select ref from timers where kind = 'export.build' order by id desc limit 1`,
    );
    await db.db.execute(
      sql`update timers set done_at = null, due_at = now() - interval '1 second' where ref = ${timer!.ref}`,
    );
    await w.advance(DAY / 24);
    expect(filesTo(w.p.boss)).toHaveLength(before + 1);
  });
});
