import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createWorld, memberRow, MIN, setRoles, type World, type WorldPlatform } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

/**
 * Buzz failures are handled, not swallowed — and the buzzes (Feishu urgent_*, DingTalk DINGs) are
 * counted exactly. Each test is its own team and fake server, so a world is made per test.
 */
function escalationWorlds(platform: WorldPlatform) {
  const s = {} as { db: TestDatabase; w: World };
  beforeAll(async () => {
    s.db = await openTestDatabase();
  });
  afterEach(async () => {
    await s.w.close();
    // Nothing of one test may run in the next.
    await s.db.db.execute(sql`delete from timers`);
    await s.db.db.execute(sql`delete from outbox`);
  });
  afterAll(() => s.db.destroy());
  const start = async () => {
    const w = (s.w = await createWorld(s.db, { platform }));
    await w.say(w.p.boss, '/duty set @李组长 @小李', [w.p.leader, w.p.agent2]);
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 价格标成了 5 元');
    const [row] = await query<{ id: number }>(
      s.db.db,
      sql`select id from anomalies where team_id = ${w.teamId} order by id desc limit 1`,
    );
    return Number(row!.id);
  };
  const calls = (kind: 'app' | 'sms' | 'phone') => s.w.buzzes(kind);
  // Group messages that are not cards (cards carry the same words in their timeline).
  const told = (needle: string) =>
    s.w
      .groupMessages()
      .filter((m) => (m.note || (m.msgType !== 'interactive' && m.msgType !== 'card')) && m.text.includes(needle))
      .map((m) => m.text);
  return { s, start, calls, told };
}

describe.each(PLATFORMS)('store anomaly escalation: when buzzing fails or nobody is there (%s)', (platform) => {
  const { s, start, calls, told } = escalationWorlds(platform);
  let db: TestDatabase;
  let w: World;
  beforeAll(() => {
    db = s.db;
  });
  const world = async () => {
    w = s.w = await createWorld(db, { platform });
    return w;
  };
  const started = async () => {
    const id = await start();
    w = s.w;
    return id;
  };

  it('phone quota used up: falls back to SMS (in-app went with the step) and tells the group once', async () => {
    const id = await started();
    // Feishu answers urgent_phone with 230024; DingTalk's DING with ding.serverquota.insufficient.
    if (platform === 'feishu') w.feishu.emulator.setQuota({ phone: 0 });
    else w.dingtalk.emulator.quota.phone = 0;
    await w.advance(5 * MIN);
    expect(calls('phone')).toHaveLength(1);
    expect(calls('phone')[0]!.result).toMatchObject({
      code: platform === 'feishu' ? 230024 : 'ding.serverquota.insufficient',
    });
    expect(calls('sms').map((c) => c.callees)).toEqual([[w.p.leader.openId]]);
    expect(calls('app').map((c) => c.callees)).toEqual([[w.p.leader.openId]]);
    expect(told('电话加急额度已用完')).toHaveLength(1);
    expect(await w.cardTextOf(id)).toContain('电话加急额度已用完，改为短信加急');

    await w.advance(5 * MIN);
    expect(calls('phone')).toHaveLength(2);
    expect(calls('sms').at(-1)!.callees).toEqual([w.p.agent2.openId, w.p.leader.openId]);
    expect(told('电话加急额度已用完')).toHaveLength(1);
  });

  it('an invalid id: marks the person unreachable and goes on with the next person at once', async () => {
    await world();
    // Feishu: an open id the platform does not know. DingTalk: someone @-mentionable when put on
    // duty (DingTalk's @ picker offers only the org's people), who has left the org since.
    const ghost =
      platform === 'feishu' ? { openId: 'ou_left_the_company', name: '离职的老周' } : w.addPerson('离职的老周');
    await setRoles(w.deps, w.teamId, [[ghost, 'leader']]);
    await w.say(w.p.boss, '/duty set @离职的老周 @小李', [ghost, w.p.agent2]);
    if (platform === 'dingtalk') w.dingtalk.emulator.removeUser(ghost.openId);
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 库存显示有货但是超卖了');
    await w.advance(5 * MIN);
    expect(calls('phone').map((c) => [c.callees, c.invalid])).toEqual([
      [[], [ghost.openId]],
      [[w.p.agent2.openId], []],
    ]);
    expect(told('改为加急下一位')).toEqual([expect.stringContaining('离职的老周')]);
    // Feishu text @-mentions by id; a DingTalk robot message cannot @ anyone, so it names them.
    if (platform === 'feishu')
      expect(told('改为加急下一位')).toEqual([
        expect.stringContaining(`<at user_id="${ghost.openId}">离职的老周</at>`),
      ]);
    expect((await memberRow(w.deps, w.teamId, ghost.openId))?.unreachableSince).toBeTruthy();
    const [duty] = await w.say(w.p.agent, '/duty');
    expect(duty).toContain('离职的老周 无法加急');
    // The step after the backup keeps its own delay.
    await w.advance(5 * MIN - 1_000);
    expect(calls('phone')).toHaveLength(2);
    await w.advance(1_000);
    expect(calls('phone')).toHaveLength(3);
  });

  it('nobody on duty: goes straight to the supervisors without waiting out a delay, and says so', async () => {
    await world();
    await w.say(w.p.agent, '/anomaly 京东自营店 详情页主图放错了');
    await w.advance(5 * MIN);
    expect(calls('phone').map((c) => c.callees.sort())).toEqual([[w.p.boss.openId, w.p.boss2.openId].sort()]);
    expect(told('现在没有人值班')).toHaveLength(1);
    await w.advance(5 * MIN);
    await w.advance(5 * MIN);
    expect(calls('phone')).toHaveLength(3);
    await w.advance(5 * MIN);
    expect(calls('phone')).toHaveLength(3);
    expect(told('仍无人认领')).toHaveLength(1);
  });

  it('nobody at all to buzz: unreached at once, and the group is told what to set up', async () => {
    await world();
    await db.db.execute(
      sql`update members set unreachable_since = now() where team_id = ${w.teamId} and role = 'supervisor'`,
    );
    await w.say(w.p.agent, '/anomaly 京东自营店 页面打不开');
    await w.advance(5 * MIN);
    expect(calls('phone')).toHaveLength(0);
    expect(told('无人可加急')).toHaveLength(1);
  });

  it('an anomaly in flight from before the engine (old policy snapshot, old timer kind and payload) escalates on by its own timing', async () => {
    const id = await started();
    // As such a row was stored: the ladder timing as its policy, step 1 as an anomaly.step timer.
    await db.db.execute(
      sql`update anomalies set policy = ${JSON.stringify({ firstDelayMs: 300_000, intervalMs: 120_000, supervisorRounds: 1, claimReminderMs: 1_800_000 })}::jsonb where id = ${id}`,
    );
    const moved = await query(
      db.db,
      sql`update timers set kind = 'anomaly.step', payload = ${JSON.stringify({ anomalyId: id, step: 1 })}::jsonb where ref = ${`anomaly:${id}:step:1`} returning id`,
    );
    expect(moved).toHaveLength(1);
    await w.advance(5 * MIN);
    expect(calls('phone').map((c) => c.callees)).toEqual([[w.p.leader.openId]]);
    await w.advance(2 * MIN);
    expect(calls('phone').map((c) => c.callees)).toEqual([[w.p.leader.openId], [w.p.agent2.openId, w.p.leader.openId]]);
    await w.advance(2 * MIN);
    expect(calls('phone')).toHaveLength(3);
    await w.advance(2 * MIN);
    expect(told('仍无人认领')).toHaveLength(1);
    await w.advance(60 * MIN);
    expect(calls('phone')).toHaveLength(3);
  });
});

/**
 * Feishu's own refusals: DingTalk's DING has no group setting that forbids buzzing, no "not the
 * bot's message" (a DING is its own message) and no unread-buzz limit, so these exist on Feishu only.
 */
describe('store anomaly escalation: Feishu refusals of urgent_phone', () => {
  const { s, start, calls, told } = escalationWorlds('feishu');
  let w: World;
  const started = async () => {
    const id = await start();
    w = s.w;
    return id;
  };

  it('230052 group does not allow buzzing: tells the supervisors how to change the group setting', async () => {
    await started();
    w.feishu.emulator.updateChat(w.chat.chatId, { membersMayBuzz: false });
    await w.advance(5 * MIN);
    expect(calls('phone')).toHaveLength(1);
    expect(calls('phone')[0]!.result).toMatchObject({ code: 230052 });
    const [notice] = told('无法在本群加急');
    expect(notice).toContain('所有群成员可以加急');
    expect(notice).toContain(`<at user_id="${w.p.boss.openId}">`);
    // The escalation keeps trying (the owner may fix it any minute), without repeating the notice.
    await w.advance(5 * MIN);
    expect(calls('phone')).toHaveLength(2);
    expect(told('无法在本群加急')).toHaveLength(1);
  });

  it('230012 not the bot’s message: says so to the supervisors', async () => {
    await started();
    w.feishu.emulator.failNext({ path: 'urgent_phone', code: 230012 });
    await w.advance(5 * MIN);
    expect(calls('phone')).toHaveLength(0); // refused before the model saw it
    expect(w.feishu.emulator.calls({ path: 'urgent_phone' })).toHaveLength(1);
    expect(told('230012')).toHaveLength(1);
  });

  it('230023 too many unread buzzes: goes on with the next person at once', async () => {
    await started();
    w.feishu.emulator.failNext({ path: 'urgent_phone', code: 230023 });
    await w.advance(5 * MIN);
    expect(w.feishu.emulator.calls({ path: 'urgent_phone' })).toHaveLength(2);
    expect(calls('phone').map((c) => c.callees)).toEqual([[w.p.agent2.openId, w.p.leader.openId]]);
    expect(told('未读加急太多')).toHaveLength(1);
  });
});
