import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import type { PlatformError } from '../../src/core/platform';
import { feishuError } from '../../src/platforms/feishu/errors';
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
import { recordingPlatform } from '../helpers/recording-platform';

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
  let teamId: number;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.100Z'));
  beforeAll(async () => {
    db = await openTestDatabase();
    clock.freeze();
    await db.db.execute(sql`create table test_claims (id int primary key, claimed boolean not null default false)`);
    await db.db.execute(sql`create table test_heard (line text not null)`);
    teamId = (await db.db.insert(teams).values({ tenantKey: 't', chatId: 'oc_team', timeZone: 'Asia/Shanghai', createdAt: clock.now() }).returning())[0]!.id;
    // The shape every real guard has: lock the domain row FOR SHARE, answer from it.
    testGuard = async (tx, id) => {
      const [row] = await query<{ claimed: boolean }>(tx, sql`select claimed from test_claims where id = ${Number(id)} for share`);
      return row !== undefined && !row.claimed;
    };
  });
  afterAll(async () => {
    await db.destroy();
  });
  beforeEach(async () => {
    await db.db.execute(sql`delete from outbox`);
    await db.db.execute(sql`delete from rate_slots`);
    await db.db.execute(sql`delete from test_claims`);
    await db.db.execute(sql`delete from test_heard`);
    clock.advance(60_000);
  });

  const buzz = (n: number) =>
    enqueue(db.db, clock.now(), {
      kind: 'urgent',
      teamId,
      message: { messageId: 'om_card' },
      urgent: 'phone',
      openIds: ['ou_sup'],
      guard: 'testclaim:1',
      ref: `testclaim:1:buzz:${n}`,
      priority: PRIORITY.urgent,
    });
  const statusOf = async (id: number | null) => (await query<{ status: string; error_reason: string | null }>(db.db, sql`select status, error_reason from outbox where id = ${id}`))[0];

  it('cancels a guarded buzz once the claim is answered, without calling Feishu', async () => {
    const { platform, calls } = recordingPlatform(clock);
    const deps = createTestDeps({ database: db, platform, clock, app });
    await db.db.execute(sql`insert into test_claims (id, claimed) values (1, true)`);
    const id = await buzz(1);
    expect(await dispatchOutbox(deps)).toMatchObject({ sent: 0, cancelled: 1 });
    expect(calls).toHaveLength(0);
    expect(await statusOf(id)).toEqual({ status: 'cancelled', error_reason: 'guard' });
  });

  it('a claim racing a buzz waits for it; the buzz after the claim is cancelled', async () => {
    await db.db.execute(sql`insert into test_claims (id) values (1)`);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { platform, calls } = recordingPlatform(clock, () => gate);
    const deps = createTestDeps({ database: db, platform, clock, app });
    const first = await buzz(1);
    const sending = dispatchOutbox(deps);
    await expect.poll(() => calls.length).toBe(1); // Feishu is being called, inside the guard's transaction

    let claimed = false;
    const claim = db.db.execute(sql`update test_claims set claimed = true where id = 1`).then(() => (claimed = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(claimed).toBe(false); // the claim waits for the buzz in flight (row lock / PGlite's one connection)
    release();
    expect(await sending).toMatchObject({ sent: 1 });
    await claim;
    expect(await statusOf(first)).toMatchObject({ status: 'sent' });

    const second = await buzz(2); // the next escalation step, enqueued before the timer was cancelled
    expect(await dispatchOutbox(deps)).toMatchObject({ sent: 0, cancelled: 1 });
    expect(calls).toHaveLength(1);
    expect(await statusOf(second)).toEqual({ status: 'cancelled', error_reason: 'guard' });
  });

  it('tells the feature what became of its rows, in the transaction that records it', async () => {
    const { platform } = recordingPlatform(clock, (c) => {
      if (c.kind === 'phone') throw feishuError('urgent phone', { status: 400, code: 230024, msg: 'Reach the upper limit of urgent message.' });
    });
    const deps = createTestDeps({ database: db, platform, clock, app });
    const outcomes: OutboxOutcome[] = [];
    probe = async (d, row, outcome) => {
      outcomes.push(outcome);
      await d.db.execute(sql`insert into test_heard (line) values (${`${row.ref} ${outcome.status}`})`);
      if (row.ref === 'probe:throws') throw new Error('listener bug');
    };
    try {
      await enqueue(db.db, clock.now(), { kind: 'send', teamId, to: { chatId: 'oc_a' }, body: text('card'), ref: 'probe:card' });
      await enqueue(db.db, clock.now(), { kind: 'urgent', teamId, message: { ref: 'probe:card' }, urgent: 'phone', openIds: ['ou_1'], ref: 'probe:phone' });
      const t = await enqueue(db.db, clock.now(), { kind: 'send', teamId, to: { chatId: 'oc_b' }, body: text('x'), ref: 'probe:throws' });
      await enqueue(db.db, clock.now(), { kind: 'send', teamId, to: { chatId: 'oc_c' }, body: text('no ref') });
      await flushOutbox(deps);
      expect(outcomes).toHaveLength(3);
      expect(outcomes).toContainEqual({ status: 'sent', messageId: expect.stringMatching(/^om_/) });
      expect(outcomes).toContainEqual({ status: 'failed', reason: 'quota_exhausted', code: 230024, message: expect.stringContaining('230024') });
      // What the listener wrote committed with the outcome; a listener that threw lost its writes, not the outcome.
      const heard = (await query<{ line: string }>(db.db, sql`select line from test_heard order by line`)).map((r) => r.line);
      expect(heard).toEqual(['probe:card sent', 'probe:phone failed']);
      expect(await statusOf(t)).toMatchObject({ status: 'sent' });
    } finally {
      probe = undefined;
    }
  });

  it('reports delivery health for /setup: counts and the latest distinct problems, explained', async () => {
    const failures: Record<string, PlatformError> = {
      oc_gone: feishuError('send', { status: 400, code: 230002, msg: 'The bot can not be outside the group.' }),
      oc_scope: feishuError('send', { status: 400, code: 99991672, msg: 'Access denied. One of the following scopes is required: [im:message:send_as_bot].' }),
    };
    const { platform } = recordingPlatform(clock, (c) => {
      const chat = c.to && 'chatId' in c.to ? c.to.chatId : '';
      if (failures[chat]) throw failures[chat];
    });
    const deps = createTestDeps({ database: db, platform, clock, app });
    const since = clock.now();
    const send = (chatId: string) => enqueue(db.db, clock.now(), { kind: 'send', teamId, to: { chatId }, body: text('x') });
    await send('oc_ok1');
    await send('oc_gone');
    await flushOutbox(deps);
    clock.advance(60_000);
    await send('oc_scope');
    await send('oc_ok2');
    await flushOutbox(deps);
    clock.advance(60_000);
    await send('oc_gone');
    await send('oc_later');
    await enqueue(db.db, clock.now(), { kind: 'send', teamId, to: { chatId: 'oc_later' }, body: text('x'), dueAt: new Date(clock.now().getTime() + 3600_000) });
    await dispatchOutbox(deps);

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
