/**
 * The script library (话术库, #16) through handleEvent, card buttons, the outbox and the fake Feishu
 * server: tiers and rights, private personal scripts, search with synonyms, history, 复制, links
 * into the anomaly/incident/complaint cards, the weekly review and the keyword warning's add.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEvent, resumeEvent } from '../../src/core/handle-event';
import type { CardActionAnswer, InboundMessage } from '../../src/core/inbound';
import { teamOf } from '../../src/core/teams';
import { query } from '../../src/db/client';
import { warningCard } from '../../src/features/keyword/card';
import { scriptDigest } from '../../src/features/script/digest';
import { seedScriptDemo } from '../../src/features/script/sandbox';
import { openWorld, type Person, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';
import type { TestDatabase } from '../helpers/db';

const DAY = 86_400_000;

describe.each(PLATFORMS)('/script: the three-tier library, search, copy, links and review (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  beforeAll(async () => {
    ({ db, w } = await openWorld(platform));
  });
  afterAll(() => w.close());

  const e = () => w.feishu.emulator;
  const dms = (p: Person) => w.privateTexts(p);
  const sayPrivately = (from: Person, text: string) => w.sayPrivately(from, text);
  const pressPrivately: World['pressPrivately'] = (from, value, opts) => w.pressPrivately(from, value, opts);

  function p2pEvent(from: Person, text: string, messageId: string): InboundMessage {
    return {
      type: 'message',
      platform: 'feishu',
      id: `msg:${messageId}`,
      eventId: `evt_${randomUUID()}`,
      tenantKey: e().tenantKey,
      messageId,
      chatId: w.privateChatId(from),
      chatType: 'p2p',
      sender: { openId: from.openId },
      mentions: [],
      botMentioned: false,
      text,
      command: text,
      createdAt: String(w.clock.now().getTime()),
    };
  }

  type Row = {
    id: number;
    tier: string;
    title: string;
    body: string;
    tags: string[];
    version: number;
    owner_open_id: string | null;
  };
  const scriptsNamed = (title: string) =>
    query<Row>(
      db.db,
      sql`select id, tier, title, body, tags, version, owner_open_id from scripts where title = ${title}`,
    );
  const uses = async (id: number) =>
    Number(
      (await query<{ n: number }>(db.db, sql`select count(*)::int as n from script_uses where script_id = ${id}`))[0]!
        .n,
    );
  const idOf = (reply: string | undefined) => Number(/#(\d+)/.exec(reply ?? '')?.[1]);

  it("starts from the wording the cards showed: every slot's default is a public script, linked to its place", async () => {
    const [list] = await w.say(w.p.agent, '/script link');
    expect(list).toContain('需要主管或组长才能使用'); // leaders and supervisors link
    const [links] = await w.say(w.p.leader, '/script link');
    for (const s of [
      '异常·优惠券（anomaly.coupon）→ #',
      '应急·断电断网',
      '客诉·质量问题',
      '应急·系统异常（incident.system）→ （未关联）',
    ])
      expect(links).toContain(s);
    const [found] = await w.say(w.p.agent, '/script 优惠券');
    expect(found).toContain('店铺异常·优惠券安抚');
    expect(found).toContain('这个优惠我们正在紧急核实');
    expect(found).toContain('script.copy');
  });

  it('adds a department script in the group (leaders), once per message even when the work runs again', async () => {
    const [added] = await w.say(
      w.p.leader,
      '/script add 物流延迟安抚 亲，包裹因站点爆仓稍有延迟，已加急派送 #物流 #延迟',
    );
    expect(added).toMatch(/^已添加部门话术 #\d+「物流延迟安抚」。$/);
    const [row] = await scriptsNamed('物流延迟安抚');
    expect(row).toMatchObject({
      tier: 'department',
      body: '亲，包裹因站点爆仓稍有延迟，已加急派送',
      tags: ['物流', '延迟'],
      version: 1,
    });
    // The same message's work run a second time (a crash before it was marked done) adds nothing.
    // Feishu only: the event is built by hand as Feishu's normaliser makes it, and the replay itself
    // (inbox, outbox uuid) is platform-neutral core. On DingTalk the script is added plainly (used below).
    if (platform !== 'feishu') {
      await w.say(w.p.leader, '/script add 催单 亲，今天发出');
      expect(await scriptsNamed('催单')).toHaveLength(1);
      return;
    }
    const { message } = await e().emitMessage({ chatId: w.chat.chatId, senderOpenId: w.p.leader.openId, text: 'x' });
    const ev = {
      ...p2pEvent(w.p.leader, '/script add 催单 亲，今天发出', message.messageId),
      chatId: w.chat.chatId,
      chatType: 'group' as const,
    };
    await (
      await handleEvent(ev, w.deps)
    ).done;
    await resumeEvent(ev, w.deps);
    await w.pump();
    expect(await scriptsNamed('催单')).toHaveLength(1);
    // …and the group hears of it once (the second answer carries the first one's idempotency key).
    const answers = w.groupTexts().filter((m) => m.includes('「催单」'));
    expect(answers).toHaveLength(1);
  });

  it('keeps the tiers: public only supervisors, department leaders too, personal only in the private chat', async () => {
    expect((await w.say(w.p.agent, '/script add 标题 亲，您好'))[0]).toBe('部门话术只有组长和主管可以修改。');
    expect((await w.say(w.p.leader, '/script add 标题 亲，您好 公共'))[0]).toBe('公共话术只有主管可以修改。');
    expect((await w.say(w.p.agent, '/script add 标题 亲，您好 个人'))[0]).toBe(
      '个人话术只属于你自己，请在与机器人的私聊里管理。',
    );
    expect(
      (await w.say(w.p.boss, '/script add 道歉统一口径 亲，非常抱歉，这是我们的问题 tier=公共 tags=道歉'))[0],
    ).toMatch(/^已添加公共话术 #\d+/);
    expect(await scriptsNamed('标题')).toHaveLength(0);
  });

  it('personal scripts: added and found privately, never shown in the group or to someone else', async () => {
    const [added] = await sayPrivately(w.p.agent, '/script add 我的开场白 亲亲您好呀，我是小王 #开场');
    expect(added).toMatch(/^已添加个人话术 #\d+「我的开场白」。$/);
    const id = idOf(added);
    expect((await scriptsNamed('我的开场白'))[0]).toMatchObject({ tier: 'personal', owner_open_id: w.p.agent.openId });
    expect((await sayPrivately(w.p.agent, '/script 开场白'))[0]).toContain('我的开场白');
    expect((await w.say(w.p.agent, '/script 开场白'))[0]).toContain('话术库里没有找到「开场白」');
    expect((await sayPrivately(w.p.agent2, '/script 开场白'))[0]).toContain('话术库里没有找到');
    expect((await sayPrivately(w.p.agent2, `/script ${id}`))[0]).toBe(`没有编号为 #${id} 的话术。`);
    expect((await w.say(w.p.boss, `/script edit ${id} 改掉`))[0]).toBe(`没有编号为 #${id} 的话术。`);
    expect((await sayPrivately(w.p.agent, '/script'))[0]).toContain('你的个人 1 条');
  });

  it('synonyms the team keeps find 物流延迟 for 发货慢; public ranks before department', async () => {
    expect((await w.say(w.p.agent, '/script synonym 物流延迟 发货慢'))[0]).toContain('需要主管或组长才能使用');
    expect((await w.say(w.p.leader, '/script synonym 物流延迟 发货慢 快递慢'))[0]).toBe(
      '已记下同义词：物流延迟 = 发货慢 = 快递慢。搜索其中任何一个都会找到另外几个。',
    );
    expect((await w.say(w.p.leader, '/script synonym 快递慢 物流延迟 发货慢'))[0]).toContain('已经有了');
    const [found] = await w.say(w.p.agent, '/script 快递慢');
    expect(found).toContain('物流延迟安抚');
    const [both] = await w.say(w.p.agent, '/script 抱歉');
    expect(both!.indexOf('道歉统一口径')).toBeLessThan(both!.indexOf('店铺异常'));
    expect((await w.say(w.p.leader, '/script synonym'))[0]).toContain('物流延迟 = 发货慢 = 快递慢');
  });

  it('edits keep every version: /script <id> shows who changed it when; bad input changes nothing', async () => {
    const [row] = await scriptsNamed('物流延迟安抚');
    const id = row!.id;
    expect(
      (await w.say(w.p.boss2, `/script edit ${id} 亲，包裹已加急派送，预计明天送达 title=物流延迟安抚v2`))[0],
    ).toBe(`已更新话术 #${id}（第 2 版）。`);
    expect((await w.say(w.p.boss2, `/script edit ${id} 亲，包裹已加急派送，预计明天送达`))[0]).toBe(
      `话术 #${id} 没有变化。`,
    );
    const [detail] = await w.say(w.p.agent, `/script ${id}`);
    for (const s of ['话术 #', '物流延迟安抚v2', '预计明天送达', '修改记录', 'v2', '赵主管 修改', 'v1', '李组长 添加'])
      expect(detail).toContain(s);
    expect((await w.say(w.p.leader, '/script edit abc 新'))[0]).toBe('没有编号为 #abc 的话术。');
    expect((await w.say(w.p.leader, '/script add 只有标题'))[0]).toContain('缺少话术内容');
    expect((await w.say(w.p.leader, `/script edit ${id} tier=别的`))[0]).toBe('话术级别只能是 公共、部门 或 个人。');
    expect((await scriptsNamed('物流延迟安抚v2'))[0]!.version).toBe(2);
    // Only the tags: the text stays.
    expect((await w.say(w.p.leader, `/script edit ${id} #物流 #快递`))[0]).toBe(`已更新话术 #${id}（第 3 版）。`);
    expect((await scriptsNamed('物流延迟安抚v2'))[0]).toMatchObject({
      body: '亲，包裹已加急派送，预计明天送达',
      tags: ['物流', '快递'],
    });
  });

  it('复制 sends the text alone privately and counts one use per card and person', async () => {
    const [row] = await scriptsNamed('物流延迟安抚v2');
    const before = await uses(row!.id);
    const first = await w.press(w.p.agent, { action: 'script.copy', id: row!.id });
    expect(first?.toast?.content).toBe(`话术 #${row!.id} 已私信发给你，长按即可复制。`);
    expect(dms(w.p.agent).at(-1)).toBe('亲，包裹已加急派送，预计明天送达');
    const again = await w.press(w.p.agent, { action: 'script.copy', id: row!.id });
    // DingTalk's callback names no press: the same person's same press on the same card is one event.
    if (platform === 'feishu') expect(again?.toast?.content).toContain('已发过');
    else expect(['ok', 'ignored']).toContain(w.lastOutcome);
    await w.press(w.p.agent2, { action: 'script.copy', id: row!.id });
    expect(await uses(row!.id)).toBe(before + 2);
    // Someone else's personal script cannot be copied by its id.
    const [mine] = await scriptsNamed('我的开场白');
    expect((await w.press(w.p.agent2, { action: 'script.copy', id: mine!.id }))?.toast?.content).toBe(
      '这条话术已不在话术库里。',
    );
  });

  it('the anomaly card shows the script linked to its kind, counted once per card; a linked script is not removed', async () => {
    const [row] = await scriptsNamed('物流延迟安抚v2');
    const id = row!.id;
    const [out] = await w.say(w.p.agent, '/anomaly 天猫旗舰店 价格标错成 1 元');
    expect(out).toContain('商品价格显示有误'); // the default, as before the library
    expect(out).toContain('话术库 #');
    expect((await w.say(w.p.leader, `/script link 异常·价格 ${id}`))[0]).toBe(
      `异常·价格 现在显示话术 #${id}「物流延迟安抚v2」。`,
    );
    expect((await w.say(w.p.leader, `/script link anomaly.price ${id}`))[0]).toContain('已经显示');
    expect((await w.say(w.p.leader, `/script link 异常·天气 ${id}`))[0]).toContain('没有「异常·天气」这个位置');
    const [mine] = await scriptsNamed('我的开场白');
    expect((await w.say(w.p.leader, `/script link 异常·价格 ${mine!.id}`))[0]).toContain(`没有编号为 #${mine!.id}`);
    const before = await uses(id);
    const [second] = await w.say(w.p.agent, '/anomaly 京东自营店 价格改错了');
    expect(second).toContain('预计明天送达');
    const anomalyId = Number(/"action":"anomaly.claim","id":(\d+)/.exec(second!)?.[1]);
    await w.press(w.p.ops, { action: 'anomaly.claim', id: anomalyId });
    // The card was drawn twice (sent, then patched): one use.
    expect(await uses(id)).toBe(before + 1);
    expect((await w.say(w.p.boss, `/script remove ${id}`))[0]).toContain('正用在 异常·价格');
  });

  it('the incident and complaint cards show their linked scripts; the team can change which', async () => {
    const [outage] = await w.say(w.p.agent, '/incident 断电断网 三楼断网');
    expect(outage).toContain('网络临时故障');
    expect(outage).toContain('话术库 #');
    const [c] = await w.say(
      w.p.agent,
      '/complaint new 天猫旗舰店 4012345678901234567 杯子破损要求退款 amount=25 category=质量',
    );
    expect(c).toContain('开场话术：亲，看到商品出了问题');
    const [row] = await scriptsNamed('道歉统一口径');
    await w.say(w.p.leader, `/script link 客诉·质量问题 ${row!.id}`);
    const [c2] = await w.say(
      w.p.agent,
      '/complaint new 天猫旗舰店 4012345678901234568 鞋子开胶 amount=20 category=质量',
    );
    expect(c2).toContain('开场话术：亲，非常抱歉，这是我们的问题');
  });

  it('removes an unlinked script with its history kept; agents may not', async () => {
    const [row] = await scriptsNamed('催单');
    expect((await w.say(w.p.agent, `/script remove ${row!.id}`))[0]).toBe('部门话术只有组长和主管可以修改。');
    expect((await w.say(w.p.leader, `/script remove ${row!.id}`))[0]).toBe(`已删除话术 #${row!.id}（历史保留）。`);
    expect((await w.say(w.p.leader, `/script remove ${row!.id}`))[0]).toBe(`话术 #${row!.id} 已经删除了。`);
    expect((await w.say(w.p.agent, '/script 催单'))[0]).toContain('没有找到');
    const [detail] = await w.say(w.p.leader, `/script ${row!.id}`);
    expect(detail).toContain('已删除');
    expect(detail).toContain('李组长 删除');
  });

  it('a keyword warning offers 为此添加话术: a prefilled add privately, added once per card', async () => {
    const team = await teamOf(w.deps.db, w.teamId);
    const now = w.clock.now();
    const obs = { today: 30, baselineTotal: 7, spanHours: 3, day: '2026-11-23', todayByHour: [1], baselineByHour: [1] };
    const firing = warningCard({
      keyword: '质量差',
      store: '',
      state: 'firing',
      obs: obs as never,
      ops: [],
      names: new Map(),
      locale: 'zh-CN',
      zone: team.timeZone,
      now,
    });
    expect(JSON.stringify(firing)).toContain('"action":"script.draft","keyword":"质量差"');
    const answer = await w.press(w.p.leader, { action: 'script.draft', keyword: '质量差' });
    expect(answer?.toast?.content).toBe('已私信你一张添加话术的卡片。');
    const form = dms(w.p.leader).at(-1)!;
    expect(form).toContain('为「质量差」添加话术');
    expect(form).toContain('script.create');
    const formValue = {
      title: '质量差回应',
      text: '亲，非常抱歉让您失望了，麻烦发下照片，我们马上处理',
      tags: '质量差, 质量',
      tier: '部门',
    };
    // The form card the bot sent privately (Feishu: any message id stands for it).
    const messageId = platform === 'feishu' ? `om_${randomUUID()}` : undefined;
    expect(
      (
        await pressPrivately(
          w.p.leader,
          { action: 'script.create' },
          { ...(messageId ? { messageId } : {}), formValue },
        )
      )?.toast?.content,
    ).toMatch(/^已添加部门话术 #\d+「质量差回应」。$/);
    // DingTalk's callback names no press: the same person pressing the same card with the same form
    // twice is one event (the inbox drops the second), where Feishu's second press says so.
    if (platform === 'feishu')
      expect(
        (
          await pressPrivately(
            w.p.leader,
            { action: 'script.create' },
            { ...(messageId ? { messageId } : {}), formValue },
          )
        )?.toast?.content,
      ).toContain('已添加过');
    expect(
      (await pressPrivately(w.p.agent, { action: 'script.create' }, { formValue: { ...formValue, tier: '公共' } }))
        ?.toast?.content,
    ).toBe('公共话术只有主管可以修改。');
    expect((await scriptsNamed('质量差回应'))[0]).toMatchObject({ tier: 'department', tags: ['质量差', '质量'] });
  });

  it('the sandbox seeds a realistic library once; the weekly report lists shared scripts idle for 90 days', async () => {
    const team = await teamOf(w.deps.db, w.teamId);
    const count = async () =>
      Number((await query<{ n: number }>(db.db, sql`select count(*)::int as n from scripts`))[0]!.n);
    await seedScriptDemo(w.deps, team, w.clock.now());
    const seeded = await count();
    await seedScriptDemo(w.deps, team, w.clock.now());
    expect(await count()).toBe(seeded);
    expect(seeded).toBeGreaterThanOrEqual(30);
    const period = (now: Date) => ({ from: new Date(now.getTime() - 7 * DAY), to: now, now, kind: 'weekly' as const });
    expect(await scriptDigest.build(w.deps, team, period(w.clock.now()))).toBeUndefined();
    w.clock.advance(91 * DAY);
    const [row] = await scriptsNamed('物流延迟安抚v2');
    await w.press(w.p.agent, { action: 'script.copy', id: row!.id });
    const text = JSON.stringify(await scriptDigest.build(w.deps, team, period(w.clock.now())));
    expect(text).toMatch(/\d+ 条话术 90 天没用过或没更新/);
    expect(text).toContain('从没用过');
    expect(text).toContain('另有');
    expect(text).not.toContain('我的开场白');
    expect(scriptDigest.kinds).toEqual(['weekly']);
  });
});
