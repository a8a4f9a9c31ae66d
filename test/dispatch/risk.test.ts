import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { teamOf } from '../../src/core/teams';
import { query } from '../../src/db/client';
import { riskDigest } from '../../src/features/risk/digest';
import { seedRiskDemo } from '../../src/features/risk/sandbox';
import { ingestOrders, type OrderInput } from '../../src/features/risk/ingest';
import { PLATFORMS } from '../helpers/bot';
import type { TestDatabase } from '../helpers/db';
import { memberRow, MIN, openWorld, type World } from '../helpers/anomaly-world';

const HOUR = 60 * MIN;

/** Risk-order warnings through handleEvent, card buttons, timers, the outbox and the fake Feishu server. */
describe.each(PLATFORMS)(
  'risk-order warnings: rules, the card for senior agents, 认领, unclaimed → leaders, outcomes (%s)',
  (platform) => {
    let db: TestDatabase;
    let w: World;
    let storeId: number;
    beforeAll(async () => {
      ({ db, w } = await openWorld(platform));
      storeId = (await query<{ id: number }>(db.db, sql`select id from stores where name = '天猫旗舰店'`))[0]!.id;
      await w.say(w.p.boss, '/role @小王 客服 资深', [w.p.agent]);
    });
    afterAll(() => w.close());
    beforeEach(async () => {
      await db.db.execute(sql`update timers set cancelled_at = now() where done_at is null and cancelled_at is null`);
    });

    const report = async (orders: Partial<OrderInput>[]) => {
      const team = await teamOf(w.deps.db, w.teamId);
      const now = w.clock.now();
      const full = orders.map((o) => ({ storeId, storeName: '天猫旗舰店', orderId: 'X', ...o }));
      const r = await w.deps.db.transaction((tx) => ingestOrders({ ...w.deps, db: tx }, team, full, now));
      await w.pump();
      return r;
    };
    type Row = {
      id: number;
      status: string;
      reasons: string[];
      outcome: string | null;
      claimed_by: string | null;
      complaint_id: number | null;
      closed_at: Date | null;
      events: { kind: string }[];
    };
    const row = async (orderId: string) =>
      (
        await query<Row>(
          db.db,
          sql`select id, status, reasons, outcome, claimed_by, complaint_id, closed_at, events from risk_orders where order_id = ${orderId}`,
        )
      )[0]!;
    /** The warning's card as the group sees it now (its text on either platform). */
    const cardMessage = async (id: number) => {
      const rows = await query<{ result_message_id: string }>(
        db.db,
        sql`select result_message_id from outbox where ref = ${`risk:${id}:card`} and kind = 'send' and status = 'sent'`,
      );
      expect(rows).toHaveLength(1);
      return w.messageById(rows[0]!.result_message_id)!;
    };
    const cardOf = async (id: number) => (await cardMessage(id)).text;
    const buzzes = () => w.buzzes('app');

    it('/role @x 客服 资深 marks a senior agent (once); only supervisors may; /role shows it', async () => {
      expect((await memberRow(w.deps, w.teamId, w.p.agent.openId))!.attributes).toEqual(['senior']);
      const [again] = await w.say(w.p.boss, '/role @小王 客服 资深', [w.p.agent]);
      expect(again).toContain('已经是资深客服');
      const [refused] = await w.say(w.p.leader, '/role @小李 客服 资深', [w.p.agent2]);
      expect(refused).toContain('需要主管');
      const [bad] = await w.say(w.p.boss, '/role @小李 客服 大神', [w.p.agent2]);
      expect(bad).toContain('资深 或 普通');
      expect((await memberRow(w.deps, w.teamId, w.p.agent2.openId))!.attributes).toEqual([]);
      expect(JSON.stringify(await w.say(w.p.boss, '/role'))).toContain('（资深）');
    });

    it('a risky order gets one card naming why and asking the senior agents; a plain one gets none', async () => {
      const r = await report([
        { orderId: 'R-1', amount: 2599, region: '新疆维吾尔自治区', logisticsAt: w.clock.now() },
        { orderId: 'P-1', amount: 99, region: '浙江省', logisticsAt: w.clock.now() },
      ]);
      expect(r).toMatchObject({ inserted: 2, warned: 1 });
      const o = await row('R-1');
      expect(o.reasons).toEqual(['region', 'amount']);
      const message = await cardMessage(o.id);
      const card = message.text;
      for (const s of [
        '风险订单 #',
        'R-1',
        '收货地区 新疆维吾尔自治区 在风险名单',
        '金额 ¥2599 ≥ ¥2000',
        '请资深客服认领',
      ])
        expect(card).toContain(s);
      expect(message.mentioned).toContain(w.p.agent.openId);
      expect(message.buttons.map((b) => b.action)).toEqual(expect.arrayContaining(['risk.claim', 'risk.outcome']));
      expect((await row('P-1')).reasons).toEqual([]);
      // The same report again sends nothing more.
      expect(await report([{ orderId: 'R-1', amount: 2599 }])).toMatchObject({ inserted: 0, warned: 0 });
    });

    it('认领: a plain agent may not; the senior claims once (a double click acts once); no leader is told', async () => {
      await report([{ orderId: 'R-2', amount: 5000 }]);
      const o = await row('R-2');
      const no = await w.press(w.p.agent2, { action: 'risk.claim', id: o.id });
      expect(no?.toast?.content).toContain('资深客服、组长或主管');
      const yes = await w.press(w.p.agent, { action: 'risk.claim', id: o.id });
      expect(yes?.toast?.type).toBe('success');
      const dbl = await w.press(w.p.agent, { action: 'risk.claim', id: o.id });
      // On DingTalk a double press is one event while the card is unchanged (its callback names no
      // press), a new one once it changed: either way it acts once (the events, below).
      if (platform === 'feishu') expect(dbl?.toast?.content).toContain('已由 小王 认领');
      else expect(['ok', 'ignored']).toContain(w.lastOutcome);
      const after = await row('R-2');
      expect(after).toMatchObject({ status: 'claimed', claimed_by: w.p.agent.openId });
      expect(after.events.filter((e) => e.kind === 'claimed')).toHaveLength(1);
      const before = buzzes().length;
      await w.advance(31 * MIN);
      expect(buzzes().length).toBe(before);
      expect(await cardOf(o.id)).toContain('小王 已认领');
      // 先行联系 keeps it open; 已解决 closes it; pressing it again records nothing more.
      await w.press(w.p.agent, { action: 'risk.outcome', id: o.id, outcome: 'contacted' });
      expect(await row('R-2')).toMatchObject({ outcome: 'contacted', closed_at: null });
      await w.press(w.p.agent, { action: 'risk.outcome', id: o.id, outcome: 'resolved' });
      const again = await w.press(w.p.agent, { action: 'risk.outcome', id: o.id, outcome: 'resolved' });
      if (platform === 'feishu') expect(again?.toast?.content).toContain('已经记录过');
      else expect(['ok', 'ignored']).toContain(w.lastOutcome);
      const done = await row('R-2');
      expect(done.outcome).toBe('resolved');
      expect(done.closed_at).not.toBeNull();
      expect(done.events.filter((e) => e.kind === 'outcome')).toHaveLength(2);
      expect(await cardOf(o.id)).toContain('处理结果');
    });

    it('unclaimed after 30 minutes the leaders are buzzed on the card; 转投诉 opens one complaint and stops it', async () => {
      await report([{ orderId: 'R-3', buyerRefunds: 6, amount: 300 }]);
      const o = await row('R-3');
      const before = buzzes().length;
      await w.advance(29 * MIN);
      expect(buzzes().length).toBe(before);
      await w.advance(2 * MIN);
      expect(buzzes().length).toBe(before + 1);
      expect(buzzes().at(-1)!.callees).toEqual([w.p.leader.openId]);
      const count = async () =>
        Number((await query<{ n: number }>(db.db, sql`select count(*)::int as n from complaints`))[0]!.n);
      const complaints = await count();
      const r = await w.press(w.p.leader, { action: 'risk.outcome', id: o.id, outcome: 'complaint' });
      expect(r?.toast?.content).toMatch(/已转为客诉 #\d+/);
      await w.press(w.p.leader, { action: 'risk.outcome', id: o.id, outcome: 'complaint' });
      expect(await count()).toBe(complaints + 1);
      const done = await row('R-3');
      expect(done).toMatchObject({ outcome: 'complaint', status: 'resolved', claimed_by: w.p.leader.openId });
      const [c] = await query<{ order_id: string; wants: string; amount: number }>(
        db.db,
        sql`select order_id, wants, amount from complaints where id = ${done.complaint_id}`,
      );
      expect(c).toMatchObject({ order_id: 'R-3', amount: 300 });
      expect(c!.wants).toContain('买家已退款 6 次');
      expect(await cardOf(o.id)).toContain(`已转为客诉 #${done.complaint_id}`);
      // Nothing more for the leaders (the complaint's own SLA buzzes the supervisors later, on its card).
      const toLeader = () => buzzes().filter((b) => b.callees.includes(w.p.leader.openId)).length;
      const leaderBuzzes = toLeader();
      await w.advance(61 * MIN);
      expect(toLeader()).toBe(leaderBuzzes);
    });

    it('logistics that go stale with no new report raise the warning at 48 h (a timer)', async () => {
      await report([{ orderId: 'S-1', amount: 50, logisticsAt: new Date(w.clock.now().getTime() - 47 * HOUR) }]);
      expect((await row('S-1')).reasons).toEqual([]);
      await w.advance(HOUR + MIN);
      const o = await row('S-1');
      expect(o.reasons).toEqual(['stale']);
      expect(await cardOf(o.id)).toContain('物流超 48 小时未更新');
      // Delivered before it went stale: nothing.
      await report([{ orderId: 'S-2', amount: 50, logisticsAt: w.clock.now() }]);
      await report([{ orderId: 'S-2', delivered: true }]);
      await w.advance(49 * HOUR);
      expect((await row('S-2')).reasons).toEqual([]);
    });

    it('/risk lists the open ones; /risk rules shows and (leaders, supervisors) changes the rules', async () => {
      const [list] = await w.say(w.p.agent, '/risk');
      expect(list).toContain('未处理的风险订单');
      expect(list).toContain('R-1');
      expect(list).not.toContain('R-2');
      const [rules] = await w.say(w.p.agent, '/risk rules');
      for (const s of ['物流未更新 ≥ 48 小时', '新疆、西藏', '¥2000', '3 次']) expect(rules).toContain(s);
      const [no] = await w.say(w.p.agent, '/risk rules amount=500');
      expect(no).toContain('需要组长或主管');
      const [bad] = await w.say(w.p.leader, '/risk rules amount=很多');
      expect(bad).toContain('不对');
      const [unknown] = await w.say(w.p.leader, '/risk rules 颜色=红');
      expect(unknown).toContain('看不懂');
      const [ok] = await w.say(w.p.leader, '/risk rules amount=500 地区=青海 refunds=off');
      expect(ok).toContain('已更新');
      expect(ok).toContain('青海');
      expect(ok).toContain('买家退款 ≥ 不检查');
      await report([{ orderId: 'R-4', amount: 600 }]);
      expect((await row('R-4')).reasons).toEqual(['amount']);
    });

    it('the daily digest counts warnings by reason and their outcomes; the sandbox seeds risky demo orders once', async () => {
      const team = await teamOf(w.deps.db, w.teamId);
      const now = w.clock.now();
      const section = await riskDigest.build(w.deps, team, {
        from: new Date(now.getTime() - 7 * 86_400_000),
        to: now,
        now,
        kind: 'weekly',
      });
      const text = JSON.stringify(section);
      expect(text).toMatch(/新增风险订单 \d+ 个/);
      expect(text).toContain('已解决 1');
      expect(text).toContain('转投诉 1');
      await w.say(w.p.leader, '/risk rules amount=2000 regions=新疆,西藏 refunds=3');
      await seedRiskDemo(w.deps, team, w.clock.now());
      await w.pump();
      const warned = async () =>
        await query<{ order_id: string; reasons: string[] }>(
          db.db,
          sql`select order_id, reasons from risk_orders where order_id like 'DEMO-%' and warned_at is not null order by order_id`,
        );
      expect((await warned()).map((r) => r.reasons)).toEqual([['stale'], ['region'], ['amount'], ['refunds']]);
      await seedRiskDemo(w.deps, team, w.clock.now());
      expect(await warned()).toHaveLength(4);
    });
  },
);
