import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEvent } from '../../src/core/handle-event';
import { kpiImportsExpire } from '../../jobs/kpi-imports';
import { loadValues } from '../../src/features/kpi/repo';
import { kpiImports } from '../../src/features/kpi/schema';
import { activeStores } from '../../src/features/stores/repo';
import { isCard, PLATFORMS, textOf, type Person } from '../helpers/bot';
import { buttonValue as valueOn, pressEvent } from '../helpers/card-press';
import { startKpiTeam, type KpiBot } from '../helpers/kpi-team';
import { fileWorld, type FileWorld } from '../helpers/file-world';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kpi');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));
const TMALL = '自制报表-报表查看-客服绩效_20261130_20261130_全部.xlsx';
const JD = 'jd-咚咚-接待数据.csv';
const DOUDIAN = '飞鸽客服数据_2026-11-30.xlsx';
const PDD = '客服绩效_20261130.xlsx';

describe.each(PLATFORMS)('importing KPI files sent to the bot (%s)', (platform) => {
  let bot: KpiBot;
  let files: FileWorld;
  let teamId: number;

  beforeAll(async () => {
    ({ bot, teamId } = await startKpiTeam(platform));
    await bot.say(bot.users.agent, '/help');
    await bot.say(bot.users.ops, '/help');
    files = fileWorld(bot);
  });
  afterAll(() => bot.close());

  const allValues = () => loadValues(bot.deps.db, teamId, { from: '2026-01-01', to: '2026-12-31' });
  const importsOf = () =>
    bot.deps.db.select().from(kpiImports).where(eq(kpiImports.teamId, teamId)).orderBy(asc(kpiImports.id));
  type Msg = { messageId: string; chatId: string; msgType: string; content: Record<string, unknown> };
  const cardNow = (m: Msg) => textOf(bot.emulator.message(m.messageId));
  /**
   * Presses a button of the card `m` as `who`; settles afterwards. `toast`: what the presser was
   * told — Feishu's toast; DingTalk has none, and sends privately only what leaves the card as it is.
   */
  const press = (m: Msg, who: Person, buttonText: string, formValue?: Record<string, unknown>) =>
    bot.press(m, who, buttonText, formValue);
  /** A toast of an answer that also changes the card: Feishu only (on DingTalk the card says it). */
  const toastOnFeishu = (r: { toast?: string }, text: string) => {
    if (bot.platform === 'feishu') expect(r.toast).toContain(text);
  };

  const buttonValue = (m: Msg, text: string) => valueOn(bot, m, text);
  /** A press of a button the card no longer shows (a stale copy of it elsewhere): straight to handleEvent. */
  async function pressStale(m: Msg, who: Person, value: Record<string, unknown>, id: string) {
    const h = await handleEvent(pressEvent(bot, m, who, value, id), bot.deps);
    return (await h.done).answer ?? {};
  }

  describe('a file sent to the bot privately', () => {
    let preview: Msg;

    it('answers with a preview card and stores nothing', async () => {
      const before = (await allValues()).length;
      const sent = await files.sendPrivately(bot.users.supervisor, TMALL, fixture(TMALL));
      expect(sent).toHaveLength(1);
      preview = sent[0]!;
      expect(isCard(preview)).toBe(true);
      const text = textOf(preview);
      expect(text).toContain('导入预览 · ' + TMALL);
      expect(text).toContain('淘宝/天猫');
      expect(text).toContain('2026-11-30');
      expect(text).toContain('天猫旗舰店');
      expect(text).toContain('小王、小陈、小李');
      expect(text).toMatch(/3 行，\d+ 个数值（跳过汇总行 3 行）/);
      expect(text).toContain('「首次响应时长（秒)」→ 首次响应时长');
      expect(text).toContain('**样例**');
      expect(text).toContain('第 3 行 天猫旗舰店 小王 2026-11-30');
      expect(text).toContain('这些店铺和日期还没有这些数值');
      expect(text).not.toContain('已经导入过');
      expect((await allValues()).length).toBe(before);
      const [row] = (await importsOf()).filter((r) => r.fileName === TMALL);
      expect(row).toMatchObject({
        status: 'previewed',
        size: fixture(TMALL).length,
        requestedBy: bot.users.supervisor.openId,
      });
      expect(row!.bytes?.length).toBe(fixture(TMALL).length);
      expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('导入 stores the values, answers 导入中 at once, then patches the card with the counts; a second press acts not', async () => {
      const first = await press(preview, bot.users.supervisor, '导入');
      // Feishu's answer: a toast and the card 导入中; DingTalk's answer updates the card the same way,
      // and the import's own patch follows before press() returns, so only the end shows there.
      if (bot.platform === 'feishu') {
        expect(first.toast).toContain('开始导入');
        expect(textOf({ content: first.card! })).toContain('导入中');
      }
      const values = await allValues();
      const stored = values.filter((v) => v.source.startsWith('import:'));
      expect(stored.length).toBeGreaterThan(10);
      expect(stored.some((v) => v.agent === '小王' && v.metric === 'first_response_s' && v.value === 13.78)).toBe(true);
      expect(cardNow(preview)).toContain(`已导入 ${stored.length} 个数值（天猫旗舰店，2026-11-30），全部为新数值`);
      const [row] = (await importsOf()).filter((r) => r.fileName === TMALL);
      expect(row).toMatchObject({ status: 'imported', bytes: null, inserted: stored.length, replaced: 0 });
    });

    it('a double click (two presses of the same 导入) imports once; the stale press gets a toast', async () => {
      const sent = await files.sendPrivately(bot.users.supervisor, JD, fixture(JD));
      const card = sent[0]!;
      // Two callbacks of the same button, both in before either answer replaced the card.
      const value = buttonValue(card, '导入');
      const click = (n: number) => pressStale(card, bot.users.supervisor, value, `dbl-${n}`);
      const [a, b] = await Promise.all([click(1), click(2)]);
      const toasts = [a.toast?.content, b.toast?.content];
      expect(toasts.filter((t) => t?.includes('开始导入'))).toHaveLength(1);
      expect(toasts.filter((t) => t?.includes('正在导入') || t?.includes('已经导入'))).toHaveLength(1);
      await bot.settle();
      // A press on a stale copy of the card (another device) after the import: a toast, nothing again.
      expect((await click(3)).toast?.content).toContain('已经导入');
      const jd = (await allValues()).filter((v) => v.agent === '小赵' || v.agent === '小钱');
      expect(jd.length).toBeGreaterThan(0);
      const rows = (await importsOf()).filter((r) => r.fileName === JD);
      expect(rows.map((r) => r.status)).toEqual(['imported']);
    });

    it('the same file again: the preview says who imported it when and how many it replaces; importing says replaced N', async () => {
      const sent = await files.sendPrivately(bot.users.leader, TMALL, fixture(TMALL));
      const card = sent[0]!;
      const tmall = (await allValues()).filter((v) => ['小王', '小陈', '小李'].includes(v.agent));
      expect(textOf(card)).toContain(`已有 ${tmall.length} 个相同店铺、客服、指标和日期的数值，导入会替换它们`);
      expect(textOf(card)).toMatch(/这个文件 .+ 在 \d{4}-\d\d-\d\d \d\d:\d\d 已经导入过一次/);
      await press(card, bot.users.leader, '导入');
      expect(cardNow(card)).toContain(`已导入 ${tmall.length} 个数值`);
      expect(cardNow(card)).toContain(`其中 ${tmall.length} 个替换了已有数值`);
      expect((await allValues()).filter((v) => ['小王', '小陈', '小李'].includes(v.agent))).toHaveLength(tmall.length);
    });

    it('取消 stores nothing, clears the bytes and closes the card; its buttons are stale after', async () => {
      const before = await allValues();
      const sent = await files.sendPrivately(bot.users.agent, JD, fixture(JD));
      const card = sent[0]!;
      const importValue = buttonValue(card, '导入');
      toastOnFeishu(await press(card, bot.users.agent, '取消'), '已取消');
      expect(cardNow(card)).toContain('取消了导入');
      expect(await allValues()).toEqual(before);
      const row = (await importsOf()).filter((x) => x.requestedBy === bot.users.agent.openId).at(-1)!;
      expect(row).toMatchObject({ status: 'cancelled', bytes: null });
      // 导入 on a stale copy of the card (another device): a toast, nothing stored.
      expect((await pressStale(card, bot.users.agent, importValue, 'stale-cancel')).toast?.content).toContain(
        '已经取消',
      );
      expect(await allValues()).toEqual(before);
    });

    it('only the sender, a supervisor or a leader may import', async () => {
      const sent = await files.sendPrivately(bot.users.agent, JD, fixture(JD));
      // The agent's private card; someone else pressing its button (a forwarded card, say) is refused.
      const r = await press(sent[0]!, bot.users.ops, '导入');
      expect(r.toast).toContain('只有发送文件的人、主管或组长');
      await press(sent[0]!, bot.users.agent, '取消');
    });

    it("a private card's button counts for the team it names only if the presser is a member", async () => {
      const sent = await files.sendPrivately(bot.users.supervisor, JD, fixture(JD));
      const value = buttonValue(sent[0]!, '导入');
      const stranger = bot.emulator.addUser({ name: '外人' });
      // Pressed in the stranger's own 1:1 chat (Feishu names it; DingTalk names the presser: robot:<id>).
      const p2p = bot.emulator.addChat({ name: '外人', type: 'p2p', memberOpenIds: [stranger.openId] });
      const h = await handleEvent(pressEvent(bot, sent[0]!, stranger, value, 'forged', p2p.chatId), bot.deps);
      expect((await h.done).answer?.toast?.content).toContain('找不到这次导入');
      expect((await importsOf()).filter((r) => r.status === 'previewed')).toHaveLength(1);
      await press(sent[0]!, bot.users.supervisor, '取消');
    });

    it('a replayed file event creates one import and one preview', async () => {
      const n = (await importsOf()).length;
      const sent = await files.sendPrivately(bot.users.supervisor, JD, fixture(JD), { replay: true });
      expect(sent).toHaveLength(1);
      expect((await importsOf()).length).toBe(n + 1);
      await press(sent[0]!, bot.users.supervisor, '取消');
    });
  });

  describe('questions and answers', () => {
    it('no date anywhere: asks for the day; the answer previews from the stored bytes (no second download)', async () => {
      const csv = new TextEncoder().encode('客服,首次平均响应时间,30s应答率\r\n京东自营店-小赵,12秒,85%\r\n');
      const sent = await files.sendPrivately(bot.users.supervisor, '咚咚导出.csv', csv);
      const ask = sent[0]!;
      expect(textOf(ask)).toContain('是哪一天的数据');
      expect(await press(ask, bot.users.supervisor, '用这一天预览', { day: '明天' }).then((r) => r.toast)).toContain(
        '不是日期',
      );
      const downloads = files.downloads();
      await press(ask, bot.users.supervisor, '用这一天预览', { day: '2026-11-29' });
      expect(files.downloads()).toBe(downloads);
      expect(cardNow(ask)).toContain('导入预览 · 咚咚导出.csv');
      expect(cardNow(ask)).toContain('2026-11-29');
      await press(ask, bot.users.supervisor, '导入');
      expect((await allValues()).some((v) => v.day === '2026-11-29' && v.agent === '小赵')).toBe(true);
    });

    // Feishu only: a DingTalk robot gets no group file and no reply (the 1:1 file asks for the day, above).
    it.skipIf(platform === 'dingtalk')('/kpi import <date> in reply to the file answers the day too', async () => {
      const csv = new TextEncoder().encode('客服,首次平均响应时间,30s应答率\r\n京东自营店-小钱,20秒,90%\r\n');
      const file = await files.postFileInGroup(bot.users.leader, '咚咚.csv', csv);
      const sent = await files.replyTo(bot.users.leader, file, '@floorwalker /kpi import 2026-11-28');
      expect(textOf(sent[0])).toContain('2026-11-28');
      await press(sent[0]!, bot.users.leader, '取消');
    });

    it('no store in the file and several in the team: asks which; the pick previews', async () => {
      const sent = await files.sendPrivately(bot.users.supervisor, PDD, fixture(PDD));
      const ask = sent[0]!;
      expect(textOf(ask)).toContain('是哪个店铺的数据');
      await press(ask, bot.users.supervisor, '京东自营店');
      expect(cardNow(ask)).toContain('导入预览');
      expect(cardNow(ask)).toContain('京东自营店');
      expect(cardNow(ask)).toContain('pdd_小美');
      expect(cardNow(ask)).toContain('未使用的列：需要人工回复的咨询人数');
      await press(ask, bot.users.supervisor, '取消');
    });

    it('a store the team lacks: 添加店铺「X」 (supervisors) adds it and previews again', async () => {
      const sent = await files.sendPrivately(bot.users.leader, DOUDIAN, fixture(DOUDIAN));
      const card = sent[0]!;
      expect(textOf(card)).toContain('抖音小店 还不在本组店铺里');
      expect(textOf(card)).toContain('没有可以导入的数值');
      const refused = await press(card, bot.users.leader, '添加店铺「抖音小店」');
      expect(refused.toast).toContain('只有主管');
      const ok = await press(card, bot.users.supervisor, '添加店铺「抖音小店」');
      toastOnFeishu(ok, '已添加店铺「抖音小店」');
      const store = (await activeStores(bot.deps.db, teamId)).find((s) => s.name === '抖音小店');
      expect(store?.platform).toBe('douyin');
      expect(cardNow(card)).toContain('阿花、阿草');
      await press(card, bot.users.leader, '导入');
      expect((await allValues()).filter((v) => v.agent === '阿花').length).toBeGreaterThan(0);
    });
  });

  describe('refusals: a clear message, nothing stored', () => {
    const cases: [string, Uint8Array, string][] = [
      ['空.csv', new TextEncoder().encode('\r\n \r\n'), '是空文件'],
      [
        '旧报表.xls',
        new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
        '另存为” .xlsx 或 .csv',
      ],
      ['随便.csv', new TextEncoder().encode('姓名,年龄\r\n张三,30\r\n'), '找到的表头：姓名、年龄'],
      ['坏的.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), '无法读取'],
    ];
    for (const [name, bytes, says] of cases)
      it(`${name}: ${says}`, async () => {
        const before = await allValues();
        const sent = await files.sendPrivately(bot.users.supervisor, name, bytes);
        expect(sent.map(textOf)).toEqual([expect.stringContaining(says)]);
        expect(await allValues()).toEqual(before);
        const row = (await importsOf()).find((r) => r.fileName === name)!;
        expect(row).toMatchObject({ status: 'failed', bytes: null });
      });

    it('a file over 20 MB: refused at download', async () => {
      const sent = await files.sendPrivately(bot.users.supervisor, '大.csv', new Uint8Array(20 * 1024 * 1024 + 1));
      expect(sent.map(textOf)).toEqual([expect.stringContaining('超过 20 MB')]);
    });
  });

  describe('rows the preview leaves out', () => {
    it('lists each refused row and why; 导入 stores only the others', async () => {
      const csv = new TextEncoder().encode(
        '日期,客服,首次平均响应时间,30s应答率\r\n2026-11-27,京东自营店-小赵,12秒,130%\r\n2026-11-27,京东自营店-小钱,很快,90%\r\n2026-11-27,京东自营店-小孙,15秒,80%\r\n',
      );
      const sent = await files.sendPrivately(bot.users.supervisor, '咚咚-27.csv', csv);
      const text = textOf(sent[0]);
      expect(text).toContain('**未导入的行（2）**');
      expect(text).toContain('第 2 行：「30s应答率」超过 100%（1.3）');
      expect(text).toContain('第 3 行：「首次平均响应时间」的「很快」不是有效数值');
      await press(sent[0]!, bot.users.supervisor, '导入');
      const stored = (await allValues()).filter((v) => v.day === '2026-11-27');
      expect(stored.map((v) => [v.agent, v.metric, v.value]).sort()).toEqual(
        [
          ['小孙', 'answer_30s_rate', 0.8],
          ['小孙', 'first_response_s', 15],
        ].sort(),
      );
    });
  });

  describe('downloads', () => {
    it('a file the platform no longer has (recalled): says so, stores nothing', async () => {
      if (bot.platform === 'feishu')
        bot.emulator.failNext({ method: 'GET', path: /\/resources\//, code: 234003, msg: 'File not in msg.' });
      // DingTalk: the download URL answers 404 (the file expired or was recalled).
      else bot.emulator.failNext({ method: 'GET', path: /^\/files\//, status: 404 });
      const sent = await files.sendPrivately(bot.users.supervisor, JD, fixture(JD));
      expect(sent.map(textOf)).toEqual([expect.stringContaining('找不到这个文件')]);
      expect(sent.map(textOf)).toEqual([expect.stringContaining('下载「' + JD + '」失败')]);
      const row = (await importsOf()).at(-1)!;
      expect(row).toMatchObject({ status: 'failed', bytes: null });
    });
  });

  // Feishu only: a DingTalk robot gets no group file and no reply; what it says instead is below.
  describe.skipIf(platform === 'dingtalk')('in the group', () => {
    it('@bot /kpi import in reply to a file message previews that file', async () => {
      const file = await files.postFileInGroup(bot.users.leader, JD, fixture(JD));
      const sent = await files.replyTo(bot.users.leader, file, '@floorwalker /kpi import');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.chatId).toBe(bot.chat.chatId);
      expect(textOf(sent[0])).toContain('导入预览 · ' + JD);
      await press(sent[0]!, bot.users.supervisor, '取消');
    });

    it('in reply to a message that is no file, or in reply to nothing: says how', async () => {
      const [said] = await bot.say(bot.users.leader, '@floorwalker /help');
      void said;
      const plain = bot.emulator.messages(bot.chat.chatId).find((m) => m.sender.type === 'user')!;
      expect(textOf((await files.replyTo(bot.users.leader, plain, '@floorwalker /kpi import'))[0])).toContain(
        '你回复的那条消息不是文件',
      );
      const [none] = await bot.say(bot.users.leader, '@floorwalker /kpi import');
      expect(textOf(none)).toContain('私聊时直接把平台导出的报表文件');
      expect(textOf(none)).toContain('回复那条文件消息并 @我');
    });

    it('bad words after /kpi import are refused', async () => {
      const file = await files.postFileInGroup(bot.users.leader, JD, fixture(JD));
      expect(textOf((await files.replyTo(bot.users.leader, file, '@floorwalker /kpi import 2026-12-05'))[0])).toContain(
        '还没到',
      );
      expect(textOf((await files.replyTo(bot.users.leader, file, '@floorwalker /kpi import 随便'))[0])).toContain(
        '既不是日期',
      );
    });
  });

  describe.skipIf(platform === 'feishu')('in a DingTalk group', () => {
    it('/kpi import without a file says to send it in the 1:1 chat, not to reply in the group', async () => {
      const [none] = await bot.say(bot.users.leader, '/kpi import');
      expect(textOf(none)).toContain('请在和我的单聊里直接把平台导出的报表文件');
      expect(textOf(none)).not.toContain('回复那条文件消息');
    });
  });

  describe('undecided imports', () => {
    it('are cancelled after 2 days by the kpi-imports-expire job, their bytes dropped; the card then says so', async () => {
      const sent = await files.sendPrivately(bot.users.supervisor, JD, fixture(JD));
      const now = bot.deps.clock.now();
      expect(await kpiImportsExpire.run(bot.deps)).toBe('expired=0');
      bot.deps.clock.set(new Date(now.getTime() + 3 * 24 * 3600_000));
      try {
        expect(await kpiImportsExpire.run(bot.deps)).toBe('expired=1');
        const r = await press(sent[0]!, bot.users.supervisor, '导入');
        expect(r.toast).toContain('已经取消');
        expect((await importsOf()).at(-1)).toMatchObject({ status: 'cancelled', bytes: null });
      } finally {
        bot.deps.clock.set(now);
      }
    });
  });

  describe("in the team's language", () => {
    it('speaks English when the team does', async () => {
      await bot.say(bot.users.supervisor, '/setup locale en');
      try {
        const xls = await files.sendPrivately(
          bot.users.supervisor,
          'old.xls',
          new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]),
        );
        expect(xls.map(textOf)).toEqual([expect.stringContaining('legacy Excel file (.xls)')]);
        const sent = await files.sendPrivately(bot.users.supervisor, JD, fixture(JD));
        expect(textOf(sent[0])).toContain('Import preview · ' + JD);
        expect(textOf(sent[0])).toContain('Nothing is stored until you tap Import.');
        await press(sent[0]!, bot.users.supervisor, 'Cancel');
      } finally {
        await bot.say(bot.users.supervisor, '/setup locale zh-CN');
      }
    });
  });
});
