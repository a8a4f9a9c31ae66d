/**
 * The morning inspection end to end on each platform's emulator and a real database: posted by its schedule
 * at 08:30 with the pre-fill, confirmed by clicks (several at once) and by command, reminded at
 * 09:30, escalated at 10:00, completed, carried into the next morning; the list edits, the time
 * and the history. One world for the file; the clock moves forward only.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { inspectionDigest } from '../../src/features/inspection/digest';
import { upsertAccounts } from '../../src/features/inspection/repo';
import { teamOf } from '../../src/core/teams';
import type { TestDatabase } from '../helpers/db';
import { MIN, openWorld, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

describe.each(PLATFORMS)('the morning inspection (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;

  interface Row {
    id: number;
    day: string;
    completed_at: Date | null;
    escalated: boolean;
    status: string;
    items: {
      name: string;
      state: string;
      by?: string;
      note?: string;
      owner?: string;
      prefill: { status: string; lines: string[] };
    }[];
  }
  const rows = () =>
    query<Row>(db.db, sql`select id, day, completed_at, escalated, status, items from inspections order by id`);
  const latest = async () => (await rows()).at(-1)!;
  /** The card of inspection `id` as the group sees it now (after patches). */
  const cardText = async (id: number) => {
    const [r] = await query<{ result_message_id: string }>(
      db.db,
      sql`select result_message_id from outbox where ref = ${`inspection:${id}:card`} and status = 'sent'`,
    );
    return w.messageById(r!.result_message_id)?.text ?? '';
  };
  const cards = () => w.groupTexts().filter((t) => t.includes('巡店 ·'));
  const mark = (id: number, n: number, state: 'ok' | 'problem') => ({ action: 'inspection.mark', id, n, state });

  beforeAll(async () => {
    ({ db, w } = await openWorld(platform));
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    // The digests post at 09:00 too; this file counts the inspection's own messages.
    await w.say(w.p.boss, '/digest time off');
    await w.say(w.p.boss, '/digest weekly off');
    // Yesterday's (Monday's) data for Tuesday morning: a breach, a violation, accounts.
    await w.say(w.p.leader, '/kpi set 天猫旗舰店 首次响应时长 48秒 2026-11-23');
    await w.say(w.p.leader, '/kpi set 天猫旗舰店 超时未处理退款 0 2026-11-23');
    await w.say(w.p.agent, '/violation 京东自营店 虚假发货 订单超时 points=2');
  });
  afterAll(() => w.close());

  it('posts at 08:30 the next morning, once, pre-filled from the data (and says where there is none)', async () => {
    expect(cards()).toHaveLength(0);
    const stores = await query<{ id: number; name: string }>(db.db, sql`select id, name from stores order by id`);
    // Monday 10:02 → Tuesday 08:10: accounts reported 08:05, one offline.
    await w.advance(22 * 60 * MIN + 8 * MIN);
    await upsertAccounts(
      db.db,
      w.teamId,
      [
        { storeId: stores[0]!.id, account: '天猫:小王', online: true, at: w.clock.now() },
        { storeId: stores[1]!.id, account: '京东:小李', online: false, at: w.clock.now() },
      ],
      w.clock.now(),
    );
    expect(cards()).toHaveLength(0);
    await w.advance(20 * MIN);
    expect(cards()).toHaveLength(1);
    const card = cards()[0]!;
    expect(card).toContain('巡店 · 11-24 · 0/10');
    // The owner is the on-duty primary, @-mentioned.
    expect(w.mentions(card, w.p.leader)).toBe(true);
    const r = await latest();
    const item = (name: string) => r.items.find((i) => i.name === name)!.prefill;
    expect(item('账号状态')).toEqual({ status: 'issue', lines: ['1/2 个账号离线：京东自营店·京东:小李'] });
    expect(item('违规投诉').status).toBe('issue');
    expect(item('违规投诉').lines[0]).toContain('京东自营店·虚假发货（2）');
    // Item 4 counts the complaint log's complaints since yesterday (none in this team).
    expect(item('违规投诉').lines[1]).toContain('昨日以来严重客诉 0 起');
    expect(item('客服数据').status).toBe('issue');
    expect(item('客服数据').lines.join('\n')).toContain('天猫旗舰店：首次响应时长 48 秒（目标 ≤ 30 秒，差 18 秒）');
    expect(item('退款')).toMatchObject({ status: 'ok' });
    for (const name of ['离线消息', '跨部门信息', '平台指标', '满意度', '机器人质检', '评价'])
      expect(item(name)).toMatchObject({ status: 'none', lines: ['无数据，请人工确认'] });
    expect(card).toContain('无数据，请人工确认');
    // /inspect now points to it; nothing new is posted.
    const [again] = await w.say(w.p.leader, '/inspect');
    expect(again).toBe('今天的巡店已发布（0/10），见上方卡片。');
    expect(cards()).toHaveLength(1);
  });

  it('data that arrives after the card is out fills the items still to check, in place', async () => {
    const { id } = await latest();
    await w.say(w.p.leader, '/kpi set 天猫旗舰店 离线留言待处理 3 2026-11-24');
    await w.advance(3_000); // the data signal's window
    const item = (await latest()).items.find((i) => i.name === '离线消息')!;
    expect(item.prefill).toEqual({ status: 'issue', lines: ['离线留言待处理 共 3：天猫旗舰店 3'] });
    expect(await cardText(id)).toContain('离线留言待处理 共 3');
  });

  it('a click is reflected in place with who and when; a double click acts once; agents may not confirm', async () => {
    const { id } = await latest();
    const a = await w.press(w.p.leader, mark(id, 1, 'ok'));
    expect(a?.toast).toEqual({ type: 'success', content: '第 1 项已确认正常（1/10）' });
    expect(JSON.stringify(a?.card)).toContain('1/10');
    const again = await w.press(w.p.leader, mark(id, 1, 'ok'));
    // On DingTalk too: the second press is on the card as the first left it (its version changed),
    // so it reaches the feature. A press on the card as it was (a real double press) is one event
    // (test/unit/dingtalk-adapter.test.ts).
    expect(again?.toast?.content).toBe('第 1 项已是这个状态');
    const denied = await w.press(w.p.agent, mark(id, 2, 'ok'));
    expect(denied?.toast?.content).toBe('只有组长或主管可以确认巡店项目');
    const text = await cardText(id);
    expect(text).toContain('巡店 · 11-24 · 1/10');
    expect(text).toContain('李组长');
    expect((await latest()).items[1]!.state).toBe('pending');
  });

  it('concurrent clicks by three people on four items: every one is on the row and on the card', async () => {
    const { id } = await latest();
    await Promise.all([
      w.press(w.p.boss, mark(id, 2, 'ok')),
      w.press(w.p.boss2, mark(id, 4, 'ok')),
      w.press(w.p.leader, mark(id, 5, 'problem')),
      w.press(w.p.boss, mark(id, 6, 'ok')),
    ]);
    await w.pump();
    const r = await latest();
    expect(r.items.map((i) => i.state).slice(0, 6)).toEqual(['ok', 'ok', 'pending', 'ok', 'problem', 'ok']);
    expect(r.items[4]).toMatchObject({ note: '待补充说明', owner: w.p.leader.openId });
    expect(await cardText(id)).toContain('巡店 · 11-24 · 5/10');
  });

  it('by command: a problem with a note and an owner; bad input says how, changes nothing', async () => {
    const [ok] = await w.say(w.p.leader, '/inspect 3 problem 运营群有 2 条未读 @张运营', [w.p.ops]);
    expect(ok).toBe('第 3 项已登记问题（6/10）');
    const r = await latest();
    expect(r.items[2]).toMatchObject({ state: 'problem', note: '运营群有 2 条未读', owner: w.p.ops.openId });
    const [bad] = await w.say(w.p.leader, '/inspect 33 ok');
    expect(bad).toBe('没有第 33 项（共 10 项）');
    const [noNote] = await w.say(w.p.leader, '/inspect 7 problem');
    expect(noNote).toContain('请写明问题');
    const [badVerb] = await w.say(w.p.leader, '/inspect 7 maybe');
    expect(badVerb).toContain('请写 ok 或 problem');
    expect(badVerb).toContain('/inspect 3 problem');
    // The card's form: the item number and what is wrong; the presser follows it up.
    const badForm = await w.press(
      w.p.leader,
      { action: 'inspection.problem', id: (await latest()).id },
      { n: '七', note: 'x' },
    );
    expect(badForm?.toast?.content).toBe('「七」不是项目编号，请填卡片上的数字，例如 3');
    expect((await latest()).items[6]!.state).toBe('pending');
    const followups = await query<{ item: string; owner: string }>(
      db.db,
      sql`select item, owner from inspection_followups where closed_at is null order by id`,
    );
    expect(followups).toEqual([
      { item: '客服数据', owner: w.p.leader.openId },
      { item: '跨部门信息', owner: w.p.ops.openId },
    ]);
  });

  it('09:30 reminds the owner in the group and privately; 10:00 escalates the unfinished to the supervisors (in-app)', async () => {
    const before = w.groupTexts().length;
    const buzzes = w.buzzes().length;
    await w.advance(58 * MIN); // 09:28
    expect(w.groupTexts().length).toBe(before);
    await w.advance(2 * MIN); // 09:30
    const said = w.groupTexts().slice(before);
    expect(said.some((t) => t.includes('巡店还有 4 项未检查，10:00 截止。') && w.mentions(t, w.p.leader))).toBe(true);
    const dm = w
      .emulatorMessages()
      .filter((m) => m.chatId !== w.chat.chatId && m.sender.type === 'bot')
      .map((m) => m.text);
    expect(dm).toContain('提醒：今天的巡店还有 4 项未检查，10:00 截止。');
    await w.advance(30 * MIN); // 10:00
    expect(
      w.groupTexts().some((t) => t.includes('巡店已到截止时间，仍有 4 项未检查：满意度、机器人质检、退款、评价')),
    ).toBe(true);
    const calls = w.buzzes().slice(buzzes);
    expect(calls.map((c) => c.kind)).toEqual(['app']);
    expect(new Set(calls[0]!.callees)).toEqual(new Set([w.p.boss.openId, w.p.boss2.openId]));
    expect((await latest()).escalated).toBe(true);
    expect(await cardText((await latest()).id)).toContain('已过截止时间');
  });

  it('其余全部正常 completes it and ends the escalation; /policy shows the subject', async () => {
    const { id } = await latest();
    const a = await w.press(w.p.boss, { action: 'inspection.rest', id });
    expect(a?.toast?.content).toBe('其余 4 项已标为正常（10/10）');
    const r = await latest();
    expect(r.completed_at).not.toBeNull();
    expect(r.status).toBe('resolved');
    expect(await cardText(id)).toContain('巡店完成 · 11-24 · 2 个问题');
    const pending = await query<{ ref: string }>(
      db.db,
      sql`select ref from timers where ref like ${`inspection:${id}:%`} and done_at is null and cancelled_at is null`,
    );
    expect(pending).toEqual([]);
    const [policy] = await w.say(w.p.boss, '/policy');
    expect(policy).toContain('巡店逾期');
    await w.say(w.p.boss, '/policy 巡店 15m');
    const [changed] = await w.say(w.p.boss, '/policy');
    expect(changed).toMatch(/巡店逾期[\s\S]*15分钟 后无人认领/);
  });

  it('list edits apply from the next inspection; the next morning carries the open follow-ups', async () => {
    const [added] = await w.say(w.p.boss, '/inspect items add 设备检查 耳机电脑');
    expect(added).toContain('11. 设备检查 — 耳机电脑');
    const [moved] = await w.say(w.p.boss, '/inspect items move 11 1');
    expect(moved).toContain('1. 设备检查');
    const [bad] = await w.say(w.p.boss, '/inspect items remove 99');
    expect(bad).toBe('没有改动：项目编号不对（共 11 项）');
    const [denied] = await w.say(w.p.leader, '/inspect items add 别的');
    expect(denied).toContain('/inspect items');
    // Today's stays as posted.
    expect((await latest()).items).toHaveLength(10);
    await w.advance(22 * 60 * MIN + 30 * MIN); // Wednesday 08:30
    const r = await latest();
    expect(r.day).toBe('2026-11-25');
    expect(r.items).toHaveLength(11);
    expect(r.items[0]!.name).toBe('设备检查');
    const text = await cardText(r.id);
    expect(text).toContain('未完成的跟进');
    expect(text).toContain('运营群有 2 条未读');
    const [f] = await query<{ id: number }>(
      db.db,
      sql`select id from inspection_followups where closed_at is null and item = '跨部门信息'`,
    );
    const done = await w.press(w.p.leader, { action: 'inspection.followup', id: r.id, followup: f!.id });
    expect(done?.toast?.content).toBe(`跟进 #${f!.id} 已处理`);
    expect(await cardText(r.id)).not.toContain('运营群有 2 条未读');
  });

  it('/inspect time moves the schedule (bad input changes nothing); history and the digest section', async () => {
    const [bad] = await w.say(w.p.boss, '/inspect time 09:00 deadline 08:00');
    expect(bad).toBe('截止时间 08:00 应晚于发布时间 09:00');
    const [badDays] = await w.say(w.p.boss, '/inspect time 08:00 days someday');
    expect(badDays).toContain('someday');
    const [set] = await w.say(w.p.boss, '/inspect time 08:00 deadline 09:30 days mon-fri');
    expect(set).toBe('巡店时间已改为 08:00（工作日），09:30 截止；下次：明天 08:00。');
    const [shown] = await w.say(w.p.agent, '/inspect history 7d');
    expect(shown).toContain('巡店记录 · 近 7 天');
    // Feishu draws the chart; a DingTalk card cannot, and shows its data as a table.
    expect(shown).toContain(platform === 'feishu' ? '"chart"' : '钉钉卡片无法显示图表，以下为图表数据');
    expect(shown).toContain('每日完成用时');
    expect(shown).toContain('跨部门信息：1');
    const team = await teamOf(db.db, w.teamId);
    const now = w.clock.now();
    const day = await inspectionDigest.build(w.deps, team, {
      from: new Date(now.getTime() - 86_400_000),
      to: now,
      now,
    });
    expect(JSON.stringify(day)).toContain('今日巡店：0/11');
    expect(JSON.stringify(day)).toContain('昨日巡店：');
    const week = await inspectionDigest.build(w.deps, team, {
      from: new Date(now.getTime() - 7 * 86_400_000),
      to: now,
      now,
    });
    expect(JSON.stringify(week)).toContain('完成率 50%（1/2 天）');
  });
  it('the card form records a problem with its note; the presser follows it up', async () => {
    const { id } = await latest();
    const a = await w.press(w.p.leader, { action: 'inspection.problem', id }, { n: '2', note: '耳机坏了 2 副' });
    expect(a?.toast?.content).toBe('第 2 项已登记问题（1/11）');
    expect((await latest()).items[1]).toMatchObject({
      state: 'problem',
      note: '耳机坏了 2 副',
      owner: w.p.leader.openId,
    });
  });
});
