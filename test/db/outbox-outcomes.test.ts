import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { query } from '../../src/db/client';
import { teams } from '../../src/db/schema';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { enqueue, PRIORITY } from '../../src/outbox/enqueue';
import { defineFeature } from '../../src/core/feature';
import type { Guard } from '../../src/outbox/guards';
import { appWith } from '../helpers/app';
import { deliveryHealth } from '../../src/outbox/health';
import type { OutboxListener, OutboxOutcome } from '../../src/outbox/listeners';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { flushOutbox } from '../helpers/flush';
import { seedChats, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { interactive, card } from '../../src/cards/card';

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });

// Test-only features: a guard over a test table, and a listener each test may set.
let testGuard: Guard = async () => true;
let probe: OutboxListener | undefined;
const app = appWith(
  defineFeature({ name: 'testclaim', guards: { testclaim: (tx, id) => testGuard(tx, id) } }),
  defineFeature({ name: 'probe', onOutboxOutcome: (d, row, outcome) => probe?.(d, row, outcome) ?? Promise.resolve() }),
);

describe('outbox dispatcher: guards, listeners, delivery health', () => {
  let db: TestDatabase;
  let feishu: FakeFeishu;
  let teamId: number;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.100Z'));
  beforeAll(async () => {
    clock.freeze();
    [db, feishu] = await Promise.all([openTestDatabase(), startFakeFeishu({ clock })]);
    await db.db.execute(sql`create table test_claims (id int primary key, claimed boolean not null default false)`);
    await db.db.execute(sql`create table test_heard (line text not null)`);
    teamId = (
      await db.db
        .insert(teams)
        .values({ tenantKey: 't', chatId: 'oc_team', timeZone: 'Asia/Shanghai', createdAt: clock.now() })
        .returning()
    )[0]!.id;
    // The shape every real guard has: lock the domain row FOR SHARE, answer from it.
    testGuard = async (tx, id) => {
      const [row] = await query<{ claimed: boolean }>(
        tx,
        sql`select claimed from test_claims where id = ${Number(id)} for share`,
      );
      return row !== undefined && !row.claimed;
    };
  });
  afterAll(async () => {
    await feishu?.close();
    await db?.destroy();
  });
  beforeEach(async () => {
    await db.db.execute(sql`delete from outbox`);
    await db.db.execute(sql`delete from rate_slots`);
    await db.db.execute(sql`delete from test_claims`);
    await db.db.execute(sql`delete from test_heard`);
    feishu.emulator.reset();
    clock.advance(60_000);
  });

  const deps = () => createTestDeps({ database: db, platform: feishu.platform, clock, app });
  /** Open API calls other than token fetches. */
  const apiCalls = () => feishu.emulator.calls().filter((c) => !c.path.includes('/auth/'));
  /** A card in a group with the supervisor ou_sup, to buzz about. */
  const seedCard = async () => {
    seedChats(feishu.emulator, ['oc_a'], { openId: 'ou_sup' });
    return (
      await feishu.platform.send({ chatId: 'oc_a' }, interactive(card({ title: 'anomaly', elements: [] })), 'seed-card')
    ).messageId;
  };
  let cardId = 'om_card';
  const buzz = (n: number) =>
    enqueue(db.db, clock.now(), {
      kind: 'urgent',
      teamId,
      message: { messageId: cardId },
      urgent: 'phone',
      openIds: ['ou_sup'],
      guard: 'testclaim:1',
      ref: `testclaim:1:buzz:${n}`,
      priority: PRIORITY.urgent,
    });
  const statusOf = async (id: number | null) =>
    (
      await query<{ status: string; error_reason: string | null }>(
        db.db,
        sql`select status, error_reason from outbox where id = ${id}`,
      )
    )[0];

  it('cancels a guarded buzz once the claim is answered, without calling Feishu', async () => {
    cardId = await seedCard();
    const before = apiCalls().length;
    await db.db.execute(sql`insert into test_claims (id, claimed) values (1, true)`);
    const id = await buzz(1);
    expect(await dispatchOutbox(deps())).toMatchObject({ sent: 0, cancelled: 1 });
    expect(apiCalls()).toHaveLength(before);
    expect(feishu.emulator.urgentCalls()).toEqual([]);
    expect(await statusOf(id)).toEqual({ status: 'cancelled', error_reason: 'guard' });
  });

  it('a claim racing a buzz waits for it; the buzz after the claim is cancelled', async () => {
    await db.db.execute(sql`insert into test_claims (id) values (1)`);
    cardId = await seedCard();
    let release!: () => void;
    const hang = feishu.emulator.failNext({
      method: 'PATCH',
      path: 'urgent_phone',
      until: new Promise<void>((r) => (release = r)),
    });
    const order: string[] = [];
    const unsubscribe = feishu.emulator.subscribe((c) => c.type === 'urgent' && order.push('feishu buzzed'));
    try {
      const first = await buzz(1);
      const sending = dispatchOutbox(deps());
      await expect.poll(() => hang.remaining).toBe(0); // Feishu is being called, inside the guard's transaction

      let claimed = false;
      const claim = db.db.execute(sql`update test_claims set claimed = true where id = 1`).then(() => {
        claimed = true;
        order.push('claimed');
      });
      if (db.url) {
        // Postgres: the claim's session is seen waiting on the buzz's row lock (FOR SHARE).
        await expect
          .poll(
            async () =>
              (
                await query(
                  db.db,
                  sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'update test_claims%'`,
                )
              ).length,
          )
          .toBe(1);
      }
      // PGlite has one connection: the claim queues behind the buzz's transaction (the order below shows it).
      expect(claimed).toBe(false);
      release();
      expect(await sending).toMatchObject({ sent: 1 });
      await claim;
      expect(order).toEqual(['feishu buzzed', 'claimed']); // the claim finished only after the buzz was made
      expect(await statusOf(first)).toMatchObject({ status: 'sent' });

      const second = await buzz(2); // the next escalation step, enqueued before the timer was cancelled
      expect(await dispatchOutbox(deps())).toMatchObject({ sent: 0, cancelled: 1 });
      expect(feishu.emulator.urgentCalls()).toHaveLength(1);
      expect(await statusOf(second)).toEqual({ status: 'cancelled', error_reason: 'guard' });
    } finally {
      unsubscribe();
    }
  });

  it('tells the feature what became of its rows, in the transaction that records it', async () => {
    seedChats(feishu.emulator, ['oc_a', 'oc_b', 'oc_c'], { openId: 'ou_1' });
    feishu.emulator.setQuota({ phone: 0 }); // Feishu answers the phone buzz 230024
    const outcomes: OutboxOutcome[] = [];
    probe = async (d, row, outcome) => {
      outcomes.push(outcome);
      await d.db.execute(sql`insert into test_heard (line) values (${`${row.ref} ${outcome.status}`})`);
      if (row.ref === 'probe:throws') throw new Error('listener bug');
    };
    try {
      await enqueue(db.db, clock.now(), {
        kind: 'send',
        teamId,
        to: { chatId: 'oc_a' },
        body: text('card'),
        ref: 'probe:card',
      });
      await enqueue(db.db, clock.now(), {
        kind: 'urgent',
        teamId,
        message: { ref: 'probe:card' },
        urgent: 'phone',
        openIds: ['ou_1'],
        ref: 'probe:phone',
      });
      const t = await enqueue(db.db, clock.now(), {
        kind: 'send',
        teamId,
        to: { chatId: 'oc_b' },
        body: text('x'),
        ref: 'probe:throws',
      });
      await enqueue(db.db, clock.now(), { kind: 'send', teamId, to: { chatId: 'oc_c' }, body: text('no ref') });
      await flushOutbox(deps());
      expect(feishu.emulator.urgentCalls()).toMatchObject([{ kind: 'phone', result: { code: 230024 } }]);
      expect(outcomes).toHaveLength(3);
      expect(outcomes).toContainEqual({ status: 'sent', messageId: expect.stringMatching(/^om_/) });
      expect(outcomes).toContainEqual({
        status: 'failed',
        reason: 'quota_exhausted',
        code: 230024,
        message: expect.stringContaining('230024'),
      });
      // What the listener wrote committed with the outcome; a listener that threw lost its writes, not the outcome.
      const heard = (await query<{ line: string }>(db.db, sql`select line from test_heard order by line`)).map(
        (r) => r.line,
      );
      expect(heard).toEqual(['probe:card sent', 'probe:phone failed']);
      expect(await statusOf(t)).toMatchObject({ status: 'sent' });
    } finally {
      probe = undefined;
    }
  });

  it('reports delivery health for /setup: counts and the latest distinct problems, explained', async () => {
    seedChats(feishu.emulator, ['oc_ok1', 'oc_scope', 'oc_ok2', 'oc_later']);
    seedChats(feishu.emulator, ['oc_gone']);
    feishu.emulator.updateChat('oc_gone', { botIsMember: false }); // 230002
    feishu.emulator.failNext({
      method: 'POST',
      path: '/im/v1/messages',
      when: (c) => (c.body as { receive_id?: string }).receive_id === 'oc_scope',
      code: 99991672,
      msg: 'Access denied. One of the following scopes is required: [im:message:send_as_bot].应用尚未开通所需的应用身份权限：[im:message:send_as_bot]',
    });
    const d = deps();
    const since = clock.now();
    const send = (chatId: string) =>
      enqueue(db.db, clock.now(), { kind: 'send', teamId, to: { chatId }, body: text('x') });
    await send('oc_ok1');
    await send('oc_gone');
    await flushOutbox(d);
    clock.advance(60_000);
    await send('oc_scope');
    await send('oc_ok2');
    await flushOutbox(d);
    clock.advance(60_000);
    await send('oc_gone');
    await send('oc_later');
    await enqueue(db.db, clock.now(), {
      kind: 'send',
      teamId,
      to: { chatId: 'oc_later' },
      body: text('x'),
      dueAt: new Date(clock.now().getTime() + 3600_000),
    });
    await dispatchOutbox(d);
    // What Feishu answered each send (a pass sends to different chats in parallel: any order).
    const answered = feishu.emulator
      .calls({ method: 'POST', path: '/im/v1/messages' })
      .map((c) => `${(c.body as { receive_id: string }).receive_id} ${c.status} ${c.code ?? 0}`);
    expect(answered.sort()).toEqual([
      'oc_gone 400 230002',
      'oc_gone 400 230002',
      'oc_later 200 0',
      'oc_ok1 200 0',
      'oc_ok2 200 0',
      'oc_scope 400 99991672',
    ]);

    const health = await deliveryHealth(db.db, teamId, since);
    expect(health).toMatchObject({ sent: 3, failed: 3, cancelled: 0, pending: 1 });
    expect(health.problems.map((p) => [p.code, p.reason, p.count])).toEqual([
      [230002, 'bot_not_in_group', 2],
      [99991672, 'missing_scope', 1],
    ]);
    expect(health.problems[0]!.at).toEqual(clock.now());
    expect(health.problems[0]!.explanation['zh-CN']).toBe('机器人不在群里：请把机器人重新拉进群。');
    expect(health.problems[1]!.explanation.en).toContain('im:message:send_as_bot');
    // Another team sees none of it; a later `since` sees only what happened after.
    expect((await deliveryHealth(db.db, teamId + 1, since)).problems).toEqual([]);
    expect((await deliveryHealth(db.db, teamId, new Date(clock.now().getTime() + 1))).failed).toBe(0);
  });
});
