/**
 * Emotion check-ins (#12) the whole way through handleEvent, the timers and the outbox to each
 * platform's emulator: private check-ins, the care card and its six steps, cover, close, the reminder,
 * the escalation "mood", prompts, history and forget, the digest section, and privacy — asserted
 * over every message the bot sent to any group.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app';
import type { CardActionAnswer } from '../../src/core/inbound';
import { teamOf } from '../../src/core/teams';
import { query } from '../../src/db/client';
import { members } from '../../src/db/schema';
import { moodDemo } from '../../src/features/mood/demo';
import { moodDigest } from '../../src/features/mood/digest';
import { LEVEL_TEXT } from '../../src/features/mood/texts';
import { MIN, openWorld, type Person, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';
import type { TestDatabase } from '../helpers/db';
import { eq } from 'drizzle-orm';

const HOUR = 60 * MIN;

describe.each(PLATFORMS)('/mood: private check-ins, care, cover, escalation and privacy (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  /** Everything anyone typed into /mood (levels, notes), to look for in the group afterwards. */
  const typedNotes: string[] = [];

  beforeAll(async () => {
    ({ db, w } = await openWorld(platform));
    await w.say(w.p.boss, '/store agents 天猫旗舰店 @小王', [w.p.agent]);
    await w.say(w.p.boss, '/store agents 京东自营店 @小李', [w.p.agent2]);
  });
  afterAll(() => w.close());
  beforeEach(async () => {
    // Each test starts with no care case or timer in flight from the one before.
    await db.db.execute(sql`update timers set cancelled_at = now() where done_at is null and cancelled_at is null`);
    await db.db.execute(sql`update mood_cares set status = 'resolved'`);
  });

  const dmChat = (p: Person) => w.privateChatId(p);
  /** What the bot sent into `p`'s private chat, oldest first. */
  const dms = (p: Person) => w.emulatorMessages(dmChat(p)).filter((m) => m.sender.type === 'bot');
  const dmTexts = (p: Person) => dms(p).map((m) => m.text);

  /** `from` types `text` in their private chat with the bot; returns what the bot said there after. */
  const sayPrivately = (from: Person, text: string) => w.sayPrivately(from, text);

  const pressPrivately: World['pressPrivately'] = (from, value, opts) => w.pressPrivately(from, value, opts);

  const latestCare = async () =>
    (
      await query<{
        id: number;
        status: string;
        repeated: number;
        recipients: string[];
        steps: Record<string, unknown>;
      }>(db.db, sql`select id, status, repeated, recipients, steps from mood_cares order by id desc limit 1`)
    )[0]!;
  const entryCount = async () =>
    (await query<{ n: number }>(db.db, sql`select count(*)::int as n from mood_entries`))[0]!.n;
  const appBuzzes = () => w.buzzes('app');

  it('/mood 2 <note> privately records it, answers privately, and sends the supervisors a care card', async () => {
    typedNotes.push('被客户骂了');
    const before = dmTexts(w.p.boss).length;
    const out = await sayPrivately(w.p.agent, '/mood 2 被客户骂了');
    expect(out.join()).toContain('已记录：2 受情绪影响，但能意识到');
    const care = await latestCare();
    expect(care.status).toBe('open');
    expect(care.recipients).toEqual([w.p.boss.openId, w.p.boss2.openId]);
    const card = dmTexts(w.p.boss).slice(before).join();
    for (const s of [
      '情绪关怀',
      '小王',
      '2 受情绪影响',
      '被客户骂了',
      '安排顶班',
      '确认情绪稳定后',
      '天猫旗舰店',
      '小李',
    ])
      expect(card).toContain(s);
    // The agent is not asked to cover for themself; the leader (no link set) got nothing.
    expect(card).not.toContain('请 小王 顶班');
    expect(dmTexts(w.p.leader).join()).not.toContain('情绪关怀');
  });

  it('/mood alone gives the card with the four levels; a press records once (a second press says so)', async () => {
    const [c] = await sayPrivately(w.p.agent2, '/mood');
    for (const n of [1, 2, 3, 4] as const) expect(c).toContain(LEVEL_TEXT[n]['zh-CN']);
    const n0 = await entryCount();
    const messageId = dms(w.p.agent2).at(-1)!.messageId;
    typedNotes.push('今天还行');
    const first = await pressPrivately(
      w.p.agent2,
      { action: 'mood.checkin', level: 3 },
      { messageId, formValue: { note: '今天还行' } },
    );
    expect(first?.toast?.content).toContain('3 能管理好自己的情绪');
    const again = await pressPrivately(w.p.agent2, { action: 'mood.checkin', level: 3 }, { messageId });
    expect(again?.toast?.content).toBe('这张卡片已经打过卡了。');
    expect(await entryCount()).toBe(n0 + 1);
  });

  it('bad input: /mood 5, /mood abc, a note over 500 characters — a clear message, nothing stored', async () => {
    const n0 = await entryCount();
    expect((await sayPrivately(w.p.agent, '/mood 5'))[0]).toContain('「5」不是 1–4 的等级');
    expect((await sayPrivately(w.p.agent, '/mood abc'))[0]).toContain('用法：/mood [1-4] [备注]');
    expect((await sayPrivately(w.p.agent, `/mood 3 ${'字'.repeat(501)}`))[0]).toContain('最多 500 个字');
    expect(await entryCount()).toBe(n0);
    // An agent may not set prompts for the team.
    const [no] = await w.say(w.p.agent, '/mood prompt 09:00');
    expect(no).toContain('/mood prompt');
    expect(await query(db.db, sql`select * from mood_settings`)).toEqual([]);
  });

  it('in a group, /mood answers only "已私信你" and continues privately; /mood team refuses there', async () => {
    typedNotes.push('家里有点事');
    const n0 = await entryCount();
    const before = dmTexts(w.p.agent2).length;
    expect(await w.say(w.p.agent2, '/mood 3 家里有点事')).toEqual(['已私信你']);
    expect(await entryCount()).toBe(n0 + 1);
    expect(dmTexts(w.p.agent2).slice(before).join()).toContain('已记录：3');
    expect(await w.say(w.p.agent2, '/mood 9 乱写')).toEqual(['已私信你']);
    expect(dmTexts(w.p.agent2).at(-1)).toContain('「9」不是');
    expect(await w.say(w.p.agent2, '/mood')).toEqual(['已私信你']);
    expect(await w.say(w.p.agent2, '/mood history')).toEqual(['已私信你']);
    const [team] = await w.say(w.p.boss, '/mood team 7d');
    expect(team).toContain('私聊');
    expect(team).not.toContain('小王');
  });

  it('the six steps tick with who and when; acknowledging stops the escalation; 已恢复上线 closes it', async () => {
    await sayPrivately(w.p.agent, '/mood 2 又被骂了');
    typedNotes.push('又被骂了');
    const care = await latestCare();
    const tick = await pressPrivately(w.p.boss, { action: 'mood.step', id: care.id, step: 3, checked: true });
    expect(JSON.stringify(tick?.card)).toMatch(/递上纸巾和温水（王主管 /);
    // Unticked, then ticked again: the second tick is the same button as the first (DingTalk's
    // callback names the card, not the press) but on the card as it has become, so it acts again.
    const untick = await pressPrivately(w.p.boss, { action: 'mood.step', id: care.id, step: 3, checked: false });
    expect(JSON.stringify(untick?.card)).not.toMatch(/递上纸巾和温水（王主管 /);
    const retick = await pressPrivately(w.p.boss, { action: 'mood.step', id: care.id, step: 3, checked: true });
    expect(JSON.stringify(retick?.card)).toMatch(/递上纸巾和温水（王主管 /);
    expect((await latestCare()).steps).toHaveProperty('3');
    expect((await latestCare()).status).toBe('claimed');
    // The tick acknowledged it: no buzz after 10 minutes.
    const buzzes = appBuzzes().length;
    await w.advance(15 * MIN);
    expect(appBuzzes().length).toBe(buzzes);
    // An agent cannot act on the card.
    const no = await pressPrivately(w.p.agent2, { action: 'mood.close', id: care.id });
    expect(no?.toast?.content).toContain('只有主管');
    const closed = await pressPrivately(w.p.boss2, { action: 'mood.close', id: care.id });
    expect(JSON.stringify(closed?.card)).toContain('赵主管');
    expect(JSON.stringify(closed?.card)).toContain('确认已恢复上线');
    expect((await latestCare()).status).toBe('resolved');
    // Closed before 30 minutes: no reminder.
    const dm = dmTexts(w.p.boss).length;
    await w.advance(30 * MIN);
    expect(dmTexts(w.p.boss).slice(dm).join()).not.toContain('还没有结束');
  });

  it('find cover: ask a colleague privately; their answer updates the care card', async () => {
    await sayPrivately(w.p.agent, '/mood 1 顾客威胁投诉');
    typedNotes.push('顾客威胁投诉');
    const care = await latestCare();
    const asked = await pressPrivately(w.p.boss, { action: 'mood.askCover', id: care.id, openId: w.p.agent2.openId });
    expect(JSON.stringify(asked?.card)).toContain('已询问');
    const ask = dmTexts(w.p.agent2).at(-1)!;
    expect(ask).toContain('顶班请求');
    expect(ask).toContain('天猫旗舰店');
    // The colleague learns nothing of the level or the note.
    expect(ask).not.toContain('顾客威胁投诉');
    expect(ask).not.toContain(LEVEL_TEXT[1]['zh-CN']);
    const answer = await pressPrivately(w.p.agent2, { action: 'mood.cover', id: care.id, answer: 'accepted' });
    expect(JSON.stringify(answer?.card)).toContain('接受');
    const [row] = await query<{ result_message_id: string }>(
      db.db,
      sql`select result_message_id from outbox where ref = ${`mood:${care.id}:card:${w.p.boss.openId}`} and status = 'sent'`,
    );
    expect(w.messageById(row!.result_message_id)?.text).toContain('已接受');
    // Someone not free (not an agent) cannot be asked.
    const bad = await pressPrivately(w.p.boss, { action: 'mood.askCover', id: care.id, openId: w.p.ops.openId });
    expect(bad?.toast?.type).toBe('warning');
  });

  it('no acknowledgement within 10 minutes buzzes the supervisors in-app; 30 minutes open, a private reminder', async () => {
    await sayPrivately(w.p.agent2, '/mood 2');
    const care = await latestCare();
    const buzzes = appBuzzes().length;
    await w.advance(9 * MIN);
    expect(appBuzzes().length).toBe(buzzes);
    await w.advance(1 * MIN);
    // Each supervisor is buzzed on their own private card, in their own chat.
    const fresh = appBuzzes().slice(buzzes);
    expect(fresh.map((c) => c.callees[0]).sort()).toEqual([w.p.boss.openId, w.p.boss2.openId].sort());
    // Feishu buzzes about a message: their own private card. (A DING is a message of its own.)
    if (platform === 'feishu')
      for (const c of fresh)
        expect(w.messageById(c.messageId)?.chatId).toBe(dmChat({ openId: c.callees[0]!, name: '' }));
    expect(fresh.every((c) => c.result === 'ok' && c.invalid.length === 0)).toBe(true);
    const [timeline] = await query<{ events: { kind: string; openIds: string[] }[] }>(
      db.db,
      sql`select events from mood_cares where id = ${care.id}`,
    );
    expect(
      timeline!.events
        .filter((x) => x.kind === 'buzz')
        .flatMap((x) => x.openIds)
        .sort(),
    ).toEqual([w.p.boss.openId, w.p.boss2.openId].sort());
    expect(w.buzzes('phone')).toHaveLength(0);
    await w.advance(20 * MIN);
    expect(dmTexts(w.p.boss).at(-1)).toContain(`情绪关怀 #${care.id}（小李）已开启 30`);
  });

  it('level 1 twice within 24 hours escalates at once', async () => {
    await sayPrivately(w.p.agent2, '/mood 1');
    await pressPrivately(w.p.boss, { action: 'mood.ack', id: (await latestCare()).id });
    await w.advance(2 * HOUR);
    const buzzes = appBuzzes().length;
    await sayPrivately(w.p.agent2, '/mood 1 还是很难受');
    typedNotes.push('还是很难受');
    expect((await latestCare()).repeated).toBe(1);
    expect(appBuzzes().length).toBe(buzzes + 2);
    expect(dmTexts(w.p.boss).join()).toContain('24 小时内再次 1 级');
  });

  it("the agent's leader gets the card once set with /mood leader", async () => {
    await w.say(w.p.boss, '/mood leader @李组长 @小王', [w.p.leader, w.p.agent]);
    await sayPrivately(w.p.agent, '/mood 2 排班太累');
    typedNotes.push('排班太累');
    expect((await latestCare()).recipients).toContain(w.p.leader.openId);
    expect(dmTexts(w.p.leader).at(-1)).toContain('排班太累');
    // The leader sees their own agent in /mood team, and not the others.
    const [view] = await sayPrivately(w.p.leader, '/mood team 7d');
    expect(view).toContain('小王');
    expect(view).not.toContain('小李');
    const [all] = await sayPrivately(w.p.boss, '/mood team');
    expect(all).toContain('小李');
  });

  it('prompts at the team times reach each agent privately once per slot; nobody is chased', async () => {
    const [set] = await w.say(w.p.boss, '/mood prompt 09:00,14:00');
    expect(set).toContain('09:00,14:00');
    expect((await w.say(w.p.boss, '/mood prompt 9点'))[0]).toContain('「9点」不是时间');
    const count = (p: Person) => dmTexts(p).filter((t) => t.includes('情绪打卡 · ')).length;
    const a0 = count(w.p.agent);
    const b0 = count(w.p.boss);
    // Hour by hour through one day, as the work loop would see it.
    for (let h = 0; h < 24; h++) await w.advance(HOUR);
    // One day: exactly two prompts, to agents only, whatever nobody answered.
    expect(count(w.p.agent)).toBe(a0 + 2);
    expect(count(w.p.agent2)).toBeGreaterThanOrEqual(2);
    expect(count(w.p.boss)).toBe(b0);
    const pending = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from timers where kind = 'mood.prompt' and done_at is null and cancelled_at is null`,
    );
    expect(pending[0]!.n).toBe(1);
    await w.say(w.p.boss, '/mood prompt off');
    for (let h = 0; h < 24; h++) await w.advance(HOUR);
    expect(count(w.p.agent)).toBe(a0 + 2);
  });

  it('the digest section: the aggregate only with 3 or more people, else 样本不足, and the open cases', async () => {
    const team = await teamOf(db.db, w.teamId);
    const now = w.clock.now();
    const to = new Date(now.getTime() + MIN);
    const build = (from: Date) => moodDigest.build(w.deps, team, { from, to, now });
    const text = async (from: Date) => JSON.stringify(await build(from));
    // The last day: nobody checked in → too few.
    expect(await text(new Date(now.getTime() - HOUR))).toContain('样本不足');
    await sayPrivately(w.p.agent, '/mood 4');
    await sayPrivately(w.p.agent2, '/mood 3');
    expect(await text(new Date(now.getTime() - HOUR))).toContain('样本不足');
    await sayPrivately(w.p.ops, '/mood 4');
    const shown = await text(new Date(now.getTime() - HOUR));
    expect(shown).toContain('3 人打卡 3 次');
    expect(shown).toContain('未结束的情绪关怀');
    expect(shown).not.toContain('小王');
  });

  it('/mood history shows only my own; /mood forget asks, then deletes mine only', async () => {
    const [history] = await sayPrivately(w.p.agent, '/mood history');
    expect(history).toContain('排班太累');
    expect(history).not.toContain('家里有点事');
    const [confirm] = await sayPrivately(w.p.agent, '/mood forget');
    expect(confirm).toContain('删除后无法恢复');
    const mine = async () =>
      (
        await query<{ n: number }>(
          db.db,
          sql`select count(*)::int as n from mood_entries e join members m on m.id = e.member_id where m.open_id = ${w.p.agent.openId}`,
        )
      )[0]!.n;
    expect(await mine()).toBeGreaterThan(0);
    const others = (await entryCount()) - (await mine());
    const done = await pressPrivately(w.p.agent, { action: 'mood.forget' });
    expect(done?.toast?.content).toMatch(/已删除你的 \d+ 条/);
    expect(await mine()).toBe(0);
    expect(await entryCount()).toBe(others);
  });

  it('the 90-day job deletes old entries; deleting a member removes their entries and cases', async () => {
    await sayPrivately(w.p.agent, '/mood 3');
    const job = w.deps.app.jobs.find((j) => j.name === 'mood-prune')!;
    w.clock.advance(91 * 24 * HOUR);
    await sayPrivately(w.p.agent2, '/mood 2 新的');
    const n = await entryCount();
    expect(await job.run(w.deps)).toMatch(/mood_entries=[1-9]/);
    expect(await entryCount()).toBe(1);
    expect(n).toBeGreaterThan(1);
    const cases = async () => (await query<{ n: number }>(db.db, sql`select count(*)::int as n from mood_cares`))[0]!.n;
    expect(await cases()).toBe(1);
    await db.db.delete(members).where(eq(members.openId, w.p.agent2.openId));
    expect(await entryCount()).toBe(0);
    expect(await cases()).toBe(0);
  });

  it('the sandbox demo data: 小王 at level 2 opens a care card for the supervisors, once however often it runs', async () => {
    const team = await teamOf(db.db, w.teamId);
    const cares = async () => (await query<{ n: number }>(db.db, sql`select count(*)::int as n from mood_cares`))[0]!.n;
    const before = await cares();
    await moodDemo(w.deps, team, w.clock.now());
    await moodDemo(w.deps, team, w.clock.now());
    await w.pump();
    expect(await cares()).toBe(before + 1);
    expect(dmTexts(w.p.boss).at(-1)).toContain('被客户骂了，有点委屈');
    expect(w.deps.app.sandbox.quick).toContain('/mood 2 被客户骂了');
  });

  it('the data API and /kpi say nothing of mood', async () => {
    const doc = await (await createApp(w.deps).request('/api/v1/openapi.json')).text();
    expect(doc).toContain('openapi');
    expect(doc).not.toMatch(/mood|情绪/i);
    const kpi = (await w.say(w.p.boss, '/kpi')).join();
    expect(kpi).not.toMatch(/mood|情绪|打卡/i);
  });

  it('privacy: no message the bot sent to any group carries a level, a note or a name tied to a level', async () => {
    const inGroups = w.emulatorMessages().filter((m) => m.sender.type === 'bot' && m.chatType === 'group');
    const sent = inGroups.map((m) => m.text);
    expect(sent.length).toBeGreaterThan(5);
    const forbidden = [
      ...typedNotes,
      ...[1, 2, 3, 4].flatMap((n) => [LEVEL_TEXT[n as 1]['zh-CN'], LEVEL_TEXT[n as 1].en]),
      '情绪关怀 #',
      '已记录',
    ];
    for (const text of sent) for (const f of forbidden) expect(text, `a group message: ${text}`).not.toContain(f);
    // No /mood output in the group but "已私信你" and the refusals.
    const moodish = inGroups
      .filter((m) => m.note || (m.msgType !== 'interactive' && m.msgType !== 'card'))
      .map((m) => m.text)
      .filter((t) => /打卡|情绪|mood/i.test(t));
    expect(moodish.length).toBeGreaterThan(3);
    for (const t of moodish)
      expect(t).toMatch(
        /^(已私信你|个人情绪记录只能在与机器人的私聊中查看|已设置|已关闭|「9点」|抱歉，\/mood prompt|有一条私密关怀提醒|@\S+ 有一条私密关怀提醒)/,
      );
  });

  it('the team changes the wait with /policy 情绪 (after the privacy check: its reply names the subject)', async () => {
    const [set] = await w.say(w.p.boss, '/policy 情绪 5m');
    expect(set).toContain('情绪关怀');
    await sayPrivately(w.p.agent, '/mood 2 测试策略');
    const buzzes = appBuzzes().length;
    await w.advance(5 * MIN);
    expect(appBuzzes().length).toBeGreaterThan(buzzes);
  });
});
