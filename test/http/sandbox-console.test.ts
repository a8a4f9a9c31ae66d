/**
 * The sandbox console's API against the real product: `npm start`'s runtime on a temporary PGlite
 * dir, the emulator posting signed, encrypted events to the bot's own webhook, the bot answering
 * through the SDK. What a supervisor does in the console must reach the bot and come back.
 */
import { request } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_APP } from '../../src/config';
import { query } from '../../src/db/client';
import { findTeam } from '../../src/core/teams';
import { periodOf } from '../../src/features/kpi/period';
import { loadValues, storeDaysWithValues } from '../../src/features/kpi/repo';
import { sandboxIds } from '../../src/sandbox/team';
import { eventually, startSandboxServer, type SandboxServer } from '../helpers/sandbox-server';

let s: SandboxServer;
const boss = sandboxIds.person('王主管').openId;
const agent = sandboxIds.person('小王').openId;
const group = sandboxIds.groupChatId;

type Shown = {
  messageId: string;
  chatId: string;
  parentId?: string;
  fromBot: boolean;
  msgType: string;
  html: string;
  updateTime: number;
  createTime: number;
};
const messages = async (): Promise<Shown[]> => (await s.get('/state')).messages;
const replyTo = (id: string) =>
  eventually(
    async () => (await messages()).find((m) => m.parentId === id && m.fromBot),
    10_000,
    `the bot's reply to ${id}`,
  );

/** The demo team's KPI values, straight from the bot's database. */
async function kpiValues(from = '2000-01-01', to = '2100-12-31') {
  const { db } = s.runtime.deps;
  const team = await findTeam(db, { platform: 'feishu', tenantKey: sandboxIds.tenantKey, chatId: group });
  return { team: team!, values: await loadValues(db, team!.id, { from, to }) };
}

beforeAll(async () => {
  s = await startSandboxServer();
});
afterAll(async () => {
  await s?.destroy();
});

describe('the demo team, seeded on first start', () => {
  it('has the group, everyone’s role as the bot knows it, and the stores', async () => {
    const state = await s.get('/state');
    expect(state.status).toEqual({ phase: 'ready', problems: [] });
    expect(state.chats.find((c: { type: string }) => c.type === 'group')).toMatchObject({
      chatId: group,
      name: '客服一组',
      ownerOpenId: boss,
    });
    expect(Object.fromEntries(state.people.map((p: { name: string; role: string }) => [p.name, p.role]))).toEqual({
      王主管: 'supervisor',
      李组长: 'leader',
      小王: 'agent',
      小陈: 'agent',
      运营小张: 'ops',
    });
    const storeList = state.messages.find((m: Shown) => m.fromBot && m.html.includes('本组店铺'));
    for (const name of ['淘宝旗舰店', '天猫旗舰店', '京东自营店', '抖音小店']) expect(storeList.html).toContain(name);
    // The sandbox times answers on the wall clock (its users should see a slow bot); on a busy test
    // machine that is load, not a bot bug — the rule itself is tested in emulator-to-webhook.test.ts.
    expect(state.violations.filter((v: { rule: string }) => v.rule !== 'answer_too_slow')).toEqual([]);
  });

  it('comes with 30 days of KPI history: /kpi shows a store against its targets, its agents off target, trends', async () => {
    const { values } = await kpiValues();
    expect(new Set(values.map((v) => v.day)).size).toBe(30);
    // All generated, but for the one value the demo script sets by hand (the alerts' demo breach).
    const byHand = values.filter((v) => v.source !== 'demo');
    expect(byHand.map((v) => [v.source.split(':')[0], v.metric, v.value])).toEqual([
      ['manual', 'first_response_s', 48],
    ]);
    const sent = await s.post('/send', { chatId: group, senderOpenId: boss, text: '@现场管家 /kpi 天猫旗舰店 7d' });
    const card = await replyTo(sent.body.messageId);
    expect(card.html).toContain('数据 · 天猫旗舰店 · 近 7 天');
    expect(card.html).toMatch(/🔴 <strong>3分钟人工响应率<\/strong>/);
    expect(card.html).toMatch(/未达标的客服[\s\S]*阿杰/);
    // One chart per metric, each with its target as a dashed line.
    expect(card.html.match(/<polyline/g)?.length).toBeGreaterThanOrEqual(2);
    expect(card.html).toContain('目标 ≥ 90%');
  });

  it('comes with a week of keyword counts and today’s spike: the early-warning card is in the group', async () => {
    const card = await eventually(
      async () => (await messages()).find((m) => m.fromBot && m.chatId === group && m.html.includes('关键词预警')),
      10_000,
      'the keyword warning card',
    );
    expect(card.html).toContain('质量差 ↑');
    expect(card.html).toContain('淘宝旗舰店');
  });

  it('never shows the app secret or the encrypt key', async () => {
    const text = JSON.stringify(await s.get('/state'));
    expect(text).not.toContain(SANDBOX_APP.appSecret);
    expect(text).not.toContain(SANDBOX_APP.encryptKey);
    expect(text).not.toContain(SANDBOX_APP.verificationToken);
  });

  it('serves the console page and its script', async () => {
    const page = await fetch(`${s.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/sandbox/console/app.js');
    expect((await fetch(`${s.url}/sandbox/console/app.js`)).status).toBe(200);
  });
});

describe('speaking and pressing buttons', () => {
  let helpCard: Shown;

  it('a message typed as the supervisor reaches the bot and its reply card appears', async () => {
    const sent = await s.post('/send', { chatId: group, senderOpenId: boss, text: '@现场管家 /help' });
    expect(sent).toMatchObject({ status: 200, body: { ok: true, delivered: true, status: 200 } });
    helpCard = await replyTo(sent.body.messageId);
    expect(helpCard.msgType).toBe('interactive');
    expect(helpCard.html).toContain('现场管家 · 你能用的命令');
    expect(helpCard.html).toContain('data-value=');
  });

  it('a button press answers with the bot’s toast and replaces the card in place', async () => {
    const r = await s.post('/click', {
      messageId: helpCard.messageId,
      operatorOpenId: boss,
      value: { action: 'help.usage', command: 'store' },
    });
    expect(r).toMatchObject({
      status: 200,
      body: { ok: true, toast: { type: 'info', content: '/store 的用法已显示在卡片上' }, cardUpdated: true },
    });
    const after = (await messages()).find((m) => m.messageId === helpCard.messageId)!;
    expect(after.html).toContain('/store 的用法');
    expect(after.updateTime).toBeGreaterThanOrEqual(after.createTime);
  });

  it('streams changes to the page as they happen', async () => {
    const ac = new AbortController();
    const res = await fetch(`${s.url}/sandbox/console/events`, { signal: ac.signal });
    const reader = res.body!.getReader();
    let text = '';
    const read = async (until: (t: string) => boolean) => {
      while (!until(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await read((t) => t.includes('event: hello'));
    const sent = await s.post('/send', { chatId: group, senderOpenId: agent, text: '/duty' });
    await read((t) => t.includes(sent.body.messageId));
    expect(text).toContain('event: message');
    ac.abort();
  });

  it('refuses what a member could not do, saying why', async () => {
    expect(await s.post('/send', { chatId: group, senderOpenId: boss, text: '   ' })).toMatchObject({
      status: 400,
      body: { ok: false, error: 'text：消息是空的' },
    });
    expect(await s.post('/send', { chatId: group, senderOpenId: 'ou_nobody', text: 'hi' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('no user ou_nobody') },
    });
    const click = await s.post('/click', {
      messageId: helpCard.messageId,
      operatorOpenId: boss,
      value: { action: 'not.on.card' },
    });
    expect(click).toMatchObject({ status: 400, body: { error: expect.stringContaining('no such button') } });
    expect(await s.post('/clock', { kind: 'backwards' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('kind 应为') },
    });
    expect(await s.post('/clock', { kind: 'advance', minutes: -5 })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('minutes') },
    });
    expect(await s.post('/jobs/run', { job: 'nope' })).toMatchObject({
      status: 404,
      body: { error: expect.stringContaining('prune') },
    });
  });

  it('takes JSON from this machine only', async () => {
    const form = await fetch(`${s.url}/sandbox/console/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(form.status).toBe(415);
    // A DNS-rebinding page reaches 127.0.0.1 under its own host name (fetch cannot set Host: use http).
    const { port } = new URL(s.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/sandbox/console/state', headers: { host: `evil.example:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject).end();
    });
    expect(status).toBe(403);
  });
});

describe('files', () => {
  const p2p = sandboxIds.p2pChatId('王主管');

  it('offers the bundled sample exports and sends one privately as a file message with its chip', async () => {
    const state = await s.get('/state');
    const names = state.samples.map((f: { name: string }) => f.name);
    expect(names).toEqual(expect.arrayContaining(['客服绩效_20261130.xlsx', '快手-客服考核数据.csv']));
    expect(state.samples.every((f: { size: number }) => f.size > 0)).toBe(true);
    const sent = await s.post('/file', { chatId: p2p, senderOpenId: boss, sample: '客服绩效_20261130.xlsx' });
    expect(sent).toMatchObject({ status: 200, body: { ok: true, delivered: true, status: 200 } });
    const shown = (await messages()).find((m) => m.messageId === sent.body.messageId)!;
    expect(shown).toMatchObject({ msgType: 'file', chatId: p2p, fromBot: false });
    expect(shown.html).toContain('class="file-chip');
    expect(shown.html).toContain('客服绩效_20261130.xlsx');
    expect(shown.html).toMatch(/\d+\.\d KB/);
    // The chip's link downloads the very bytes the emulator serves the bot.
    const download = await fetch(`${s.url}/sandbox/console/files/${sent.body.messageId}`);
    expect(download.status).toBe(200);
    const size = state.samples.find((f: { name: string }) => f.name === '客服绩效_20261130.xlsx').size;
    expect((await download.arrayBuffer()).byteLength).toBe(size);
  });

  it('the keyword report sample is answered with the keyword preview', async () => {
    const sent = await s.post('/file', { chatId: p2p, senderOpenId: boss, sample: '晓多-热门问题_20261130.csv' });
    const reply = await replyTo(sent.body.messageId);
    expect(reply.html).toContain('关键词报表预览');
    expect(reply.html).toContain('质量差 38');
  });

  it('sends a dropped file as a reply in the group; the emulator serves it to the bot', async () => {
    const bytes = Buffer.from('日期,店铺,接待人数\r\n2026-11-30,快手小店,512\r\n');
    const question = await s.post('/send', { chatId: group, senderOpenId: boss, text: '今天的数据发一下' });
    const sent = await s.post('/file', {
      chatId: group,
      senderOpenId: agent,
      fileName: '数据.csv',
      base64: bytes.toString('base64'),
      parentId: question.body.messageId,
    });
    expect(sent).toMatchObject({ status: 200, body: { ok: true } });
    const shown = (await messages()).find((m) => m.messageId === sent.body.messageId)!;
    expect(shown).toMatchObject({ msgType: 'file', parentId: question.body.messageId });
    const platform = s.runtime.deps.platform;
    const file = await platform.messageFile(sent.body.messageId);
    expect(file?.name).toBe('数据.csv');
    expect(Buffer.from(await platform.downloadFile(sent.body.messageId, file!, 1 << 20)).equals(bytes)).toBe(true);
  });

  it('refuses an unknown sample, an empty file, a body without a file, and a reply to nothing', async () => {
    expect(await s.post('/file', { chatId: p2p, senderOpenId: boss, sample: 'nope.xlsx' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('没有「nope.xlsx」这个示例文件') },
    });
    expect(await s.post('/file', { chatId: p2p, senderOpenId: boss, fileName: 'e.csv', base64: '' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('文件是空的') },
    });
    expect(await s.post('/file', { chatId: p2p, senderOpenId: boss })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('要么选一个示例文件') },
    });
    expect(
      await s.post('/file', { chatId: p2p, senderOpenId: boss, sample: '客服绩效_20261130.xlsx', parentId: 'om_x' }),
    ).toMatchObject({ status: 400, body: { error: expect.stringContaining('no message om_x') } });
    expect((await fetch(`${s.url}/sandbox/console/files/om_nosuch`)).status).toBe(404);
  });
});

describe('the clock and the jobs', () => {
  it('moves forward and says how far ahead of real time it is', async () => {
    const started = Date.now();
    const before = (await s.get('/state')).clock;
    const r = await s.post('/clock', { kind: 'advance', minutes: 5 });
    expect(r.status).toBe(200);
    expect(r.body.to - r.body.from).toBeGreaterThanOrEqual(5 * 60_000);
    // "Ahead" is measured against real time, which went on while the jump ran its jobs: on a
    // loaded machine that is more than a second, so the allowance is the real time that passed.
    const elapsed = Date.now() - started;
    expect(r.body.clock.aheadMs).toBeGreaterThanOrEqual(before.aheadMs + 5 * 60_000 - elapsed - 1000);
  });

  it('runs the jobs whose schedule fell in the skipped interval (prune at 03:17 on the way to 08:30)', async () => {
    const r = await s.post('/clock', { kind: 'tomorrow', at: '08:30' });
    expect(r.body.jobs).toContainEqual(expect.objectContaining({ job: 'prune', result: 'ran' }));
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
    }).format(r.body.to);
    expect(local).toBe('08:30');
    const jobs = (await s.get('/state')).jobs;
    expect(jobs.find((j: { name: string }) => j.name === 'prune').lastRun).not.toBeNull();
    // The day that became yesterday has its demo KPIs too, for every store.
    const { team } = await kpiValues();
    const yesterday = periodOf('yesterday', new Date(r.body.to), team.timeZone).to;
    const filled = await storeDaysWithValues(s.runtime.deps.db, team.id, yesterday, yesterday);
    expect(filled.size).toBe(4);
  });

  it('08:30 posts the morning inspection pre-filled from the demo history; clicking through it works', async () => {
    const card = await eventually(
      async () => (await messages()).find((m) => m.fromBot && m.html.includes('巡店 ·')),
      10_000,
      'the inspection card',
    );
    // The demo accounts (one offline) and yesterday's demo KPIs are on it; what has no data says so.
    for (const text of ['0/10', '个账号离线', '无数据，请人工确认', '其余全部正常']) expect(card.html).toContain(text);
    const leader = sandboxIds.person('李组长').openId;
    const [{ id }] = (await query<{ id: number }>(
      s.runtime.deps.db,
      sql`select id from inspections order by id desc limit 1`,
    )) as [{ id: number }];
    const r = await s.post('/click', {
      messageId: card.messageId,
      operatorOpenId: leader,
      value: { action: 'inspection.mark', id: Number(id), n: 1, state: 'ok' },
    });
    expect(r.body).toMatchObject({ ok: true, toast: { content: '第 1 项已确认正常（1/10）' } });
    const rest = await s.post('/click', {
      messageId: card.messageId,
      operatorOpenId: leader,
      value: { action: 'inspection.rest', id: Number(id) },
    });
    expect(rest.body.toast.content).toBe('其余 9 项已标为正常（10/10）');
    await eventually(
      async () => (await messages()).find((m) => m.messageId === card.messageId && m.html.includes('巡店完成')),
      10_000,
      'the card done in place',
    );
  });

  it('runs a job now, in a slot of its own', async () => {
    const r = await s.post('/jobs/run', { job: 'prune' });
    expect(r).toMatchObject({
      status: 200,
      body: { ok: true, job: 'prune', result: 'ran', slot: expect.stringMatching(/^manual:/) },
    });
  });
});

describe('reset and restart', () => {
  it('reset sets the demo team up again from nothing', async () => {
    const r = await s.post('/reset', {});
    expect(r).toMatchObject({ status: 200, body: { ok: true, status: { phase: 'ready', problems: [] } } });
    const state = await s.get('/state');
    expect(state.messages.filter((m: Shown) => m.html.includes('/help'))).toEqual([]);
    expect(state.messages.some((m: Shown) => m.html.includes('本组店铺（4）'))).toBe(true);
    expect(state.people.find((p: { name: string }) => p.name === '李组长').role).toBe('leader');
    expect(new Set((await kpiValues()).values.map((v) => v.day)).size).toBe(30);
  });

  it('after a restart on the same data dir: same conversation, clock still ahead, old cards still work', async () => {
    const sent = await s.post('/send', { chatId: group, senderOpenId: boss, text: '/help' });
    const card = await replyTo(sent.body.messageId);
    // The re-seeded demo's own cards (a keyword warning, a surge suggestion) come from timers a few
    // seconds after the data: wait until nothing is due within the next 10 s and nothing is queued.
    await eventually(
      async () => {
        const soon = new Date(s.runtime.deps.clock.now().getTime() + 10_000).toISOString();
        const [r] = await query<{ n: number }>(
          s.runtime.deps.db,
          sql`select (select count(*) from timers where done_at is null and cancelled_at is null and due_at <= ${soon}::timestamptz)
                   + (select count(*) from outbox where status = 'pending') as n`,
        );
        return Number(r!.n) === 0 || undefined;
      },
      20_000,
      'the demo cards to be sent',
    );
    const before = await s.get('/state');
    const kpisBefore = (await kpiValues()).values.length;
    // A console tab left open (its event stream) must not keep the server from stopping.
    const stream = await fetch(`${s.url}/sandbox/console/events`);
    expect(stream.status).toBe(200);
    const stopped = await Promise.race([
      s.stop().then(() => 'stopped'),
      new Promise((r) => setTimeout(() => r('still running after 8 s'), 8000)),
    ]);
    expect(stopped).toBe('stopped');

    s = await startSandboxServer({ dir: s.dir });
    const after = await s.get('/state');
    expect(after.messages.map((m: Shown) => m.messageId)).toEqual(before.messages.map((m: Shown) => m.messageId));
    expect(after.clock.aheadMs).toBeGreaterThanOrEqual(before.clock.aheadMs - 1000);
    expect(after.status).toEqual({ phase: 'ready', problems: [] });
    // The demo KPIs ran again at start: nothing doubled.
    expect((await kpiValues()).values).toHaveLength(kpisBefore);
    const r = await s.post('/click', {
      messageId: card.messageId,
      operatorOpenId: boss,
      value: { action: 'help.usage', command: 'duty' },
    });
    expect(r.body).toMatchObject({ ok: true, cardUpdated: true });
  });
});
