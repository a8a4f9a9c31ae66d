import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { eventLanes } from '../../src/core/event-lanes';
import { handleEvent } from '../../src/core/handle-event';
import { EVENT_WORK_SLOTS, MAX_WAITING } from '../../src/core/work-slots';
import { INBOX_LEASE_MS } from '../../src/core/inbox';
import { openPostgres, query, type Database } from '../../src/db/client';
import { enqueue, PRIORITY } from '../../src/outbox/enqueue';
import { RESUME_BATCH, resumeUnfinished, startWorkLoop } from '../../src/runtime/work-loop';
import { useTestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { seedChats, seedGroup, sendsOf, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { flushOutbox } from '../helpers/flush';
import { inboundMessage } from '../helpers/inbound';
import { leftToInbox } from '../helpers/inbox-backlog';

describe('the work loop', () => {
  const db = useTestDatabase();
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.200Z'));
  let feishu: FakeFeishu;
  /** Replica B's connections (its own pool on Postgres; PGlite has one connection). */
  let other: Database;
  beforeAll(async () => {
    feishu = await startFakeFeishu({ clock });
    other = db.url ? await openPostgres(db.url) : db;
  });
  afterAll(async () => {
    if (other && other !== db) await other.close();
    await feishu?.close();
  });

  /** A member's "/help" in a real group of the emulator, as the bot receives it, and the replies to it. */
  async function helpInGroup(name: string) {
    const { chat, users } = seedGroup(feishu.emulator, { name, members: ['王主管'] });
    const { message } = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[0].openId,
      text: '/help',
    });
    const event = {
      ...inboundMessage(message.messageId, '/help', chat.chatId),
      tenantKey: feishu.emulator.tenantKey,
      sender: { openId: users[0].openId },
    };
    const replies = () => feishu.emulator.messages(chat.chatId).filter((m) => m.parentId === message.messageId);
    const replyCalls = () =>
      feishu.emulator.calls({ method: 'POST', path: `/im/v1/messages/${message.messageId}/reply` });
    return { event, replies, replyCalls };
  }
  const replica = (database: Database) => createTestDeps({ database, platform: feishu.platform, clock });
  const unfinished = async (id: string) =>
    (
      await query<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from inbound_events where id = ${id} and processed_at is null`,
      )
    )[0]!.n;

  it('replays an event whose replica died before working on it: another replica answers it once, after the lease', async () => {
    const { event, replies } = await helpInGroup('客服一组');
    const a = replica(db);
    const b = replica(other);
    // Replica A accepts the event (Feishu got its 200) and dies before the work runs.
    expect(await eventLanes(a).acceptor.accept(event, clock.now())).toBe(true);
    expect(await resumeUnfinished(b)).toBe(0); // A's lease still holds
    clock.advance(INBOX_LEASE_MS + 1);
    expect(await resumeUnfinished(b)).toBe(1);
    await flushOutbox(b);
    expect(replies()).toHaveLength(1);
    expect(await unfinished(event.id)).toBe(0);
    expect(await resumeUnfinished(b)).toBe(0); // done: not replayed again
    await flushOutbox(b);
    expect(replies()).toHaveLength(1);
  });

  it('replays an event whose finished work a crash lost after the reply reached Feishu: same uuid, seen once', async () => {
    const { event, replies, replyCalls } = await helpInGroup('客服二组');
    const a = replica(db);
    const b = replica(other);
    const handled = await handleEvent(event, a);
    expect((await handled.done).outcome).not.toBe('error');
    await flushOutbox(a);
    expect(replies()).toHaveLength(1);
    // A message's work commits without waiting for the disk (replayableDb, synchronous_commit=off):
    // a crash may lose it — the "processed" mark and the reply row — after Feishu got the reply.
    await db.db.execute(sql`update inbound_events set processed_at = null, outcome = null where id = ${event.id}`);
    const lost = await query(
      db.db,
      sql`delete from outbox where kind = 'reply' and target->>'messageId' = ${event.messageId} returning id`,
    );
    expect(lost).toHaveLength(1);
    clock.advance(INBOX_LEASE_MS + 1);
    expect(await resumeUnfinished(b)).toBe(1);
    await flushOutbox(b);
    const calls = replyCalls();
    expect(calls).toHaveLength(2); // the replay did send again …
    expect(calls.map((c) => (c.body as { uuid: string }).uuid)).toEqual([
      (calls[0]!.body as { uuid: string }).uuid,
      (calls[0]!.body as { uuid: string }).uuid,
    ]);
    expect(calls.map((c) => Boolean(c.dedup))).toEqual([false, true]); // … with the same uuid, so Feishu posted nothing new
    expect(replies()).toHaveLength(1);
    expect(await unfinished(event.id)).toBe(0);
  });

  it('sends what was queued and woken for while it was stopping, before it stops', async () => {
    // The loop's pass is held in its first send; meanwhile work that finishes during shutdown
    // queues a reply and wakes the loop, and stop() comes at once.
    seedChats(feishu.emulator, ['oc_first', 'oc_stopping']);
    let release!: () => void;
    const held = feishu.emulator.failNext({
      method: 'POST',
      path: '/im/v1/messages',
      when: (c) => (c.body as { receive_id?: string }).receive_id === 'oc_first',
      until: new Promise<void>((r) => (release = r)),
    });
    const deps = createTestDeps({ database: db, platform: feishu.platform, clock });
    const send = (chatId: string, text: string) =>
      enqueue(db.db, clock.now(), {
        kind: 'send',
        teamId: null,
        to: { chatId },
        body: { msgType: 'text', content: { text } },
      });
    await send('oc_first', '先');
    // A poll far away: only wake() or stop() can make it look again.
    const loop = startWorkLoop(deps, { runnerId: 'stopping', pollMs: 60_000, resumeEveryMs: 3_600_000 });
    await expect.poll(() => held.remaining).toBe(0); // the pass is in its first send
    await send('oc_stopping', '收到');
    loop.wake();
    const stopped = loop.stop();
    release();
    await stopped;
    expect(sendsOf(feishu.emulator).map((c) => [c.to, c.text, c.status])).toEqual([
      ['oc_first', '先', 200],
      ['oc_stopping', '收到', 200],
    ]);
  });
  it('past the in-memory bound, stores a message for the inbox loop without a lease: another replica answers it at once, once', async () => {
    const { event, replies } = await helpInGroup('客服满载组');
    const a = replica(db);
    const lanes = eventLanes(a);
    // A flood's worth of work that never finishes fills A's slots and their queue.
    const stuck: Promise<unknown>[] = [];
    for (let i = 0; i < MAX_WAITING + EVENT_WORK_SLOTS; i++)
      stuck.push(lanes.slots.run(() => new Promise(() => {})).catch(() => {}));
    expect(lanes.slots.full()).toBe(true);
    const run = vi.spyOn(lanes.slots, 'run');
    const handling = await handleEvent(event, a);
    expect(run).not.toHaveBeenCalled(); // not offered to the full queue, so no lease to hand back after
    expect(handling.duplicate).toBe(false);
    expect(await handling.done).toMatchObject({ outcome: 'ignored' }); // not queued here
    expect(await unfinished(event.id)).toBe(1);
    // No lease to wait out: B's inbox lane takes it on its next pass, with the clock unmoved.
    const b = replica(other);
    expect(await resumeUnfinished(b)).toBe(1);
    await flushOutbox(b);
    expect(await unfinished(event.id)).toBe(0);
    expect(replies()).toHaveLength(1);
    expect(await resumeUnfinished(b)).toBe(0);
    lanes.slots.close();
    expect((await handleEvent(event, a)).duplicate).toBe(true); // Feishu's retry: acted on once
  });

  it('keeps up with a backlog left to the inbox: batch after batch, not one batch per interval', async () => {
    const backlog = 2 * RESUME_BATCH + 5;
    // Accepted by a replica whose work never ran (a flood's SlotsFull, or a crash).
    const ids = await leftToInbox(feishu.emulator, replica(db), clock, '客服积压组', backlog);
    const left = async () =>
      (
        await query<{ n: number }>(
          db.db,
          sql`select count(*)::int as n from inbound_events where processed_at is null and id in ${sql`(${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`}`,
        )
      )[0]!.n;
    // The inbox lane's interval is an hour: only taking batches while a backlog lasts can finish it.
    const loop = startWorkLoop(replica(other), { runnerId: 'backlog', pollMs: 50, resumeEveryMs: 3_600_000 });
    try {
      await expect.poll(left, { timeout: 20_000, interval: 100 }).toBe(0);
    } finally {
      await loop.stop();
    }
    const [row] = await query<{ once: boolean }>(
      db.db,
      sql`select bool_and(attempts = 2) as once from inbound_events where id in ${sql`(${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`}`,
    );
    expect(row?.once).toBe(true); // accepted once, resumed once: none ran twice
  });

  it('sends a due urgent row while the pass over everything else is held in a call', async () => {
    seedChats(feishu.emulator, ['oc_slow_pass', 'oc_urgent_lane']);
    let release!: () => void;
    const held = feishu.emulator.failNext({
      method: 'POST',
      path: '/im/v1/messages',
      when: (c) => (c.body as { receive_id?: string }).receive_id === 'oc_slow_pass',
      until: new Promise<void>((r) => (release = r)),
    });
    const deps = createTestDeps({ database: db, platform: feishu.platform, clock });
    const send = (chatId: string, text: string, priority: number) =>
      enqueue(db.db, clock.now(), {
        kind: 'send',
        teamId: null,
        to: { chatId },
        body: { msgType: 'text', content: { text } },
        priority,
      });
    await send('oc_slow_pass', '慢', PRIORITY.normal);
    const loop = startWorkLoop(deps, { runnerId: 'urgent-lane', pollMs: 50, resumeEveryMs: 3_600_000 });
    try {
      await expect.poll(() => held.remaining).toBe(0); // the outbox lane's pass is in that call
      await send('oc_urgent_lane', '电话', PRIORITY.urgent);
      loop.wake();
      await expect
        .poll(() => sendsOf(feishu.emulator).filter((c) => c.to === 'oc_urgent_lane' && c.status === 200).length, {
          timeout: 5_000,
        })
        .toBe(1);
    } finally {
      release();
      await loop.stop();
    }
    expect(sendsOf(feishu.emulator).filter((c) => c.to === 'oc_slow_pass' && c.status === 200)).toHaveLength(1);
  });
});
