import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { teamOf } from '../../src/core/teams';
import { query } from '../../src/db/client';
import { seedIncidentDemo } from '../../src/features/incident/sandbox';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import type { TestDatabase } from '../helpers/db';
import { MIN, openWorld, type Person, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

/** /incident and /playbook through handleEvent, the outbox and the fake Feishu server: one world for the file. */
describe.each(PLATFORMS)('/incident: playbooks, the card, escalation, reminders, review (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  beforeAll(async () => {
    ({ db, w } = await openWorld(platform));
    await w.say(w.p.boss, '/duty set @李组长 @赵主管', [w.p.leader, w.p.boss2]);
  });
  afterAll(() => w.close());
  beforeEach(async () => {
    // Each test starts with no pending future actions of earlier tests (their reminders, steps).
    await db.db.execute(sql`update timers set cancelled_at = now() where done_at is null and cancelled_at is null`);
  });

  const latest = async () =>
    (
      await query<{
        id: number;
        kind: string;
        severity: number;
        status: string;
        steps: { text: string; assignee?: string; doneAt?: string }[];
      }>(db.db, sql`select id, kind, severity, status, steps from incidents order by id desc limit 1`)
    )[0];
  const count = async () =>
    Number((await query<{ n: number }>(db.db, sql`select count(*)::int as n from incidents`))[0]!.n);
  /** The incident card as the group sees it now (the one message, patched in place). */
  const cardOf = async (id: number) => {
    const rows = await query<{ result_message_id: string }>(
      db.db,
      sql`select result_message_id from outbox where ref = ${`incident:${id}:card`} and kind = 'send' and status = 'sent'`,
    );
    expect(rows).toHaveLength(1);
    return w.messageById(rows[0]!.result_message_id)!.text;
  };
  const dmsOf = (p: Person) => w.privateTexts(p);

  it('starts an outage (S1 by default): one card with steps, owners by duty, the customer wording and buttons', async () => {
    const out = await w.say(w.p.agent, '/incident 断电断网 三楼整层断网');
    expect(out).toHaveLength(1);
    const i = (await latest())!;
    expect(i).toMatchObject({ kind: 'outage', severity: 1, status: 'open' });
    // "duty" goes to the on-duty primary, "leader" to the leader.
    expect(i.steps[0]!.assignee).toBe(w.p.leader.openId);
    const c = await cardOf(i.id);
    for (const s of [
      '断电断网',
      'S1',
      '三楼整层断网',
      '小王',
      '进行中',
      '立即报告 IT',
      '李组长',
      '5 分钟内',
      '对顾客统一口径',
      '发布进展',
      '改派',
      '关闭',
    ])
      expect(c).toContain(s);
  });

  it('a sev1 nobody acknowledges phones the on-duty person after 5 minutes; acknowledging stops it', async () => {
    await w.say(w.p.agent, '/incident opinion 顾客把聊天截图发到微博');
    const i = (await latest())!;
    expect(i.severity).toBe(1);
    const calls = w.phoneCalls().length;
    await w.advance(4 * MIN);
    expect(w.phoneCalls().length).toBe(calls);
    await w.advance(1 * MIN);
    expect(w.phoneCalls().length).toBe(calls + 1);
    expect(w.phoneCalls().at(-1)!.callees).toEqual([w.p.leader.openId]);
    const a = await w.press(w.p.leader, { action: 'incident.ack', id: i.id });
    expect(a?.toast?.content).toContain('已认领');
    await w.advance(30 * MIN);
    expect(w.phoneCalls().length).toBe(calls + 1);
    expect((await latest())!.status).toBe('claimed');
  });

  it('an S1 still unacknowledged 5 minutes after the first call phones the backup too, then the supervisors', async () => {
    await w.say(w.p.agent, '/incident outage 整栋楼停电');
    const calls = w.phoneCalls().length;
    await w.advance(5 * MIN);
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length).toBe(calls + 2);
    expect(new Set(w.phoneCalls().at(-1)!.callees)).toEqual(new Set([w.p.boss2.openId, w.p.leader.openId]));
    await w.advance(5 * MIN);
    expect(new Set(w.phoneCalls().at(-1)!.callees)).toEqual(new Set([w.p.boss.openId, w.p.boss2.openId]));
    await w.say(w.p.boss, `/incident ${(await latest())!.id} ack`);
  });

  it('a sev2 (surge) phones nobody; sev=1 makes it phone', async () => {
    await w.say(w.p.agent, '/incident surge 双11 预热咨询量翻倍');
    expect((await latest())!.severity).toBe(2);
    const calls = w.phoneCalls().length;
    await w.advance(10 * MIN);
    expect(w.phoneCalls().length).toBe(calls);
    await w.say(w.p.agent, '/incident 系统异常 千牛打不开 sev=1');
    expect((await latest())!).toMatchObject({ kind: 'system', severity: 1 });
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length).toBe(calls + 1);
  });

  it('the S1 phone delay is the incident policy’s: /policy 突发 10m (for incidents started after)', async () => {
    const [set] = await w.say(w.p.boss, '/policy 突发 10m');
    expect(set).toContain('突发');
    await w.say(w.p.agent, '/incident outage 机房跳闸');
    const calls = w.phoneCalls().length;
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length).toBe(calls);
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length).toBe(calls + 1);
    await w.say(w.p.boss, '/policy 突发 5m');
  });

  it('two presses of one step at the same moment act once', async () => {
    await w.say(w.p.agent, '/incident surge 同时点');
    const i = (await latest())!;
    const answers = await Promise.all([
      w.press(w.p.leader, { action: 'incident.step', id: i.id, n: 1, checked: true }),
      w.press(w.p.agent2, { action: 'incident.step', id: i.id, n: 1, checked: true }),
    ]);
    expect(answers.map((a) => a?.toast?.type).sort()).toEqual(['info', 'success']);
    const events = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from incident_events where incident_id = ${i.id} and kind = 'step'`,
    );
    expect(events[0]!.n).toBe(1);
  });

  it('the agreed wording (统一口径) and 已缓解 show on the card; a second 已缓解 changes nothing', async () => {
    await w.say(w.p.agent, '/incident 舆情 直播翻车');
    const i = (await latest())!;
    expect((await w.say(w.p.boss, `/incident ${i.id} wording 亲，主播口误，以官方公告为准`))[0]).toContain(
      '统一口径已更新',
    );
    expect((await w.press(w.p.boss, { action: 'incident.mitigated', id: i.id }))?.toast?.content).toBe(
      `#${i.id} 已标记为已缓解。`,
    );
    const second = await w.press(w.p.boss, { action: 'incident.mitigated', id: i.id });
    // On DingTalk a double press is one event while the card is unchanged (its callback names no
    // press), a new one once it changed: either way nothing more changes.
    if (platform === 'feishu') expect(second?.toast?.type).toBe('info');
    else expect(second === undefined || second.toast?.type === 'info').toBe(true);
    const c = await cardOf(i.id);
    for (const s of ['亲，主播口误，以官方公告为准', '已缓解', '王主管 认领']) expect(c).toContain(s);
    await w.say(w.p.boss, `/incident ${i.id} close 已发声明`);
  });

  it('bad input: an unknown kind lists the kinds with "did you mean", a bad sev says so; nothing starts', async () => {
    const n = await count();
    const [unknown] = await w.say(w.p.agent, '/incident 断点断网 停电了');
    expect(unknown).toContain('没有「断点断网」这种突发');
    expect(unknown).toContain('outage 断电断网');
    expect(unknown).toContain('你是不是想写：断电断网');
    expect(unknown).toContain('用法：/incident <类型>');
    const [bare] = await w.say(w.p.agent, '/incident');
    expect(bare).toContain('缺少类型');
    expect(bare).toContain('例如：/incident 断电断网 三楼整层断网 sev=1');
    const [sev] = await w.say(w.p.agent, '/incident outage 停电 sev=5');
    expect(sev).toContain('sev 只能是 1、2 或 3');
    expect(await count()).toBe(n);
  });

  it('two people pressing the same step act once; the card shows who did it', async () => {
    await w.say(w.p.agent, '/incident outage 二楼断网');
    const i = (await latest())!;
    const first = await w.press(w.p.leader, { action: 'incident.step', id: i.id, n: 2, checked: true });
    const second = await w.press(w.p.agent2, { action: 'incident.step', id: i.id, n: 2, checked: true });
    expect(first?.toast?.content).toBe('第 2 步已完成。');
    expect(second?.toast?.content).toBe('第 2 步已由 李组长 完成了。');
    const events = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from incident_events where incident_id = ${i.id} and kind = 'step'`,
    );
    expect(events[0]!.n).toBe(1);
    expect((await latest())!.steps[1]!.doneAt).toBeDefined();
    expect(await cardOf(i.id)).toContain('已完成（李组长');
  });

  it('bad input on an incident: a step that does not exist, a reassign outside the team, an update after close', async () => {
    await w.say(w.p.agent, '/incident system 订单查询系统挂了');
    const i = (await latest())!;
    const before = JSON.stringify(i.steps);
    expect((await w.say(w.p.agent, `/incident ${i.id} step 9 done`))[0]).toBe(`#${i.id} 没有第 9 步（共 4 步）。`);
    expect((await w.say(w.p.agent, `/incident ${i.id} assign 2 路人甲`))[0]).toContain('「路人甲」不是本组成员');
    expect(JSON.stringify((await latest())!.steps)).toBe(before);
    expect((await w.say(w.p.agent, `/incident ${i.id} close`))[0]).toContain('关闭需要写总结');
    expect((await w.say(w.p.agent, `/incident ${i.id} 飞走`))[0]).toContain('看不懂「飞走」');
    // Reassigning to a member by mention works.
    expect((await w.say(w.p.leader, `/incident ${i.id} assign 2 @小李`, [w.p.agent2]))[0]).toBe(
      '第 2 步已改派给 小李。',
    );
    expect((await latest())!.steps[1]!.assignee).toBe(w.p.agent2.openId);
    await w.say(w.p.leader, `/incident ${i.id} close 重启服务后恢复`);
    const [late] = await w.say(w.p.agent, `/incident ${i.id} update 还有问题`);
    expect(late).toContain('已经关闭，不能再修改');
    expect(await cardOf(i.id)).toContain('重启服务后恢复');
  });

  it('the card is one message patched in place: updates, severity and close from the card’s form', async () => {
    await w.say(w.p.agent, '/incident surge 直播间引流');
    const i = (await latest())!;
    const v = { action: 'incident.update', id: i.id, v: 1 };
    await w.press(w.p.leader, v, { note: '已请二组支援' });
    await w.press(w.p.leader, v, { note: '已请二组支援' }); // a double click posts one update
    const updates = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from incident_events where incident_id = ${i.id} and kind = 'update'`,
    );
    expect(updates[0]!.n).toBe(1);
    const sev = await w.press(w.p.boss, { action: 'incident.sev', id: i.id, sev: 3 });
    expect(sev?.toast?.content).toBe(`#${i.id} 已改为 S3。`);
    const noSummary = await w.press(w.p.boss, { action: 'incident.close', id: i.id }, { note: '' });
    expect(noSummary?.toast?.content).toContain('关闭需要写总结');
    const closed = await w.press(w.p.boss, { action: 'incident.close', id: i.id }, { note: '活动结束，量已回落' });
    expect(closed?.toast?.content).toBe(`#${i.id} 已关闭。`);
    const c = await cardOf(i.id);
    for (const s of ['已请二组支援', 'S3', '已关闭', '活动结束，量已回落']) expect(c).toContain(s);
    expect(c).not.toContain('发布进展');
  });

  it('reminds the owner after 30 minutes without an update (a team setting), and flags an overdue step', async () => {
    await w.say(w.p.agent, '/incident system 电脑蓝屏 sev=2');
    const i = (await latest())!;
    await w.advance(6 * MIN);
    expect(await cardOf(i.id)).toContain('已超时');
    const before = w.groupTexts().length;
    await w.advance(24 * MIN);
    const said = w.groupTexts().slice(before);
    expect(said.some((s) => s.includes(`突发 #${i.id}`) && s.includes('没有更新进展'))).toBe(true);
    await w.say(w.p.boss, '/incident remind off');
    const quiet = w.groupTexts().length;
    await w.advance(30 * MIN);
    expect(
      w
        .groupTexts()
        .slice(quiet)
        .some((s) => s.includes('没有更新进展')),
    ).toBe(false);
    expect((await w.say(w.p.boss, '/incident remind 20m'))[0]).toContain('20分钟');
    expect((await w.say(w.p.boss, '/incident remind 1s'))[0]).toContain('5 分钟到 24 小时');
    await w.say(w.p.boss, `/incident ${i.id} close 已重装`);
  });

  it('an update starts the 30 minutes again', async () => {
    await w.say(w.p.agent, '/incident surge 更新后重新计时');
    const i = (await latest())!;
    const reminded = (from: number) =>
      w
        .groupTexts()
        .slice(from)
        .some((s) => s.includes(`突发 #${i.id}`) && s.includes('没有更新进展'));
    await w.advance(20 * MIN);
    await w.say(w.p.leader, `/incident ${i.id} update 已请二组支援`);
    const from = w.groupTexts().length;
    await w.advance(15 * MIN);
    expect(reminded(from)).toBe(false);
    await w.advance(15 * MIN);
    expect(reminded(from)).toBe(true);
    await w.say(w.p.leader, `/incident ${i.id} close 已回落`);
  });

  it('closing asks for review items; each becomes a follow-up reminded until done', async () => {
    await w.say(w.p.agent, '/incident outage 停电');
    const i = (await latest())!;
    const out = await w.say(w.p.boss, `/incident ${i.id} close 配电箱跳闸，已恢复`);
    expect(out.some((s) => s.includes('请补充复盘项'))).toBe(true);
    const [none] = await w.say(w.p.boss, `/incident ${i.id} review 买一个 UPS`);
    expect(none).toContain('需要 @负责人');
    const [added] = await w.say(w.p.boss, `/incident ${i.id} review 买一个 UPS @李组长 by 2d`, [w.p.leader]);
    expect(added).toMatch(/已记录复盘项 F\d+/);
    const n = Number(/F(\d+)/.exec(added!)![1]);
    expect((await w.say(w.p.boss, '/incident list'))[0]).toContain('买一个 UPS');
    let before = w.groupTexts().length;
    await w.advance(2 * 24 * 60 * MIN + MIN);
    expect(
      w
        .groupTexts()
        .slice(before)
        .some((s) => s.includes(`复盘项 F${n}`) && s.includes('还没完成')),
    ).toBe(true);
    expect((await w.say(w.p.leader, `/incident followup ${n} done`))[0]).toBe(`复盘项 F${n} 已完成。`);
    expect((await w.say(w.p.leader, `/incident followup ${n} done`))[0]).toBe(`复盘项 F${n} 早已完成。`);
    before = w.groupTexts().length;
    await w.advance(24 * 60 * MIN);
    expect(
      w
        .groupTexts()
        .slice(before)
        .some((s) => s.includes(`复盘项 F${n}`)),
    ).toBe(false);
  });

  it('health: the group card says only that a colleague is looked after; supervisors get the details privately', async () => {
    await w.say(w.p.leader, '/incident health 小李发烧 38.5 度');
    const i = (await latest())!;
    const c = await cardOf(i.id);
    expect(c).toContain('一位同事身体不适');
    expect(c).not.toContain('发烧 38.5');
    expect(dmsOf(w.p.boss).some((m) => m.includes('小李发烧 38.5 度'))).toBe(true);
    expect(dmsOf(w.p.agent).some((m) => m.includes('发烧'))).toBe(false);
    await w.press(w.p.leader, { action: 'incident.update', id: i.id, v: 1 }, { note: '家属已到，送医院' });
    expect(await cardOf(i.id)).not.toContain('送医院');
    expect(dmsOf(w.p.boss2).some((m) => m.includes('家属已到，送医院'))).toBe(true);
  });

  it('speaks the team’s language: an English team gets the English playbook and messages', async () => {
    await w.say(w.p.boss, '/setup locale en');
    await w.say(w.p.agent, '/incident outage the 3rd floor is offline');
    const i = (await latest())!;
    const c = await cardOf(i.id);
    for (const s of [
      'Incident #',
      'Power/network outage',
      'Report to IT and facilities at once',
      'What we tell customers',
    ])
      expect(c).toContain(s);
    expect((await w.say(w.p.agent, '/incident outgae x'))[0]).toContain('Did you mean: outage');
    expect((await w.say(w.p.agent, `/incident ${i.id} step 7 done`))[0]).toBe(
      `Incident #${i.id} has no step 7 (it has 4).`,
    );
    await w.say(w.p.boss, `/incident ${i.id} close back online`);
    await w.say(w.p.boss, '/setup locale zh-CN');
  });

  it('health details stay out of /incident list too', async () => {
    await w.say(w.p.leader, '/incident health 小王胃疼');
    const [list] = await w.say(w.p.agent, '/incident list');
    expect(list).toContain('身心健康');
    expect(list).not.toContain('胃疼');
  });

  it('store hands over to the anomaly flow (its card and 5-minute escalation), not a playbook of ours', async () => {
    const n = await count();
    await w.say(w.p.agent, '/incident store 天猫旗舰店 优惠券叠加后价格变成 9.9');
    const [a] = await query<{ store_name: string; kind: string }>(
      db.db,
      sql`select store_name, kind from anomalies order by id desc limit 1`,
    );
    expect(a).toMatchObject({ store_name: '天猫旗舰店', kind: 'coupon' });
    expect(await count()).toBe(n);
    expect((await w.say(w.p.agent, '/incident store'))[0]).toContain('店铺异常要写店铺和情况');
  });

  it('/playbook: the team edits a playbook; an incident in flight keeps the version it started with', async () => {
    await w.say(w.p.agent, '/incident outage 老版本');
    const old = (await latest())!;
    const [added] = await w.say(w.p.leader, '/playbook outage add 通知客户成功团队 组长 limit=15m');
    expect(added).toContain('第 5 步（第 2 版）');
    expect((await w.say(w.p.leader, '/playbook outage move 5 1'))[0]).toContain('第 5 步移到第 1 步');
    expect((await w.say(w.p.leader, '/playbook outage remove 9'))[0]).toContain('没有第 9 步');
    expect((await w.say(w.p.agent, '/playbook outage remove 1'))[0]).toContain('需要主管或组长');
    const [shown] = await w.say(w.p.agent, '/playbook outage');
    expect(shown).toContain('1. 通知客户成功团队 · 组长（15 分钟）');
    await w.say(w.p.agent, '/incident outage 新版本');
    const fresh = (await latest())!;
    expect(fresh.steps[0]!.text).toBe('通知客户成功团队');
    expect(old.steps).toHaveLength(4);
    expect(await cardOf(old.id)).not.toContain('通知客户成功团队');
    expect((await w.say(w.p.leader, '/playbook outage wording 亲，网络抢修中，请稍等'))[0]).toContain('统一口径已更新');
    await w.say(w.p.agent, '/incident outage 新口径');
    expect(await cardOf((await latest())!.id)).toContain('亲，网络抢修中，请稍等');
    expect(await cardOf(old.id)).not.toContain('网络抢修中');
    // A kind of the team's own.
    expect((await w.say(w.p.boss, '/playbook 停水 add 通知行政报修 值班主管'))[0]).toContain('已新建预案「停水」');
    await w.say(w.p.agent, '/incident 停水 茶水间没水');
    expect((await latest())!).toMatchObject({ kind: '停水', severity: 2 });
    expect((await w.say(w.p.agent, '/playbook'))[0]).toContain('停水');
    expect((await w.say(w.p.boss, '/playbook list add x'))[0]).toContain('是命令用词');
  });

  it('/incident list and /incident stats (count by kind, MTTA, MTTR, time per step)', async () => {
    const [list] = await w.say(w.p.agent, '/incident list');
    expect(list).toContain('进行中的突发');
    const [stats] = await w.say(w.p.agent, '/incident stats 30d');
    for (const s of ['突发统计 · 最近 30天', '断电断网', '认领', '关闭', '平均']) expect(stats).toContain(s);
    expect((await w.say(w.p.agent, '/incident stats abc'))[0]).toContain('时长写成 7d');
  });

  it('the digest section lists the open incidents', async () => {
    const section = w.deps.app.digest.find((d) => d.key === 'incident')!;
    const els = await section.build(w.deps, await teamOf(db.db, w.teamId), {
      from: new Date(0),
      to: w.clock.now(),
      now: w.clock.now(),
    });
    expect(JSON.stringify(els)).toMatch(/#\d+ .*S\d · 进行中/);
  });

  it('suggests the surge playbook from the KPI data (hourly consults ≥ 2× the same hour of 7 days), once per store and hour; a person starts it', async () => {
    const local = DateTime.fromJSDate(w.clock.now(), { zone: 'Asia/Shanghai' });
    const [store] = await query<{ id: number }>(
      db.db,
      sql`select id from stores where name = '天猫旗舰店' and team_id = ${w.teamId}`,
    );
    const row = (d: number, value: number): ValueRow => ({
      storeId: store!.id,
      agent: '',
      metric: 'consult_users',
      day: local.minus({ days: d }).toISODate()!,
      hour: local.hour,
      value,
      base: null,
    });
    const send = async (rows: ValueRow[]) => {
      await db.db.transaction((tx) => upsertValues(tx, w.teamId, rows, 'api', w.clock.now()));
      await w.advance(3_000);
    };
    const before = w.groupTexts().length;
    // 1.8× is no surge.
    await send([1, 2, 3, 4, 5, 6, 7].map((d) => row(d, 20)).concat(row(0, 36)));
    expect(
      w
        .groupTexts()
        .slice(before)
        .some((s) => s.includes('是否启动接待量暴涨预案')),
    ).toBe(false);
    await send([row(0, 50)]);
    const cards = () =>
      w
        .groupTexts()
        .slice(before)
        .filter((s) => s.includes('是否启动接待量暴涨预案'));
    expect(cards()).toHaveLength(1);
    expect(cards()[0]).toContain('2.5 倍');
    // Worse in the same hour: still the one card. Nothing was started without a person.
    const n = await count();
    await send([row(0, 80)]);
    expect(cards()).toHaveLength(1);
    expect(await count()).toBe(n);
    const [surge] = await query<{ id: number }>(db.db, sql`select id from incident_surges order by id desc limit 1`);
    const first = await w.press(w.p.leader, { action: 'incident.surge', id: surge!.id });
    const second = await w.press(w.p.boss, { action: 'incident.surge', id: surge!.id });
    expect(first?.toast?.content).toMatch(/已发起突发 #\d+（接待量暴涨·S2）/);
    expect(second?.toast?.content).toMatch(/已经启动了：突发 #\d+/);
    expect(await count()).toBe(n + 1);
    expect((await latest())!).toMatchObject({ kind: 'surge', severity: 2 });
    // The suggestion card itself now says who started which incident, with no button left.
    const [sent] = await query<{ result_message_id: string }>(
      db.db,
      sql`select result_message_id from outbox where ref = ${`incidentSurge:${surge!.id}`} and kind = 'send'`,
    );
    const shown = w.messageById(sent!.result_message_id)!.text;
    expect(shown).toContain('李组长 已启动：突发 #');
    expect(shown).not.toContain('启动预案');
  });

  it('sandbox demo data: a closed outage for the stats and hourly consults whose current hour is a surge card; idempotent', async () => {
    // Past every consult value stored above (the demo fills only a window it finds empty).
    w.clock.advance(10 * 24 * 60 * MIN);
    await w.pump();
    const team = await teamOf(db.db, w.teamId);
    const before = w.groupTexts().length;
    await seedIncidentDemo(w.deps, team, w.clock.now());
    await w.advance(3_000);
    await seedIncidentDemo(w.deps, team, w.clock.now());
    await w.advance(3_000);
    const demo = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from incidents where source = 'demo:incident'`,
    );
    expect(demo[0]!.n).toBe(1);
    const surges = w
      .groupTexts()
      .slice(before)
      .filter((s) => s.includes('是否启动接待量暴涨预案'));
    expect(surges).toHaveLength(1);
    expect(surges[0]).toContain('天猫旗舰店');
    expect((await w.say(w.p.boss, '/incident stats 7d'))[0]).toContain('断电断网');
    expect(w.deps.app.sandbox.quick).toEqual(
      expect.arrayContaining(['/incident 断电断网 三楼整层断网', '/playbook outage']),
    );
  });
});
