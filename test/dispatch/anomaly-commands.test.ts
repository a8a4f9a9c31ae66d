import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { reportAnomaly } from '../../src/features/anomaly/report';
import { query } from '../../src/db/client';
import { activeStores } from '../../src/features/stores/repo';
import type { Team } from '../../src/core/teams';
import type { TestDatabase } from '../helpers/db';
import { createWorld, MIN, openWorld, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

describe.each(PLATFORMS)('/anomaly, /ack, /resolve, /policy and the card buttons (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  beforeAll(async () => ({ db, w } = await openWorld(platform)));
  afterAll(() => w.close());
  beforeEach(async () => {
    // Resolve whatever the previous test left open and forget its future actions.
    await db.db.execute(sql`update anomalies set status = 'resolved', resolved_at = now() where resolved_at is null`);
    await db.db.execute(sql`update timers set cancelled_at = now() where done_at is null and cancelled_at is null`);
    await db.db.execute(sql`delete from escalation_policies`);
  });
  const count = async () =>
    Number((await query<{ n: number }>(db.db, sql`select count(*)::int as n from anomalies`))[0]!.n);
  const latest = async () =>
    (
      await query<{ id: number; kind: string; report_count: number; status: string }>(
        db.db,
        sql`select id, kind, report_count, status from anomalies order by id desc limit 1`,
      )
    )[0]!;

  it('recognises the kind, or takes kind=', async () => {
    await w.say(w.p.agent, '/异常 天猫 优惠券叠加后价格变成 9.9');
    expect(await latest()).toMatchObject({ kind: 'coupon' });
    await w.say(w.p.agent, '/anomaly 京东自营店 顾客说页面上写的和收到的不一样 kind=库存');
    expect(await latest()).toMatchObject({ kind: 'stock' });
  });

  it('merges the same store and kind while one is open: a count on the card, no second escalation', async () => {
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 价格标成 5 元');
    const first = await latest();
    const [reply] = await w.say(w.p.agent2, '/anomaly 天猫旗舰店 价格不对，顾客在问');
    expect(reply).toBe(`#${first.id}（天猫旗舰店·价格）已经在处理中，已合并你的上报（共 2 人次），不会重复升级。`);
    expect(await latest()).toMatchObject({ id: first.id, report_count: 2 });
    expect(await w.cardTextOf(first.id)).toContain('（已有 2 人次上报）');
    const before = w.phoneCalls().length;
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length - before).toBe(1);
  });

  it('reports a replayed message once', async () => {
    const [team] = await query<Team>(
      db.db,
      sql`select id, chat_id as "chatId", time_zone as "timeZone" from teams where id = ${w.teamId}`,
    );
    const [store] = await activeStores(db.db, w.teamId);
    const input = {
      store: store!,
      kind: 'page',
      description: '主图错了',
      reporter: w.p.agent.openId,
      source: 'msg:om_replayed',
    };
    expect((await reportAnomaly(w.deps, team!, input, w.clock.now())).outcome).toBe('new');
    expect((await reportAnomaly(w.deps, team!, input, w.clock.now())).outcome).toBe('duplicate');
    expect(await latest()).toMatchObject({ report_count: 1 });
    await w.pump();
  });

  it('lists the stores when the store is unknown, and changes nothing', async () => {
    const n = await count();
    expect(await w.say(w.p.agent, '/anomaly 拼多多店 价格错了')).toEqual([
      '没有找到店铺「拼多多店」。本组店铺：天猫旗舰店、京东自营店',
    ]);
    expect(await count()).toBe(n);
  });

  it.each([
    ['/anomaly', '缺少店铺名'],
    ['/anomaly 天猫旗舰店', '请写明发生了什么'],
    ['/anomaly 天猫旗舰店 价格错了 kind=天气', 'kind 应为'],
    ['/ack', '缺少异常编号'],
    ['/ack abc', '异常编号是数字'],
    ['/resolve x 好了', '异常编号是数字'],
    ['/anomaly stats 5', '时长写成 7d'],
  ])('refuses %s with a clear message', async (command, problem) => {
    const n = await count();
    const [answer] = await w.say(w.p.agent, command);
    expect(answer).toContain('参数不对');
    expect(answer).toContain(problem);
    expect(answer).toContain('例如：/');
    expect(await count()).toBe(n);
  });

  it('claims by button once: a second press says who has it', async () => {
    await w.say(w.p.agent, '/anomaly 京东自营店 价格错了');
    const { id } = await latest();
    const first = await w.press(w.p.ops, { action: 'anomaly.claim', id });
    expect(first?.toast).toMatchObject({ type: 'success', content: expect.stringContaining(`已认领 #${id}`) });
    // The card as the answer has it (each platform renders it: Feishu's template, DingTalk's color).
    expect(first?.card?.header.color).toBe('blue');
    const second = await w.press(w.p.leader, { action: 'anomaly.claim', id });
    // A toast shows no mentions: it names the claimer.
    expect(second?.toast).toEqual({ type: 'info', content: `#${id} 已由 ${w.p.ops.name} 认领。` });
    expect(second?.card?.header.color).toBe('blue');
    expect(await latest()).toMatchObject({ status: 'claimed' });
    const [acked, ...more] = await w.say(w.p.ops, `/ack ${id}`);
    expect(more).toEqual([]);
    expect(acked).toContain(`#${id} 已由 ${w.mentionOf(w.p.ops)}`);
    expect(acked).toMatch(/ 认领/);
  });

  it('answers a press of a stale button, or of a resolved anomaly, without changing anything', async () => {
    expect((await w.press(w.p.ops, { action: 'anomaly.claim', id: 'x' }))?.toast).toEqual({
      type: 'warning',
      content: '这个按钮已失效，请重新发送命令。',
    });
    expect((await w.press(w.p.ops, { action: 'anomaly.resolve' }))?.toast).toEqual({
      type: 'warning',
      content: '这个按钮已失效，请重新发送命令。',
    });
    await w.say(w.p.agent, '/anomaly 京东自营店 页面错了');
    const { id } = await latest();
    const done = await w.press(w.p.ops, { action: 'anomaly.resolve', id });
    expect(done?.toast).toEqual({ type: 'success', content: `#${id} 已解决，已关闭。` });
    const again = await w.press(w.p.leader, { action: 'anomaly.claim', id });
    expect(again?.toast).toEqual({ type: 'info', content: `#${id} 已经解决了。` });
    expect(again?.card?.header.color).toBe('green');
    expect(await latest()).toMatchObject({ status: 'resolved' });
  });

  it('reminds the claimer after 30 min, then the supervisors; resolve stops the reminders', async () => {
    await w.say(w.p.agent, '/anomaly 京东自营店 库存不对');
    const { id } = await latest();
    await w.say(w.p.ops, `/认领 #${id}`);
    const before = w.groupNotes().length;
    await w.advance(30 * MIN);
    const [claimer] = w.groupNotes().slice(before);
    expect(claimer).toContain(`店铺异常 #${id}`);
    expect(w.mentions(claimer!, w.p.ops)).toBe(true);
    if (platform === 'feishu') expect(claimer).toContain(`<at user_id="${w.p.ops.openId}">张运营</at> 店铺异常 #${id}`);
    // A DingTalk robot message cannot @ anyone: the reminder goes as a note card whose delivery
    // names the claimer (atUserIds), so DingTalk notifies them rather than only writing their name.
    if (platform === 'dingtalk') {
      const note = w
        .groupMessages()
        .filter((m) => m.note)
        .at(-1);
      expect(note?.text).toBe(claimer);
      expect(note?.mentioned).toEqual([w.p.ops.openId]);
      expect(note?.title?.startsWith(`店铺异常 #${id}`)).toBe(true);
    }
    // The outbox paces the group's messages and card updates (4 in any second), so the claim's own
    // reply and card may reach it a second or so after the command: 30 min, give or take seconds.
    expect(claimer).toMatch(/认领 30分(钟|\d+秒) 了还没解决/);
    await w.advance(30 * MIN);
    const [supervisors] = w.groupNotes().slice(before + 1);
    expect(supervisors).toContain('请主管跟进');
    expect(w.mentions(supervisors!, w.p.boss)).toBe(true);
    expect(await w.say(w.p.ops, `/解决 ${id} 已补库存`)).toEqual([`#${id} 已解决，已关闭。`]);
    const after = w.groupNotes().length;
    await w.advance(120 * MIN);
    expect(w.groupNotes()).toHaveLength(after);
    expect(await w.say(w.p.ops, `/resolve ${id}`)).toEqual([`#${id} 已经解决了。`]);
  });

  it('lists open anomalies', async () => {
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 详情页错了');
    const [list] = await w.say(w.p.agent, '/anomaly list');
    expect(list).toContain('天猫旗舰店·页面');
    expect(list).toMatch(/待认领，\d\d:\d\d 电话主值班/);
  });

  it('says /ack of a missing anomaly does not exist', async () => {
    expect(await w.say(w.p.ops, '/ack 99999')).toEqual(['本组没有异常 #99999。/anomaly list 可以看到未解决的异常。']);
  });

  it('treats another team’s real anomaly as not found: /ack, /resolve and both buttons change nothing', async () => {
    // Team B: another group on the same tenant (Feishu) or org (DingTalk) and database, with an open anomaly of its own.
    const b = await createWorld(db, { alongside: w });
    await b.say(b.p.boss, '/duty set @李组长', [b.p.leader]);
    await b.say(b.p.agent, '/anomaly 天猫旗舰店 价格标成 5 元');
    const theirs = await latest();
    const state = async () => ({
      anomaly: (
        await query(
          db.db,
          sql`select status, claimed_by, claimed_at, resolved_at, resolved_by from anomalies where id = ${theirs.id}`,
        )
      )[0],
      timers: (
        await query(
          db.db,
          sql`select id, due_at, done_at, cancelled_at from timers where done_at is null and cancelled_at is null order by id`,
        )
      ).length,
      card: JSON.stringify(await b.cardOf(theirs.id)),
      groupB: b.groupTexts().length,
    });
    const before = await state();
    expect(before.anomaly).toMatchObject({ status: 'open', claimed_by: null });
    expect(before.timers).toBeGreaterThan(0); // its phone escalation is due

    const notFound = `本组没有异常 #${theirs.id}。/anomaly list 可以看到未解决的异常。`;
    expect(await w.say(w.p.ops, `/ack ${theirs.id}`)).toEqual([notFound]);
    expect(await w.say(w.p.boss, `/resolve ${theirs.id} 不是我们的`)).toEqual([notFound]);
    expect(await w.press(w.p.ops, { action: 'anomaly.claim', id: theirs.id })).toEqual({
      toast: { type: 'warning', content: notFound },
    });
    expect(await w.press(w.p.boss, { action: 'anomaly.resolve', id: theirs.id })).toEqual({
      toast: { type: 'warning', content: notFound },
    });
    expect(await state()).toEqual(before);

    // Team B's own escalation still goes ahead: nothing of A's cancelled it.
    const calls = w.phoneCalls().length;
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length - calls).toBe(1);
    expect(w.phoneCalls().at(-1)!.callees).toEqual([b.p.leader.openId]);
    await b.close();
  });

  it('/policy shows the steps; supervisors change the first delay (≥ 10 s) and the rest', async () => {
    const [shown] = await w.say(w.p.agent, '/升级策略');
    expect(shown).toContain('5分钟 后无人认领：电话加急值班**主值班**');
    expect(shown).toContain('（首次延迟，至少 10秒）');
    expect(await w.say(w.p.leader, '/policy anomaly 30s')).toEqual([expect.stringContaining('需要主管')]);
    const [tooShort] = await w.say(w.p.boss, '/policy anomaly 5s');
    expect(tooShort).toContain('首次延迟至少 10秒');
    const [tooLong] = await w.say(w.p.boss, '/policy anomaly 25h');
    expect(tooLong).toContain('首次延迟最多 1天');
    const [badRepeat] = await w.say(w.p.boss, '/policy anomaly 30s repeat 2m 99');
    expect(badRepeat).toContain('主管轮数应为 1 到 10');
    const [badInterval] = await w.say(w.p.boss, '/policy anomaly 30s repeat 5s 2');
    expect(badInterval).toContain('间隔至少 10秒');
    expect(badInterval).not.toContain('interval');
    expect(await w.say(w.p.boss, '/policy anomaly 30s repeat 2m 2')).toEqual([
      '已更新升级策略（对之后上报的异常生效；进行中的按原策略）：\n30秒 后电话主值班，之后每 2分钟 一步，主管 2 轮',
    ]);
    // A drill: the phone step comes after 30 s.
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 演练：价格错了');
    const before = w.phoneCalls().length;
    await w.advance(30_000);
    expect(w.phoneCalls().length - before).toBe(1);
  });

  it('/anomaly stats: time to claim and resolve, phone escalations, per store and kind', async () => {
    await db.db.execute(sql`delete from anomalies`);
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 价格错了');
    const a = await latest();
    await w.advance(2 * MIN);
    await w.say(w.p.ops, `/ack ${a.id}`);
    await w.advance(8 * MIN);
    await w.say(w.p.ops, `/resolve ${a.id} 改好了`);
    await w.say(w.p.agent, '/anomaly 京东自营店 库存错了');
    const b = await latest();
    await w.advance(6 * MIN);
    await w.say(w.p.ops, `/ack ${b.id}`);
    const [stats] = await w.say(w.p.boss, '/anomaly stats 7d');
    expect(stats).toContain('最近 7天');
    expect(stats).toContain(
      '**全部**：2 起（未解决 1）· 认领 平均 4分钟（中位 4分钟） · 解决 平均 10分钟（中位 10分钟） · 电话升级 1 次（1 起）',
    );
    expect(stats).toContain(
      '**天猫旗舰店·价格**：1 起（未解决 0）· 认领 平均 2分钟（中位 2分钟） · 解决 平均 10分钟（中位 10分钟） · 电话升级 0 次（0 起）',
    );
    expect(stats).toContain(
      '**京东自营店·库存**：1 起（未解决 1）· 认领 平均 6分钟（中位 6分钟） · 解决 — · 电话升级 1 次（1 起）',
    );
  });
});
