import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import type { TestDatabase } from '../helpers/db';
import { MIN, openWorld, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

/** The flow a supervisor judges floorwalker by: report → T+5 phone → backup → supervisors ×3 → unreached. */
describe.each(PLATFORMS)('store anomaly escalation: the whole flow (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  beforeAll(async () => ({ db, w } = await openWorld(platform)));
  afterAll(() => w.close());

  it('phones the primary at T+5, then backup+primary, then every supervisor three times, then says unreached', async () => {
    const { p } = w;
    await w.say(p.boss, '/duty set @李组长 @小李', [p.leader, p.agent2]);
    const posted = await w.say(p.agent, '/anomaly 天猫旗舰店 优惠券叠加后价格变成 9.9');
    expect(posted).toHaveLength(1);
    const card = (await w.cardMessageOf(1))!;
    expect(card.mentioned).toContain(p.ops.openId);
    expect(card.title).toBe('店铺异常 #1 · 天猫旗舰店 · 优惠券');
    expect(card.text).toContain('亲，非常抱歉');
    expect(card.buttons).toContainEqual(expect.objectContaining({ action: 'anomaly.claim' }));

    await w.advance(5 * MIN - 1_000);
    expect(w.phoneCalls()).toHaveLength(0);
    await w.advance(1_000);
    expect(w.phoneCalls().map((c) => c.callees)).toEqual([[p.leader.openId]]);
    // The in-app buzz (Feishu urgent_app, DingTalk's app DING) comes with the first call.
    expect(w.buzzes('app')).toHaveLength(1);

    await w.advance(5 * MIN);
    expect(w.phoneCalls().map((c) => c.callees)).toEqual([[p.leader.openId], [p.agent2.openId, p.leader.openId]]);
    for (let round = 1; round <= 3; round++) {
      await w.advance(5 * MIN);
      expect(w.phoneCalls()).toHaveLength(2 + round);
      expect(w.phoneCalls().at(-1)!.callees.sort()).toEqual([p.boss.openId, p.boss2.openId].sort());
    }
    const before = w.groupTexts().length;
    await w.advance(5 * MIN);
    expect(w.phoneCalls()).toHaveLength(5);
    const told = w.groupTexts().slice(before);
    expect(told.some((t) => t.includes('仍无人认领'))).toBe(true);
    const red = (await w.cardMessageOf(1))!;
    expect(red.color).toBe('red');
    expect(red.subtitle).toBe('无人响应');

    // Nothing more, ever: no second pass of the escalation after an hour.
    await w.advance(60 * MIN);
    expect(w.phoneCalls()).toHaveLength(5);

    // Claimed late, then resolved with a note: the card ends as a timeline.
    const answer = await w.press(p.ops, { action: 'anomaly.claim', id: 1 });
    expect(answer?.toast?.type).toBe('success');
    expect(await w.say(p.ops, '/resolve 1 已改回 59 元')).toEqual([expect.stringContaining('#1 已解决')]);
    const card2 = (await w.cardMessageOf(1))!;
    const final = card2.text;
    expect(card2.color).toBe('green');
    expect(card2.buttons).not.toContainEqual(expect.objectContaining({ action: 'anomaly.claim' }));
    for (const line of [
      '10:02',
      '上报',
      '10:07 电话加急 李组长',
      '10:12 电话加急 小李、李组长',
      '张运营 认领',
      '解决「已改回 59 元」',
    ]) {
      expect(final).toContain(line);
    }
    const [row] = await query<{ status: string; report_count: number }>(
      db.db,
      sql`select status, report_count from anomalies where id = 1`,
    );
    expect(row).toMatchObject({ status: 'resolved', report_count: 1 });
  });
});
