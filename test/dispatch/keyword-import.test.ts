/**
 * The AI assistant's hot-question report through the import path: sent to the bot privately like
 * a KPI export, the KPI import hands it to the keyword feature (its header is a keyword report's),
 * which answers with its own preview; 导入 stores the counts once and the warning fires as it does
 * for POST /api/v1/keywords; the same file again replaces, never adds; XLSX and the API route too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiImportsExpire } from '../../jobs/kpi-imports';
import { handleEvent } from '../../src/core/handle-event';
import { query } from '../../src/db/client';
import { readKeywordReport } from '../../src/features/keyword/report';
import { PLATFORMS, textOf, type Person } from '../helpers/bot';
import { buttonValue, pressEvent } from '../helpers/card-press';
import { fileWorld, type FileWorld } from '../helpers/file-world';
import { startOpsTeam } from '../helpers/ops-team';

const FILE = '晓多-热门问题_20270105.csv';
const fixture = new Uint8Array(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/keyword', FILE)),
);

describe.each(PLATFORMS)('keyword reports through the import path (%s)', (platform) => {
  let w: Awaited<ReturnType<typeof startOpsTeam>>;
  let bot: typeof w.bot;
  let files: FileWorld;
  let token: string;

  const week = ['2027-01-04', '2027-01-03', '2027-01-02', '2027-01-01', '2026-12-31', '2026-12-30', '2026-12-29'];

  beforeAll(async () => {
    w = await startOpsTeam({ at: new Date('2027-01-05T03:30:00Z'), stores: ['天猫旗舰店'], platform }); // 11:30 in Shanghai
    ({ bot, token } = w);
    // The baseline: 3 a hour at 9, 10 and 11 on the 7 previous days (mean 9 over those hours).
    const baseline = week.flatMap((date) =>
      [9, 10, 11].map((hour) => ({ keyword: '质量差', store: '天猫旗舰店', date, hour, count: 3 })),
    );
    expect((await w.postJson('/api/v1/keywords', { counts: baseline })).status).toBe(200);
    files = fileWorld(bot);
  });
  afterAll(() => bot.close());

  type Msg = { messageId: string; chatId: string; content: Record<string, unknown> };
  /** `toast`: Feishu's; DingTalk shows none and tells the presser privately only what leaves the card as it is. */
  const press = (m: Msg, buttonText: string, who: Person = bot.users.supervisor) => bot.press(m, who, buttonText);
  /** A toast of an answer that also changes the card: Feishu only (on DingTalk the card says it). */
  const toastOnFeishu = (r: { toast?: string }, text: string) => {
    if (bot.platform === 'feishu') expect(r.toast).toContain(text);
  };
  const today = async () =>
    (
      await query<{ keyword: string; hour: number; count: number }>(
        bot.deps.db,
        sql`select keyword, hour, count from keyword_counts where day = '2027-01-05' order by keyword, hour`,
      )
    ).map((r) => `${r.keyword}@${r.hour}=${r.count}`);
  const warnings = () =>
    bot.emulator.messages(bot.chat.chatId).filter((m) => m.sender.type === 'bot' && textOf(m).includes('关键词预警'));

  describe('a keyword report sent to the bot privately', () => {
    let preview: Msg;

    it('answers with the keyword preview (not a KPI refusal) and stores nothing', async () => {
      const sent = await files.sendPrivately(bot.users.supervisor, FILE, fixture);
      expect(sent).toHaveLength(1);
      preview = sent[0]!;
      const text = textOf(preview);
      expect(text).toContain(`关键词报表预览 · ${FILE}`);
      expect(text).toContain('第 3 行是表头。读到 **5** 行：2 个关键词，4 条计数，日期 2027-01-05，按小时');
      expect(text).toContain('最多的：质量差 38、发货慢 5');
      expect(text).toContain('第 9 行店铺「拼多多小店」不在本组');
      expect(text).toContain('第 10 行次数「很多」不是整数');
      expect(text).toContain('导入');
      expect(await today()).toEqual([]);
    });

    it('导入 stores the counts once and the warning fires as for the API; a second press does nothing', async () => {
      const pressed = buttonValue(bot, preview, '导入');
      toastOnFeishu(await press(preview, '导入'), '关键词报表已导入');
      expect(await today()).toEqual(['发货慢@11=5', '质量差@9=8', '质量差@10=10', '质量差@11=20']);
      await w.tick(3_000);
      expect(warnings()).toHaveLength(1);
      expect(textOf(warnings()[0])).toContain('质量差 ↑ 4.2×');
      // The card shows no button now; a stale copy of it (another device) pressed again: a toast, nothing again.
      const h = await handleEvent(pressEvent(bot, preview, bot.users.supervisor, pressed, 'stale'), bot.deps);
      expect((await h.done).answer?.toast?.content).toContain('已处理过');
      expect(await today()).toEqual(['发货慢@11=5', '质量差@9=8', '质量差@10=10', '质量差@11=20']);
    });

    it('the same file again says it replaces, and importing it stores the same counts (never doubled)', async () => {
      const [second] = await files.sendPrivately(bot.users.supervisor, FILE, fixture);
      expect(textOf(second!)).toContain('其中 4 条已存在，导入会覆盖');
      await press(second!, '导入');
      expect(await today()).toEqual(['发货慢@11=5', '质量差@9=8', '质量差@10=10', '质量差@11=20']);
      await w.tick(3_000);
      expect(warnings()).toHaveLength(1);
    });

    it('a replayed file event makes one preview; 取消 stores nothing', async () => {
      const name = '热门问题_20270105.csv';
      const bytes = new TextEncoder().encode('关键词,出现次数,时段\n漏发,50,11\n');
      const sent = await files.sendPrivately(bot.users.supervisor, name, bytes, { replay: true });
      expect(sent.filter((m) => textOf(m).includes('关键词报表预览'))).toHaveLength(1);
      toastOnFeishu(await press(sent[0]!, '取消'), '已取消');
      expect(await today()).not.toContain('漏发@11=50');
    });

    it('a preview left undecided for 2 days is cancelled by the expire job; 导入 then stores nothing', async () => {
      const bytes = new TextEncoder().encode('关键词,出现次数,时段\n错发,40,11\n');
      const sent = await files.sendPrivately(bot.users.supervisor, '热门问题_过期_20270105.csv', bytes);
      const now = bot.deps.clock.now();
      expect(await kpiImportsExpire.run(bot.deps)).toBe('expired=0');
      bot.deps.clock.set(new Date(now.getTime() + 3 * 24 * 3600_000));
      expect(await kpiImportsExpire.run(bot.deps)).toBe('expired=0 keyword=1');
      const r = await press(sent[0]!, '导入');
      expect(r.toast ?? '').not.toContain('已导入');
      expect(await today()).not.toContain('错发@11=40');
      const [row] = await query<{ status: string; counts: unknown[] }>(
        bot.deps.db,
        sql`select status, counts from keyword_imports where file_name = '热门问题_过期_20270105.csv'`,
      );
      expect(row).toEqual({ status: 'cancelled', counts: [] });
    });

    it('an XLSX whose report is on its second sheet', async () => {
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('说明').addRow(['店小蜜 未知问题报表']);
      const s = wb.addWorksheet('未知问题');
      s.addRow(['问题', '次数', '日期', '小时']);
      s.addRow(['尺码不准', 7, '2027-01-05', '10时']);
      s.addRow(['尺码不准', 9, '2027-01-05', '11时']);
      const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
      const [p] = await files.sendPrivately(bot.users.supervisor, 'unknown.xlsx', bytes);
      expect(textOf(p!)).toContain('读到 **2** 行：1 个关键词，2 条计数，日期 2027-01-05，按小时');
      expect(textOf(p!)).toContain('全部店铺');
    });

    it('a file neither a KPI export nor a report is still refused as before', async () => {
      const [r] = await files.sendPrivately(bot.users.supervisor, 'x.csv', new TextEncoder().encode('甲,乙\n1,2\n'));
      expect(textOf(r!)).not.toContain('关键词报表');
    });
  });

  describe('POST /api/v1/keywords/import', () => {
    const upload = (bytes: Uint8Array, name: string, dry?: boolean) => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(bytes)], name));
      if (dry) form.set('dry_run', '1');
      return bot.app.request('/api/v1/keywords/import', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
    };

    it('previews with dry_run, stores (replacing) without it', async () => {
      const dry = await upload(fixture, FILE, true);
      expect(dry.status).toBe(200);
      const body = (await dry.json()) as { preview: { counts: number; refused: unknown[] } };
      expect(body.preview.counts).toBe(4);
      expect(body.preview.refused).toHaveLength(2);
      const real = await upload(fixture, FILE);
      expect(await real.json()).toMatchObject({ ok: true, inserted: 0, replaced: 4 });
    });

    it('POST /api/v1/imports with a keyword report: 422 naming the route that takes it', async () => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(fixture)], FILE));
      const r = await bot.app.request('/api/v1/imports', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(r.status).toBe(422);
      const body = (await r.json()) as { problem: string; error: string };
      expect(body.problem).toBe('no_header');
      expect(body.error).toContain('POST it to /api/v1/keywords/import');
    });

    it('a file that is no keyword report: 422, nothing stored', async () => {
      const r = await upload(new TextEncoder().encode('甲,乙\n1,2\n'), 'x.csv');
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ ok: false, problem: 'no_header' });
    });
  });

  describe('readKeywordReport', () => {
    it('a daily report without hours and a date only in the file name; no date at all asks for one', () => {
      const rows = [
        ['热词', '命中次数'],
        ['退款', '12'],
        ['退款', '3'],
      ];
      const r = readKeywordReport(rows, { fileName: '热词_2027-01-04.csv', stores: [] });
      expect(r).toMatchObject({ counts: [{ keyword: '退款', day: '2027-01-04', hour: -1, count: 15, store: '' }] });
      expect(readKeywordReport(rows, { fileName: 'hot.csv', stores: [] })).toEqual({ problem: 'need_date' });
      expect(readKeywordReport([['a', 'b']], { fileName: 'hot.csv', stores: [] })).toEqual({ problem: 'no_header' });
    });
  });
});
