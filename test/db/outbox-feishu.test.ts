import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { openPostgres, query, type Database } from '../../src/db/client';
import { teams } from '../../src/db/schema';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { enqueue, PRIORITY, type Outbound } from '../../src/outbox/enqueue';
import { deliveryHealth } from '../../src/outbox/health';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { maxInWindow, seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { flushOutbox } from '../helpers/flush';

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });
const card = (t: string) => ({
  msgType: 'interactive' as const,
  content: { schema: '2.0', body: { elements: [{ tag: 'markdown', content: t }] } },
});

/** The outbox against the fake Feishu Open API, through the real SDK, on the test's clock. */
describe('outbox → fake Feishu', () => {
  let db: TestDatabase;
  let feishu: FakeFeishu;
  let teamId: number;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.100Z'));
  beforeAll(async () => {
    clock.freeze();
    [db, feishu] = await Promise.all([openTestDatabase(), startFakeFeishu({ clock })]);
    teamId = (
      await db.db
        .insert(teams)
        .values({ tenantKey: 't', chatId: 'oc_team', timeZone: 'Asia/Shanghai', createdAt: clock.now() })
        .returning()
    )[0]!.id;
  });
  afterAll(async () => {
    await feishu?.close();
    await db?.destroy();
  });
  beforeEach(async () => {
    await db.db.execute(sql`delete from outbox`);
    await db.db.execute(sql`delete from rate_slots`);
    feishu.emulator.reset();
    clock.advance(60_000);
  });

  const deps = () => createTestDeps({ database: db, platform: feishu.platform, clock });
  const add = (o: Record<string, unknown> & Pick<Outbound, 'kind'>) =>
    enqueue(db.db, clock.now(), { teamId, ...o } as Outbound);
  const posts = (chatId: string) =>
    feishu.emulator
      .calls({ method: 'POST', path: '/im/v1/messages' })
      .filter((c) => (c.body as { receive_id?: string }).receive_id === chatId);
  const rowOf = async (id: number | null) =>
    (
      await query<{ status: string; error_code: number | null; error_reason: string | null; attempts: number }>(
        db.db,
        sql`select status, error_code, error_reason, attempts from outbox where id = ${id}`,
      )
    )[0]!;

  it('waits out a 429 for x-ogw-ratelimit-reset, holding every chat meanwhile', async () => {
    const { chat: a } = seedGroup(feishu.emulator, { name: 'A', members: ['王主管'] });
    const { chat: b } = seedGroup(feishu.emulator, { name: 'B', members: ['李组长'] });
    feishu.emulator.failNext({
      method: 'POST',
      path: '/im/v1/messages',
      status: 429,
      headers: { 'x-ogw-ratelimit-reset': '2' },
    });
    const d = deps();
    await add({ kind: 'send', to: { chatId: a.chatId }, body: text('to A') });
    expect(await dispatchOutbox(d, { nextDue: true })).toMatchObject({
      sent: 0,
      deferred: 1,
      nextDueAt: new Date(clock.now().getTime() + 2000),
    });
    await add({ kind: 'send', to: { chatId: b.chatId }, body: text('to B') });
    expect(await dispatchOutbox(d)).toMatchObject({ sent: 0, deferred: 1 }); // the whole app is paused, not just A
    clock.advance(1900);
    expect(await dispatchOutbox(d)).toMatchObject({ sent: 0 });
    expect(posts(b.chatId)).toHaveLength(0);
    clock.advance(100);
    expect((await flushOutbox(d)).sent).toBe(2);
    expect(posts(a.chatId).map((c) => c.status)).toEqual([429, 200]);
    expect(posts(b.chatId).map((c) => c.status)).toEqual([200]);
    expect(feishu.emulator.messages(a.chatId)).toHaveLength(1);
  });

  it('retries 230020 and 500 with backoff, then sends exactly once', async () => {
    const { chat } = seedGroup(feishu.emulator, { name: 'A', members: ['王主管'] });
    feishu.emulator.failNext({ method: 'POST', path: '/im/v1/messages', code: 230020, times: 2 });
    feishu.emulator.failNext({ method: 'POST', path: '/im/v1/messages', status: 500, times: 2 });
    const id = await add({ kind: 'send', to: { chatId: chat.chatId }, body: text('eventually') });
    const f = await flushOutbox(deps());
    expect(f.sent).toBe(1);
    expect(f.advancedMs).toBeGreaterThanOrEqual(0.5 * (1 + 2 + 4 + 8) * 1000); // equal-jitter backoff over four failures
    expect(posts(chat.chatId).map((c) => c.status)).toEqual([400, 400, 500, 500, 200]);
    expect(feishu.emulator.messages(chat.chatId).map((m) => m.content)).toEqual([{ text: 'eventually' }]);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 5 });
  });

  it('gives a send up after 8 failed tries and says so', async () => {
    const { chat } = seedGroup(feishu.emulator, { name: 'A', members: ['王主管'] });
    feishu.emulator.failNext({ method: 'POST', path: '/im/v1/messages', status: 502, times: Infinity });
    const id = await add({ kind: 'send', to: { chatId: chat.chatId }, body: text('never') });
    expect(await flushOutbox(deps())).toMatchObject({ sent: 0, failed: 1 });
    expect(posts(chat.chatId)).toHaveLength(8);
    expect(await rowOf(id)).toMatchObject({ status: 'failed', error_reason: 'gave_up', attempts: 8 });
    const [{ result }] = (await query<{ result: { explanation: Record<string, string> } }>(
      db.db,
      sql`select result from outbox where id = ${id}`,
    )) as [{ result: { explanation: Record<string, string> } }];
    expect(result.explanation.en).toMatch(/^Feishu kept failing \(8 tries\)/);
  });

  it('records permanent refusals once, with what the operator should do', async () => {
    const { chat: gone } = seedGroup(feishu.emulator, { name: 'left', members: ['王主管'], botIsMember: false });
    const { chat: strict, users } = seedGroup(feishu.emulator, {
      name: 'no buzz',
      members: ['李组长'],
      membersMayBuzz: false,
    });
    const { chat: ok, users: okUsers } = seedGroup(feishu.emulator, { name: 'ok', members: ['张运营'] });
    feishu.emulator.setQuota({ phone: 0 });
    feishu.emulator.failNext({
      method: 'PATCH',
      path: 'urgent_sms',
      code: 99991672,
      msg: 'Access denied. One of the following scopes is required: [im:message.urgent:sms].应用尚未开通所需的应用身份权限：[im:message.urgent:sms]',
    });
    const since = clock.now();
    const notInGroup = await add({ kind: 'send', to: { chatId: gone.chatId }, body: text('x') });
    await add({ kind: 'send', to: { chatId: strict.chatId }, body: card('strict'), ref: 'p:strict' });
    await add({ kind: 'send', to: { chatId: ok.chatId }, body: card('ok'), ref: 'p:ok' });
    const notAllowed = await add({
      kind: 'urgent',
      message: { ref: 'p:strict' },
      urgent: 'app',
      openIds: [users[0].openId],
    });
    const noQuota = await add({
      kind: 'urgent',
      message: { ref: 'p:ok' },
      urgent: 'phone',
      openIds: [okUsers[0].openId],
    });
    const noScope = await add({
      kind: 'urgent',
      message: { ref: 'p:ok' },
      urgent: 'sms',
      openIds: [okUsers[0].openId],
    });
    const f = await flushOutbox(deps());
    expect(f).toMatchObject({ sent: 2, failed: 4 });
    expect(await rowOf(notInGroup)).toMatchObject({
      status: 'failed',
      error_code: 230002,
      error_reason: 'bot_not_in_group',
      attempts: 1,
    });
    expect(await rowOf(notAllowed)).toMatchObject({
      status: 'failed',
      error_code: 230052,
      error_reason: 'not_allowed',
    });
    expect(await rowOf(noQuota)).toMatchObject({
      status: 'failed',
      error_code: 230024,
      error_reason: 'quota_exhausted',
    });
    expect(await rowOf(noScope)).toMatchObject({
      status: 'failed',
      error_code: 99991672,
      error_reason: 'missing_scope',
    });
    expect(posts(gone.chatId)).toHaveLength(1); // never retried
    expect(feishu.emulator.calls({ path: 'urgent_' })).toHaveLength(3);

    const health = await deliveryHealth(db.db, teamId, since);
    expect(health).toMatchObject({ sent: 2, failed: 4, pending: 0 });
    const explained = Object.fromEntries(health.problems.map((p) => [p.reason, p.explanation]));
    expect(explained.bot_not_in_group!['zh-CN']).toBe('机器人不在群里：请把机器人重新拉进群。');
    expect(explained.missing_scope!.en).toBe(
      'Missing scope im:message.urgent:sms: add it in the developer console and publish a new version.',
    );
    expect(explained.quota_exhausted!['zh-CN']).toContain('额度已用完');
    expect(explained.not_allowed!.en).toContain('all members may buzz');
  });

  it('sends a card, then buzzes and patches that very message', async () => {
    const { chat, users } = seedGroup(feishu.emulator, { name: 'A', members: ['王主管'] });
    await add({
      kind: 'urgent',
      message: { ref: 'a:1:card' },
      urgent: 'phone',
      openIds: [users[0].openId, 'ou_nobody'],
      priority: PRIORITY.urgent,
    });
    await add({ kind: 'patch', message: { ref: 'a:1:card' }, card: card('claimed').content });
    await add({
      kind: 'send',
      to: { chatId: chat.chatId },
      body: card('escalating'),
      ref: 'a:1:card',
      priority: PRIORITY.urgent,
    });
    await flushOutbox(deps());
    const [message] = feishu.emulator.messages(chat.chatId);
    expect(message!.content).toEqual(card('claimed').content);
    expect(feishu.emulator.urgentCalls()).toMatchObject([
      { kind: 'phone', messageId: message!.messageId, callees: [users[0].openId], invalid: ['ou_nobody'] },
    ]);
    const [buzz] = await query<{ result: unknown }>(db.db, sql`select result from outbox where kind = 'urgent'`);
    expect(buzz!.result).toEqual({ unknownPeople: ['ou_nobody'] });
  });

  it('a send resumed after its sender died mid-call posts once: same uuid, de-duplicated by Feishu', async () => {
    const { chat } = seedGroup(feishu.emulator, { name: 'A', members: ['王主管'] });
    const other: Database = db.url ? await openPostgres(db.url) : db;
    try {
      const id = await add({ kind: 'send', to: { chatId: chat.chatId }, body: text('once'), uuid: 'evt-1:post0' });
      let release!: () => void;
      // A's call hangs in the network until the test lets it go (no timing involved).
      const hang = feishu.emulator.failNext({
        method: 'POST',
        path: '/im/v1/messages',
        until: new Promise<void>((r) => (release = r)),
      });
      const a = dispatchOutbox(deps(), { runnerId: 'a' });
      await expect.poll(() => hang.remaining).toBe(0); // A's call has reached Feishu and waits there
      expect(await query(db.db, sql`select 1 from outbox where id = ${id} and claimed_by like 'a/%'`)).toHaveLength(1);
      clock.advance(60_001); // A's lease runs out; B takes the row over
      expect(
        await dispatchOutbox(createTestDeps({ database: other, platform: feishu.platform, clock }), { runnerId: 'b' }),
      ).toMatchObject({ sent: 1 });
      release();
      await a;
      expect(posts(chat.chatId).map((c) => Boolean(c.dedup))).toEqual([false, true]);
      expect(feishu.emulator.messages(chat.chatId)).toHaveLength(1);
      expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('delivers a burst of 500 messages to one group at most 4 in any second, in order, nothing lost', async () => {
    const { chat } = seedGroup(feishu.emulator, { name: 'A', members: ['王主管'] });
    const values = Array.from(
      { length: 500 },
      (_, i) => sql`(${teamId}, 'send', 5, ${JSON.stringify({ chatId: chat.chatId })}::jsonb,
      ${JSON.stringify(text(`alert ${i}`))}::jsonb, ${`burst-${i}`}, ${clock.now().toISOString()}::timestamptz, ${clock.now().toISOString()}::timestamptz)`,
    );
    await db.db.execute(
      sql`insert into outbox (team_id, kind, priority, target, payload, uuid, due_at, created_at) values ${sql.join(values, sql`, `)}`,
    );
    const started = clock.now().getTime();
    const f = await flushOutbox(deps(), { maxRounds: 5000 });
    expect(f.sent).toBe(500);
    const got = feishu.emulator.messages(chat.chatId);
    expect(got.map((m) => (m.content as { text: string }).text)).toEqual(
      Array.from({ length: 500 }, (_, i) => `alert ${i}`),
    );
    expect(posts(chat.chatId)).toHaveLength(500); // not one refused and retried
    expect(feishu.emulator.violations()).toEqual([]);
    expect(maxInWindow(got.map((m) => m.createTime))).toBeLessThanOrEqual(4);
    // One a quarter second, 4 in any second: 4 every 1.25 s, ~156 s of simulated time.
    expect(clock.now().getTime() - started).toBeLessThan(160_000);
    // 500 passes of ~4 statements and one HTTP call each: ~5 s on an idle 2-core machine, more when it is busy.
  }, 120_000);
});
