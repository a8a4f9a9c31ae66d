import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { runDueTimers, type TimerRow } from '../../src/core/timers';
import { query } from '../../src/db/client';
import { TIMER } from '../../src/escalation/refs';
import { runUnreadNotice, tellUnreadRefusal } from '../../src/escalation/unread-notices';
import { teamOf } from '../../src/core/teams';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createWorld, MIN, type Person, type World } from '../helpers/anomaly-world';

/**
 * A storm of buzzes refused for too many unread buzzes (Feishu 230023) is told to the group once
 * per person and window, not once per refusal. Feishu only: a DingTalk DING has no such refusal
 * (the fallback's own tests, anomaly-escalation.error.test.ts, are Feishu-only for it too).
 */
describe('"too many unread buzzes", gathered per group and person (feishu)', () => {
  let db: TestDatabase;
  const worlds: World[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
    await db.db.execute(sql`delete from timers`);
    await db.db.execute(sql`delete from outbox`);
  });
  afterAll(() => db.destroy());

  const world = async (alongside?: World) => {
    const w = await createWorld(db, alongside ? { alongside } : { platform: 'feishu' });
    worlds.push(w);
    await w.say(w.p.boss, '/duty set @李组长 @小李', [w.p.leader, w.p.agent2]);
    return w;
  };
  /** Feishu refuses every phone buzz that names `p` (they have 200 unread). */
  const unreadFull = (w: World, p: Person, alone = true) =>
    w.feishu.emulator.failNext({
      path: 'urgent_phone',
      code: 230023,
      times: Infinity,
      when: ({ body }) => {
        const ids = (body as { user_id_list?: string[] }).user_id_list ?? [];
        return alone ? ids.length === 1 && ids[0] === p.openId : ids.includes(p.openId);
      },
    });
  /** `anomalies` store anomalies and `incidents` S1 incidents, all at once; their ids. */
  const storm = async (w: World, anomalies: number, incidents: number) => {
    // A new anomaly for each store and kind (the same store and kind again would merge into it).
    const what = ['优惠券叠加错了', '价格标错了', '库存超卖了', '详情页图片错了', '客服后台打不开'];
    for (let i = 0; i < anomalies; i++)
      await w.say(w.p.agent, `/anomaly ${i % 2 ? '京东自营店' : '天猫旗舰店'} ${what[Math.floor(i / 2)]}`);
    for (let i = 1; i <= incidents; i++) await w.say(w.p.agent, `/incident outage 机房${i} 跳闸`);
    const ids = async (table: 'anomalies' | 'incidents') =>
      (
        await query<{ id: number }>(
          db.db,
          sql`select id from ${sql.identifier(table)} where team_id = ${w.teamId} order by id`,
        )
      ).map((r) => Number(r.id));
    return { anomalies: await ids('anomalies'), incidents: await ids('incidents') };
  };
  const told = (w: World) => w.groupNotes().filter((m) => m.includes('未读加急太多'));
  const phonedNext = (w: World) => w.phoneCalls().filter((c) => c.callees.includes(w.p.agent2.openId));

  it('a storm of 20 refusals for one person: told at once for the first, then one message naming the rest', async () => {
    const w = await world();
    const ids = await storm(w, 10, 10);
    expect(ids.anomalies).toHaveLength(10);
    expect(ids.incidents).toHaveLength(10);
    unreadFull(w, w.p.leader);
    await w.advance(5 * MIN);
    expect(w.feishu.emulator.calls({ path: 'urgent_phone' }).length).toBeGreaterThanOrEqual(40);
    // The escalation did not wait for any notice: every one of them went on with the next person.
    expect(phonedNext(w)).toHaveLength(20);
    expect(told(w)).toHaveLength(1);
    expect(told(w)[0]).toMatch(/^(店铺异常|突发) #\d+：/);

    await w.advance(30_000);
    const [first, gathered, ...more] = told(w);
    expect(more).toEqual([]);
    expect(gathered).toContain('以下 19 条没有加急成功，已改为加急下一位：');
    expect(w.mentions(gathered!, w.p.leader)).toBe(true);
    // Each subject named once, by its label: "店铺异常 #12、#13 …、突发 #4、#5 …".
    const named = [...`${first}\n${gathered}`.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
    expect(named.sort((a, b) => a - b)).toEqual([...ids.anomalies, ...ids.incidents].sort((a, b) => a - b));
    expect(gathered).toMatch(/店铺异常 #\d+、#\d+/);
    expect(gathered).toMatch(/突发 #\d+、#\d+/);
  }, 60_000); // 20 escalations, two steps each: ~8 s alone, twice that beside other suites on two shared cores

  it('two sets of people: a notice each; two groups: a notice each', async () => {
    const a = await world();
    const b = await world(a);
    await storm(a, 3, 0);
    await storm(b, 3, 0);
    // Leader of a refused in every buzz naming them (steps 1 and 2); b's leader in step 1 only.
    unreadFull(a, a.p.leader, false);
    unreadFull(b, b.p.leader);
    await a.advance(5 * MIN);
    await a.advance(30_000);
    const inA = told(a);
    expect(inA).toHaveLength(4);
    const alone = inA.filter((m) => !a.mentions(m, a.p.agent2));
    const withNext = inA.filter((m) => a.mentions(m, a.p.agent2));
    expect(alone).toHaveLength(2);
    expect(withNext).toHaveLength(2);
    expect(alone[1]).toContain('以下 2 条');
    expect(withNext[1]).toContain('以下 2 条');
    const inB = told(b);
    expect(inB).toHaveLength(2);
    expect(inB[1]).toContain('以下 2 条');
    expect(b.mentions(inB[1]!, b.p.leader)).toBe(true);
    expect(inB.some((m) => b.mentions(m, a.p.leader))).toBe(false);
  });

  it('a crash before the gathered notice commits loses nothing; a replay or a second replica sends it once', async () => {
    const w = await world();
    await storm(w, 4, 0);
    unreadFull(w, w.p.leader);
    await w.advance(5 * MIN);
    expect(told(w)).toHaveLength(1);
    const [due] = await query<{ id: number; kind: string; ref: string; due_at: string; payload: unknown }>(
      db.db,
      sql`select id, kind, ref, due_at, payload from timers
          where kind = ${TIMER.unread} and team_id = ${w.teamId} and done_at is null`,
    );
    const timer: TimerRow = {
      id: Number(due!.id),
      teamId: w.teamId,
      kind: due!.kind,
      ref: due!.ref,
      dueAt: new Date(due!.due_at),
      payload: (typeof due!.payload === 'string' ? JSON.parse(due!.payload) : due!.payload) as Record<string, unknown>,
      attempts: 0,
    };
    w.clock.advance(30_000);
    // The process dies after the notice is written but before the commit: all of it rolls back.
    await expect(
      w.deps.db.transaction(async (tx) => {
        await runUnreadNotice({ ...w.deps, db: tx }, timer);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    const untold = async () =>
      Number(
        (
          await query<{ n: number }>(
            db.db,
            sql`select count(*)::int as n from unread_refusals where team_id = ${w.teamId} and told_at is null`,
          )
        )[0]!.n,
      );
    expect(await untold()).toBe(3);

    // Two replicas at once, then the timer's handler again (a replay): one notice.
    await Promise.all([runDueTimers(w.deps, w.deps.app.timers), runDueTimers(w.deps, w.deps.app.timers)]);
    await w.deps.db.transaction((tx) => runUnreadNotice({ ...w.deps, db: tx }, timer));
    await w.pump();
    expect(await untold()).toBe(0);
    expect(told(w)).toHaveLength(2);
    expect(told(w)[1]).toContain('以下 3 条');
    await w.advance(MIN);
    expect(told(w)).toHaveLength(2);
  });

  it('two replicas recording refusals for one person at once: one told at once, the other gathered; quiet again, at once again', async () => {
    const w = await world();
    const team = await teamOf(db.db, w.teamId);
    const refusal = (id: number) => ({
      openIds: [w.p.leader.openId],
      source: `anomaly:${id}:unread:1`,
      label: '店铺异常',
      subjectId: id,
      alone: `店铺异常 #${id}：李组长 未读加急太多`,
      mention: '李组长',
    });
    const now = w.clock.now();
    const record = (id: number) => db.db.transaction((tx) => tellUnreadRefusal(tx, team, refusal(id), now));
    await Promise.all([record(901), record(902)]);
    // The same refusal again (a replay) records and tells nothing more.
    await record(901);
    await w.pump();
    expect(told(w)).toHaveLength(1);
    await w.advance(30_000);
    expect(told(w)).toHaveLength(2);
    expect(
      told(w)
        .join('\n')
        .match(/#90[12]/g)
        ?.sort(),
    ).toEqual(['#901', '#902']);

    // Refusals in the window after a gathered notice wait for the next one; after a quiet window, told at once.
    await w.advance(10_000);
    await db.db.transaction((tx) => tellUnreadRefusal(tx, team, refusal(903), w.clock.now()));
    await w.pump();
    expect(told(w)).toHaveLength(2);
    await w.advance(30_000);
    expect(told(w)).toHaveLength(3);
    expect(told(w)[2]).toContain('#903');
    await w.advance(31_000);
    await db.db.transaction((tx) => tellUnreadRefusal(tx, team, refusal(904), w.clock.now()));
    await w.pump();
    expect(told(w)).toHaveLength(4);
    expect(told(w)[3]).toBe('店铺异常 #904：李组长 未读加急太多');
  });
});
