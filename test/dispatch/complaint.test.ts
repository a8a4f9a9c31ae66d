import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { teamOf } from '../../src/core/teams';
import { query } from '../../src/db/client';
import { complaintDigest } from '../../src/features/complaint/digest';
import { seedComplaintDemo } from '../../src/features/complaint/sandbox';
import { loadPrefillData } from '../../src/features/inspection/data';
import { prefillItem } from '../../src/features/inspection/prefill';
import type { TestDatabase } from '../helpers/db';
import { MIN, openWorld, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

const ORDER = '4012345678901234567';

/** /complaint through handleEvent, card buttons, the outbox and the fake Feishu server: one world for the file. */
describe.each(PLATFORMS)(
  '/complaint: the six steps, the risk line, tiers within authority, SLA timers, closure (%s)',
  (platform) => {
    let db: TestDatabase;
    let w: World;
    beforeAll(async () => {
      ({ db, w } = await openWorld(platform));
    });
    afterAll(() => w.close());
    beforeEach(async () => {
      // Each test starts with no pending future actions of earlier tests (their SLA timers).
      await db.db.execute(sql`update timers set cancelled_at = now() where done_at is null and cancelled_at is null`);
    });

    type Row = {
      id: number;
      amount: number | null;
      category: string;
      offers: { tier: number; amount: number; needs?: string; approvedBy?: string; answer?: string }[];
      done: Record<string, string>;
      breaches: string[];
      closed_at: Date | null;
      status: string;
      approvals: Record<string, unknown>;
      events: { kind: string }[];
    };
    const latest = async () =>
      (
        await query<Row>(
          db.db,
          sql`select id, amount, category, offers, done, breaches, closed_at, status, approvals, events from complaints order by id desc limit 1`,
        )
      )[0]!;
    const byId = async (id: number) =>
      (
        await query<Row>(
          db.db,
          sql`select id, amount, category, offers, done, breaches, closed_at, status, approvals, events from complaints where id = ${id}`,
        )
      )[0]!;
    const count = async () =>
      Number((await query<{ n: number }>(db.db, sql`select count(*)::int as n from complaints`))[0]!.n);
    /** The complaint card as the group sees it now (the one message, patched in place). */
    const cardOf = async (id: number) => {
      const rows = await query<{ result_message_id: string }>(
        db.db,
        sql`select result_message_id from outbox where ref = ${`complaint:${id}:card`} and kind = 'send' and status = 'sent'`,
      );
      expect(rows).toHaveLength(1);
      return w.messageById(rows[0]!.result_message_id)!.text;
    };
    const open = async (tail: string) => {
      await w.say(w.p.agent, `/complaint new 天猫旗舰店 ${ORDER} ${tail}`);
      return latest();
    };

    it('opens one card with the six steps; within the risk line it says 可直接处理', async () => {
      const out = await w.say(
        w.p.agent,
        `/complaint new 天猫旗舰店 ${ORDER} 杯子破损要求退款 amount=25元 category=质量`,
      );
      expect(out).toHaveLength(1);
      for (const s of [
        '客诉 #',
        '天猫旗舰店',
        '质量问题',
        '① 定位问题',
        '② 确定责任',
        '③ 风险预估',
        '④ 补偿方案',
        '⑤ 客户沟通',
        '⑥ 闭环改进',
        '可直接处理',
      ])
        expect(out[0]).toContain(s);
      expect(out[0]).toContain('提出第 1 档');
      const c = await latest();
      expect(c).toMatchObject({ amount: 25, category: 'quality', offers: [], closed_at: null });
    });

    it('step 1 is fields on the card: the form saves 经过/真实诉求/处理进度 with who and when, once; the command too', async () => {
      const c = await open('鞋子开胶要求换货 amount=20 category=质量');
      const form = { story: '穿了三天鞋底开胶', need: '换一双新的，不要退款', progress: '' };
      const saved = await w.press(w.p.agent, { action: 'complaint.facts', id: c.id }, form);
      expect(saved?.toast?.content).toBe(`已更新客诉 #${c.id} 的经过、真实诉求。`);
      const twice = await w.press(w.p.agent2, { action: 'complaint.facts', id: c.id }, form);
      expect(twice?.toast?.content).toBe(`客诉 #${c.id} 的定位没有变化。`);
      type Facts = {
        facts: Record<string, { text: string; by: string }>;
        events: { kind: string; fields?: string[] }[];
      };
      const row = async () =>
        (await query<Facts>(db.db, sql`select facts, events from complaints where id = ${c.id}`))[0]!;
      expect((await row()).facts).toMatchObject({
        story: { text: '穿了三天鞋底开胶', by: w.p.agent.openId },
        need: { text: '换一双新的，不要退款', by: w.p.agent.openId },
      });
      expect((await row()).facts.progress).toBeUndefined();
      let card = await cardOf(c.id);
      for (const s of [
        '经过',
        '穿了三天鞋底开胶（小王',
        '真实诉求',
        '处理进度',
        '（未填写）',
        '保存定位',
        'complaint.facts',
      ])
        expect(card).toContain(s);
      // The command changes only what it names; values run to the next key and may hold spaces.
      const [reply] = await w.say(
        w.p.leader,
        `/complaint ${c.id} facts 进度=已看聊天记录 上一位客服答应补偿 诉求=换货`,
      );
      expect(reply).toBe(`已更新客诉 #${c.id} 的真实诉求、处理进度。`);
      const f = (await row()).facts;
      expect(f.story!.by).toBe(w.p.agent.openId);
      expect(f.need).toMatchObject({ text: '换货', by: w.p.leader.openId });
      expect(f.progress!.text).toBe('已看聊天记录 上一位客服答应补偿');
      card = await cardOf(c.id);
      expect(card).toContain('已看聊天记录 上一位客服答应补偿（李组长');
      expect((await row()).events.filter((e) => e.kind === 'facts').map((e) => e.fields)).toEqual([
        ['story', 'need'],
        ['need', 'progress'],
      ]);
      // Bad input: the usage, nothing changed.
      for (const bad of [`/complaint ${c.id} facts`, `/complaint ${c.id} facts 随便写写`]) {
        const [r] = await w.say(w.p.agent, bad);
        expect(r).toContain('facts 经过=… 诉求=… 进度=…');
        expect(r).toContain('/complaint <编号>');
      }
      const long = await w.press(
        w.p.agent,
        { action: 'complaint.facts', id: c.id },
        { ...form, story: '长'.repeat(501) },
      );
      expect(long?.toast?.content).toBe('最多 500 个字。');
      expect((await row()).events.filter((e) => e.kind === 'facts')).toHaveLength(2);
      // Step 2: the responsibility button takes the note typed in the card's input.
      expect(card).toContain('判定依据');
      const resp = await w.press(
        w.p.agent,
        { action: 'complaint.resp', id: c.id, r: 'product' },
        { note: '同批次多起开胶' },
      );
      expect(resp?.toast?.type).toBe('success');
      const r2 = (
        await query<{ responsibility: string; responsibility_note: string }>(
          db.db,
          sql`select responsibility, responsibility_note from complaints where id = ${c.id}`,
        )
      )[0]!;
      expect(r2).toEqual({ responsibility: 'product', responsibility_note: '同批次多起开胶' });
      expect(await cardOf(c.id)).toContain('同批次多起开胶');
      // The ruling can change later, from the same card.
      expect(await cardOf(c.id)).toContain('判定有变');
      await w.press(
        w.p.leader,
        { action: 'complaint.resp', id: c.id, r: 'logistics' },
        { note: '平台判定为快递暴力运输' },
      );
      const r3 = await query<{ responsibility: string }>(
        db.db,
        sql`select responsibility from complaints where id = ${c.id}`,
      );
      expect(r3[0]!.responsibility).toBe('logistics');
      expect(await cardOf(c.id)).toContain('平台判定为快递暴力运输');
    });

    it('the same event (or the sandbox’s demo) twice opens one complaint', async () => {
      const team = await teamOf(w.deps.db, w.teamId);
      const before = await count();
      await seedComplaintDemo(w.deps, team, w.clock.now());
      await seedComplaintDemo(w.deps, team, w.clock.now());
      await w.pump();
      expect(await count()).toBe(before + 1);
      const demo = await latest();
      expect(await cardOf(demo.id)).toContain('顾客发来破损照片');
    });

    it('bad input: a clear message with the usage line and an example, nothing opened', async () => {
      const before = await count();
      for (const [tail, says] of [
        ['退款 amount=三四十', '不确定'],
        ['退款 amount=20-30', '不确定'],
        ['退款 amount=abc', '看不懂金额「abc」'],
        ['退款 category=天气', '没有客诉类别「天气」'],
        ['', '顾客诉求'],
      ] as const) {
        const [reply] = await w.say(w.p.agent, `/complaint new 天猫旗舰店 ${ORDER} ${tail}`);
        expect(reply).toContain(says);
        expect(reply).toContain('/complaint new');
      }
      const [unknown] = await w.say(w.p.agent, `/complaint new 拼多多 ${ORDER} 退款`);
      expect(unknown).toContain('拼多多');
      expect(await count()).toBe(before);
      // An order id not like the platform's: warned on the card, recorded anyway.
      const [card] = await w.say(w.p.agent, '/complaint new 天猫旗舰店 ABC123 退款 amount=三十元');
      expect(card).toContain('不像tmall的订单号');
      expect(await count()).toBe(before + 1);
      expect((await latest()).amount).toBe(30);
    });

    it('/complaint new alone answers with a form; its submit checks like the command and opens one complaint per form', async () => {
      const [form] = await w.say(w.p.agent, '/complaint new');
      for (const s of ['登记严重客诉', '天猫旗舰店', 'complaint.new', '顾客诉求', '订单号']) expect(form).toContain(s);
      // Every submit below is a press of this one form card (once answered it has no button left, and
      // a DingTalk press the world could not match to a card would land on the newest card instead).
      const formCard = w
        .groupMessages()
        .filter((m) => m.buttons.some((b) => b.action === 'complaint.new'))
        .at(-1)!;
      const on = { messageId: formCard.messageId };
      const before = await count();
      const base = { store: '天猫旗舰店', order: ORDER, wants: '', amount: '', category: '' };
      for (const [patch, says] of [
        [{}, '顾客诉求'],
        [{ wants: '退款', amount: '三四十' }, '不确定'],
        [{ wants: '退款', category: '天气' }, '没有客诉类别「天气」'],
        [{ wants: '退款', store: '拼多多' }, '拼多多'],
        [{ wants: '退款', order: '' }, '订单号'],
      ] as const) {
        const bad = await w.press(w.p.agent, { action: 'complaint.new' }, { ...base, ...patch }, on);
        expect(bad?.toast?.type).toBe('warning');
        expect(bad?.toast?.content).toContain(says);
      }
      expect(await count()).toBe(before);
      const good = { ...base, wants: '收到破损要求退款', amount: '¥30', category: '质量' };
      const opened = await w.press(w.p.agent, { action: 'complaint.new' }, good, on);
      const c = await latest();
      expect(opened?.toast?.content).toContain(`已登记客诉 #${c.id}`);
      expect(c).toMatchObject({ amount: 30, category: 'quality' });
      expect(await cardOf(c.id)).toContain('收到破损要求退款');
      // A second submit of the same form (a double click, or someone else) opens nothing more.
      const again = await w.press(w.p.agent2, { action: 'complaint.new' }, good, on);
      expect(again?.toast?.content).toContain(`已登记为客诉 #${c.id}`);
      expect(await count()).toBe(before + 1);
    });

    it('tiers one at a time within authority; above it the right role approves on the card; double clicks act once', async () => {
      const c = await open('少发一件 amount=25 category=错发');
      const first = await w.press(w.p.agent, { action: 'complaint.offer', id: c.id, tier: 1 });
      expect(first?.toast?.content).toContain('已提出第 1 档');
      const again = await w.press(w.p.agent2, { action: 'complaint.offer', id: c.id, tier: 1 });
      expect(again?.toast?.content).toContain('已经提出过');
      // Out of order: the next tier before the customer answered.
      const [wait] = await w.say(w.p.agent, `/complaint ${c.id} offer 2`);
      expect(wait).toContain('先记录顾客对第 1 档的答复');
      const [skip] = await w.say(w.p.agent, `/complaint ${c.id} offer 3`);
      expect(skip).toContain('先记录顾客');
      expect((await byId(c.id)).offers).toHaveLength(1);
      await w.press(w.p.agent, { action: 'complaint.answer', id: c.id, tier: 1, a: 'declined' });
      // The second press by someone else: on DingTalk the same person's is one event while the card is unchanged.
      const twice = await w.press(w.p.agent2, { action: 'complaint.answer', id: c.id, tier: 1, a: 'declined' });
      expect(twice?.toast?.content).toContain('已记录为拒绝');
      const [order] = await w.say(w.p.agent, `/complaint ${c.id} offer 3`);
      expect(order).toContain('下一档是第 2 档');
      // Tier 2 (¥30) is above an agent's ¥10: a leader is asked.
      const two = await w.press(w.p.agent, { action: 'complaint.offer', id: c.id, tier: 2 });
      expect(two?.toast?.content).toContain('超出你的权限（¥10），已请组长在卡片上批准');
      expect(await cardOf(c.id)).toContain('批准第 2 档（¥30）');
      const noAuth = await w.press(w.p.agent2, { action: 'complaint.approveOffer', id: c.id, tier: 2 });
      expect(noAuth?.toast?.content).toBe('你的权限（¥10）不够批准 ¥30，需要组长。');
      expect((await byId(c.id)).offers[1]!.approvedBy).toBeUndefined();
      const ok = await w.press(w.p.leader, { action: 'complaint.approveOffer', id: c.id, tier: 2 });
      expect(ok?.toast?.content).toBe(`已批准客诉 #${c.id} 第 2 档。`);
      const dbl = await w.press(w.p.boss, { action: 'complaint.approveOffer', id: c.id, tier: 2 });
      expect(dbl?.toast?.content).toContain('已由 李组长 批准');
      await w.press(w.p.agent, { action: 'complaint.answer', id: c.id, tier: 2, a: 'accepted' });
      const after = await byId(c.id);
      expect(after.offers.map((o) => [o.tier, o.answer])).toEqual([
        [1, 'declined'],
        [2, 'accepted'],
      ]);
      expect(after.events.filter((e) => e.kind === 'offer_approved')).toHaveLength(1);
      expect(after.done.settle).toBeDefined();
      expect(await cardOf(c.id)).toContain('顾客接受');
    });

    it('above the risk line: no offer before the supervisor and operations approve (only they can)', async () => {
      const c = await open('要求赔偿并威胁曝光 amount=300 category=质量');
      expect(await cardOf(c.id)).toContain('超过风险线 ¥30');
      // Each refused press is somebody else's: on DingTalk a person's same press on the same card is one
      // event (its callback names no press), so the same person could not press it again once allowed.
      const early = await w.press(w.p.agent2, { action: 'complaint.offer', id: c.id, tier: 1 });
      expect(early?.toast?.content).toContain('主管和运营批准后才能提出补偿');
      const leader = await w.press(w.p.leader, { action: 'complaint.approveRisk', id: c.id, role: 'supervisor' });
      expect(leader?.toast?.content).toContain('只有主管或运营可以批准');
      await w.press(w.p.boss, { action: 'complaint.approveRisk', id: c.id, role: 'supervisor' });
      const again = await w.press(w.p.boss2, { action: 'complaint.approveRisk', id: c.id, role: 'supervisor' });
      expect(again?.toast?.content).toContain('已由 王主管 给出');
      expect((await w.press(w.p.leader, { action: 'complaint.offer', id: c.id, tier: 1 }))?.toast?.content).toContain(
        '主管和运营批准后',
      );
      await w.press(w.p.ops, { action: 'complaint.approveRisk', id: c.id, role: 'ops' });
      expect(Object.keys((await byId(c.id)).approvals).sort()).toEqual(['ops', 'supervisor']);
      expect((await w.press(w.p.agent, { action: 'complaint.offer', id: c.id, tier: 1 }))?.toast?.content).toContain(
        '已提出第 1 档',
      );
      // A crisis flag suggests the opinion playbook.
      await w.say(w.p.agent, `/complaint ${c.id} crisis`);
      expect(await cardOf(c.id)).toContain('/incident opinion');
    });

    it('SLA: the owner is reminded at 75%, a breach goes to the escalation engine (in-app buzz to supervisors); 我来跟进 stops it', async () => {
      const c = await open('物流显示签收但没收到 amount=20 category=物流');
      const texts = () => w.groupTexts().filter((t) => t.includes(`客诉 #${c.id}（`));
      await w.advance(44 * MIN);
      expect(texts()).toHaveLength(0);
      await w.advance(1 * MIN);
      expect(texts().at(-1)).toContain('响应时限');
      expect(texts().at(-1)).toContain('还剩 15分钟');
      const buzzes = () => w.buzzes('app');
      const before = buzzes().length;
      await w.advance(15 * MIN);
      expect(texts().at(-1)).toContain('已超过响应时限');
      expect((await byId(c.id)).breaches).toEqual(['respond']);
      expect(buzzes().length).toBe(before + 1);
      expect(buzzes().at(-1)!.callees.sort()).toEqual([w.p.boss.openId, w.p.boss2.openId].sort());
      // /policy lists the subject with its default.
      expect(JSON.stringify(await w.say(w.p.boss, '/policy'))).toContain('客诉超时');
      const ack = await w.press(w.p.boss, { action: 'complaint.ack', id: c.id });
      expect(ack?.toast?.content).toContain('升级停止');
      const dbl = await w.press(w.p.boss2, { action: 'complaint.ack', id: c.id });
      expect(dbl?.toast?.content).toContain('已由 王主管 跟进');
      await w.advance(30 * MIN);
      expect(buzzes().length).toBe(before + 1);
      expect(await cardOf(c.id)).toContain('已超时并升级主管');

      // The next stage's breach, after the first escalation was taken: the supervisors are buzzed again.
      await w.advance(31 * MIN);
      expect((await byId(c.id)).breaches).toEqual(['respond', 'review']);
      expect(texts().at(-1)).toContain('已超过审核时限');
      expect(buzzes().length).toBe(before + 2);
      expect(buzzes().at(-1)!.callees.sort()).toEqual([w.p.boss.openId, w.p.boss2.openId].sort());
      expect(await cardOf(c.id)).toContain('我来跟进');
      // Only a supervisor or leader takes it; an agent's press changes nothing.
      const byAgent = await w.press(w.p.agent, { action: 'complaint.ack', id: c.id });
      expect(byAgent?.toast?.content).toContain('由主管或组长跟进');
      expect((await byId(c.id)).status).toBe('open');
      // The leader takes this one: 赵主管 pressed this card's 我来跟进 in the first escalation, and on
      // DingTalk a person's same press on the same card is one event, however much later it comes.
      const again = await w.press(w.p.leader, { action: 'complaint.ack', id: c.id });
      expect(again?.toast?.content).toContain('升级停止');
      expect((await byId(c.id)).status).toBe('claimed');
      await w.advance(30 * MIN);
      expect(buzzes().length).toBe(before + 2);
    });

    it('pausing while waiting for the customer moves the deadlines on', async () => {
      const c = await open('等顾客补发照片 category=质量');
      // Pausing is someone acting on it: "respond" is done; "review" (2 h) waits for the pause.
      await w.say(w.p.agent, `/complaint ${c.id} pause`);
      await w.advance(150 * MIN);
      expect((await byId(c.id)).breaches).toEqual([]);
      const [r] = await w.say(w.p.agent, `/complaint ${c.id} resume`);
      expect(r).toMatch(/暂停了 2小时30分(钟|\d+秒)/);
      await w.advance(119 * MIN);
      expect((await byId(c.id)).breaches).toEqual([]);
      await w.advance(2 * MIN);
      expect((await byId(c.id)).breaches).toEqual(['review']);
      expect((await byId(c.id)).events.filter((e) => e.kind === 'paused' || e.kind === 'resumed')).toHaveLength(2);
    });

    it('closing needs the root cause and prevention; a training follow-up is reminded daily until done', async () => {
      const c = await open('客服态度差 category=态度');
      await w.say(w.p.agent, `/complaint ${c.id} resp store 客服回复生硬`);
      for (const bad of [
        `/complaint ${c.id} close`,
        `/complaint ${c.id} close training 话术生硬`,
        `/complaint ${c.id} close 天气 下雨 ; 带伞`,
      ]) {
        const [reply] = await w.say(w.p.leader, bad);
        expect(reply).toMatch(/闭环需要根因|没有原因类别/);
        expect(reply).toContain('/complaint <编号>');
      }
      const [noOwner] = await w.say(w.p.leader, `/complaint ${c.id} close training 话术生硬 ; 每周抽检对话 training`);
      expect(noOwner).toContain('需要一位负责人');
      expect((await byId(c.id)).closed_at).toBeNull();
      const [done] = await w.say(
        w.p.leader,
        `/complaint ${c.id} close training 话术生硬 ; 每周抽检对话 training @李组长`,
        [w.p.leader],
      );
      expect(done).toBe(`客诉 #${c.id} 已闭环。`);
      expect((await w.say(w.p.leader, `/complaint ${c.id} close training 再关一次 ; x`))[0]).toContain('已经闭环');
      const card = await cardOf(c.id);
      for (const s of ['已闭环', '根因：培训 · 话术生硬', '预防：每周抽检对话', '跟进：培训'])
        expect(card).toContain(s);
      const reminders = () => w.groupTexts().filter((t) => t.includes(`客诉 #${c.id} 的跟进项（培训）还没完成`));
      await w.advance(24 * 60 * MIN);
      expect(reminders()).toHaveLength(1);
      await w.say(w.p.leader, `/complaint ${c.id} followup done`);
      await w.advance(24 * 60 * MIN);
      expect(reminders()).toHaveLength(1);
    });

    it('/complaint <id>, list [open], stats [7d], tiers: show and set', async () => {
      const c = await latest();
      expect((await w.say(w.p.agent, `/complaint ${c.id}`))[0]).toContain(`客诉 #${c.id}`);
      expect((await w.say(w.p.agent, '/complaint 99999'))[0]).toBe('本组没有客诉 #99999。');
      const [list] = await w.say(w.p.agent, '/complaint list');
      expect(list).toContain('客诉 ·');
      const [openList] = await w.say(w.p.agent, '/complaint list open');
      expect(openList).not.toContain(`#${c.id} `);
      const [stats] = await w.say(w.p.agent, '/complaint stats 7d');
      for (const s of ['客诉统计 · 近 7d', '按类别', '质量问题', '第 2 档 1 次 ¥30', '主要根因：培训 1'])
        expect(stats).toContain(s);
      expect((await w.say(w.p.agent, '/complaint stats forever'))[0]).toContain('7d');
      const [tiers] = await w.say(w.p.agent, '/complaint tiers');
      expect(tiers).toContain('客服 ≤ ¥10，组长 ≤ ¥50，主管 ≤ ¥200');
      expect((await w.say(w.p.agent, '/complaint tiers 物流 a=1;b=2;c'))[0]).toContain('只有主管或组长');
      const [set] = await w.say(w.p.leader, '/complaint tiers 物流 5元券=10;部分退款=30;补发或退款');
      expect(set).toContain('1. 5元券 2. 部分退款 3. 补发或退款');
      expect((await w.say(w.p.leader, '/complaint tiers 物流 一档=10'))[0]).toContain('3–6 档');
      expect((await w.say(w.p.leader, '/complaint tiers 物流 a券=30;b=10;c'))[0]).toContain('逐档递增');
      const [sla] = await w.say(w.p.leader, '/complaint sla 物流 30m 1h 2h');
      expect(sla).toContain('响应 30分钟');
      expect((await w.say(w.p.leader, '/complaint sla 物流 2h 1h 4h'))[0]).toContain('逐个不减');
      const [limits] = await w.say(w.p.boss, '/complaint limits agent=20 risk=¥50');
      expect(limits).toContain('客服 ≤ ¥20');
      expect(limits).toContain('风险线 ¥50');
      expect((await w.say(w.p.agent, '/complaint limits agent=100'))[0]).not.toContain('已更新');
      const fresh = await open('物流延误 amount=40 category=物流');
      expect(await cardOf(fresh.id)).toContain('可直接处理');
      await w.say(w.p.boss, '/complaint limits agent=10 risk=30');
    });

    it('the digest lists open complaints nearest their limit; the morning inspection counts complaints since yesterday', async () => {
      await open('今早的新客诉 amount=10 category=价格');
      const team = await teamOf(w.deps.db, w.teamId);
      const now = w.clock.now();
      const section = await complaintDigest.build(w.deps, team, {
        from: new Date(now.getTime() - 86_400_000),
        to: now,
        now,
        kind: 'daily',
      });
      const text = JSON.stringify(section);
      expect(text).toContain('天猫旗舰店');
      expect(text).toMatch(/昨日超时 \d+ 次|已超时|时限/);
      const weekly = await complaintDigest.build(w.deps, team, {
        from: new Date(now.getTime() - 7 * 86_400_000),
        to: now,
        now,
        kind: 'weekly',
      });
      expect(JSON.stringify(weekly)).toMatch(/本周客诉 \d+ 起，已闭环 \d+，超时 \d+ 次/);
      const d = await loadPrefillData(w.deps, team, now);
      expect(d.complaints!.length).toBeGreaterThan(0);
      const item = prefillItem({ name: '违规与客诉', source: 'violations' }, d, 'zh-CN');
      expect(item.lines.join('\n')).toContain('昨日以来严重客诉');
    });
  },
);
