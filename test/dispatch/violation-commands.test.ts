import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import type { TestDatabase } from '../helpers/db';
import { MIN, openWorld, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

describe.each(PLATFORMS)('/violation, its card, 认领 and the escalation of severe ones (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  beforeAll(async () => {
    ({ db, w } = await openWorld(platform));
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
  });
  afterAll(() => w.close());
  beforeEach(async () => {
    await db.db.execute(sql`update timers set cancelled_at = now() where done_at is null and cancelled_at is null`);
  });
  const latest = async () =>
    (
      await query<{ id: number; kind: string; severe: number; status: string; points: number | null }>(
        db.db,
        sql`select id, kind, severe, status, points from violations order by id desc limit 1`,
      )
    )[0]!;

  it('posts the card at once (no group wait): store, kind, points, amount, description and 认领', async () => {
    const out = await w.say(w.p.agent, '/violation 天猫旗舰店 虚假发货 订单 123 超时未发货 points=2 amount=300');
    expect(out).toHaveLength(1);
    const card = out[0]!;
    for (const s of ['违规 · 天猫旗舰店 · 虚假发货', '订单 123 超时未发货', '300 元', '认领'])
      expect(card).toContain(s);
    expect(await latest()).toMatchObject({ kind: '虚假发货', severe: 0, points: 2 });
    // Not severe: nobody is phoned.
    const calls = w.phoneCalls().length;
    await w.advance(10 * MIN);
    expect(w.phoneCalls().length).toBe(calls);
  });

  it('a bad number or an unknown store gets a clear reply and records nothing', async () => {
    const before = await latest();
    const [bad] = await w.say(w.p.agent, '/violation 天猫旗舰店 售假 points=abc');
    expect(bad).toContain('points');
    expect((await latest()).id).toBe(before.id);
    const [unknown] = await w.say(w.p.agent, '/violation 拼多多 售假 说明');
    expect(unknown).toContain('拼多多');
    expect((await latest()).id).toBe(before.id);
  });

  it('a severe one phones the on-duty person after 5 minutes if nobody claims it', async () => {
    await w.say(w.p.agent, '/violation 天猫旗舰店 虚假发货 三单超时 points=6');
    expect(await latest()).toMatchObject({ severe: 1, status: 'open' });
    const calls = w.phoneCalls().length;
    await w.advance(4 * MIN);
    expect(w.phoneCalls().length).toBe(calls);
    await w.advance(1 * MIN);
    expect(w.phoneCalls().length).toBe(calls + 1);
    expect(w.phoneCalls().at(-1)!.callees).toEqual([w.p.leader.openId]);
  });

  it('claiming stops it: no call after 5 minutes, the card shows who; a second claim says who has it', async () => {
    await w.say(w.p.agent, '/violation 天猫旗舰店 售假 顾客投诉 points=12');
    const v = await latest();
    const calls = w.phoneCalls().length;
    const answer = await w.press(w.p.ops, { action: 'alert.violationClaim', id: v.id });
    expect(answer?.toast?.content).toBe(`已认领违规 #${v.id}。`);
    expect(await latest()).toMatchObject({ status: 'claimed' });
    // The claim cancelled the escalation's steps (and scheduled no reminder: a violation has no resolve).
    const pending = await query<{ ref: string }>(
      db.db,
      sql`select ref from timers where ref like ${`alertViolation:${v.id}:%`} and done_at is null and cancelled_at is null`,
    );
    expect(pending).toEqual([]);
    await w.advance(30 * MIN);
    expect(w.phoneCalls().length).toBe(calls);
    const again = await w.press(w.p.boss, { action: 'alert.violationClaim', id: v.id });
    expect(again?.toast?.content).toBe(`违规 #${v.id} 已由 张运营 认领。`);
  });

  it('severity is a team setting shown in /alert: amount or kind make it severe too', async () => {
    const [set] = await w.say(w.p.boss, '/alert severe points>=10 amount>=500 kinds=售假,虚假发货');
    expect(set).toContain('points>=10 或 amount>=500 或 kinds=售假,虚假发货');
    expect((await w.say(w.p.boss, '/alert'))[0]).toContain('严重违规：points>=10');
    await w.say(w.p.agent, '/violation 天猫旗舰店 延迟发货 说明 points=8');
    expect(await latest()).toMatchObject({ severe: 0 });
    await w.say(w.p.agent, '/violation 天猫旗舰店 延迟发货 说明 amount=800');
    expect(await latest()).toMatchObject({ severe: 1 });
    await w.say(w.p.agent, '/violation 天猫旗舰店 售假 说明');
    expect(await latest()).toMatchObject({ severe: 1 });
    const [bad] = await w.say(w.p.boss, '/alert severe points<6');
    expect(bad).toContain('points<6');
    await w.say(w.p.boss, '/alert severe off');
    await w.say(w.p.agent, '/violation 天猫旗舰店 售假 说明 points=20');
    expect(await latest()).toMatchObject({ severe: 0 });
  });

  it('phones outside the alerts’ business hours too (a severe violation is not held for the morning)', async () => {
    await w.say(w.p.boss, '/alert severe points>=6');
    await w.say(w.p.boss, '/alert hours 09:00-18:00');
    await w.advance(12 * 60 * MIN); // past 22:00 in Shanghai
    const out = await w.say(w.p.agent, '/violation 天猫旗舰店 虚假发货 夜间 points=6');
    expect(out.some((m) => m.includes('严重违规'))).toBe(true);
    const calls = w.phoneCalls().length;
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length).toBe(calls + 1);
  });

  it('waits its own /policy delay: /policy 违规 10m', async () => {
    const [set] = await w.say(w.p.boss, '/policy 违规 10m repeat 5m 3');
    expect(set).toContain('对之后上报的违规生效');
    await w.say(w.p.agent, '/violation 天猫旗舰店 虚假发货 策略 points=6');
    const calls = w.phoneCalls().length;
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length).toBe(calls);
    await w.advance(5 * MIN);
    expect(w.phoneCalls().length).toBe(calls + 1);
  });

  it('/violation list [7d]: recent ones, newest first, claimed or unclaimed; bad days refused', async () => {
    const [list] = await w.say(w.p.agent, '/violation list');
    const total = (await query<{ n: number }>(db.db, sql`select count(*)::int as n from violations`))[0]!.n;
    const open = (
      await query<{ n: number }>(db.db, sql`select count(*)::int as n from violations where claimed_by is null`)
    )[0]!.n;
    expect(list).toContain(`近 7 天违规 · ${total} 条（未认领 ${open} 条）`);
    expect(list).toMatch(/#\d+ 天猫旗舰店 · 虚假发货（严重） · 扣分 6 · 罚款 – · .* · ⚠️ 未认领/);
    expect(list).toContain('已认领');
    const newest = (await latest()).id;
    expect(list!.split('\n')[1]).toContain(`#${newest} `);
    await w.advance(8 * 24 * 60 * MIN);
    expect((await w.say(w.p.agent, '/violation list 7d'))[0]).toContain('近 7 天没有违规记录');
    expect((await w.say(w.p.agent, '/violation list 30天'))[0]).toContain(`近 30 天违规 · ${total} 条`);
    expect((await w.say(w.p.agent, '/violation list abc'))[0]).toContain('看不懂「abc」');
  });
});
