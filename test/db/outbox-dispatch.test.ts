import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { query } from '../../src/db/client';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { enqueue, PRIORITY, type Outbound } from '../../src/outbox/enqueue';
import { pruneRateSlots, slotsFor, takeSlots } from '../../src/outbox/rate-limit';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { flushOutbox } from '../helpers/flush';
import { maxInWindow, recordingPlatform } from '../helpers/recording-platform';
import { card } from '../../src/cards/card';
import { feishuTraits } from '../../src/platforms/feishu/traits';

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });
/** A card that says which version it is. */
const v = (n: number) => card({ title: `v${n}`, elements: [] });

describe('outbox dispatcher: one replica', () => {
  let db: TestDatabase;
  // 200 ms into a second, so "the same second" and "the next second" are unambiguous.
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.200Z'));
  beforeAll(async () => {
    db = await openTestDatabase();
    clock.freeze();
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    await db.db.execute(sql`delete from outbox`);
    await db.db.execute(sql`delete from rate_slots`);
    clock.advance(10_000 - (clock.now().getTime() % 1000) + 200);
  });

  const setup = (before?: Parameters<typeof recordingPlatform>[1]) => {
    const rec = recordingPlatform(clock, before);
    return { ...rec, deps: createTestDeps({ database: db, platform: rec.platform, clock }) };
  };
  const add = (o: Partial<Outbound> & Pick<Outbound, 'kind'>) =>
    enqueue(db.db, clock.now(), { teamId: null, ...o } as Outbound);
  const row = async (id: number | null) =>
    (await query<Record<string, unknown>>(db.db, sql`select * from outbox where id = ${id}`))[0]!;

  it('sends a message with the row’s uuid and records the message id', async () => {
    const { deps, calls } = setup();
    const id = await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('hi'), uuid: 'evt-1:post0' });
    expect(await dispatchOutbox(deps)).toMatchObject({ sent: 1, failed: 0, deferred: 0 });
    expect(calls).toEqual([expect.objectContaining({ method: 'send', to: { chatId: 'oc_a' }, uuid: 'evt-1:post0', body: text('hi') })]);
    expect(await row(id)).toMatchObject({ status: 'sent', result_message_id: 'om_1', attempts: 1, claimed_until: null });
  });

  it('performs every kind: reply, patch, buzz (keeping invalid ids), callback update', async () => {
    const { deps, calls } = setup();
    await add({ kind: 'reply', messageId: 'om_cmd', chatId: 'oc_a', body: text('ok') });
    await add({ kind: 'patch', message: { messageId: 'om_card' }, card: v(2) });
    const buzz = await add({ kind: 'urgent', message: { messageId: 'om_card' }, urgent: 'phone', openIds: ['ou_1', 'ou_gone'] });
    await add({ kind: 'card_update', token: 'c-tok', card: v(3) });
    expect(await dispatchOutbox(deps)).toMatchObject({ sent: 4 });
    expect(calls.map((c) => c.method).sort()).toEqual(['patchCard', 'reply', 'updateCardByToken', 'urgent']);
    expect(calls.find((c) => c.method === 'urgent')).toMatchObject({ messageId: 'om_card', kind: 'phone', openIds: ['ou_1', 'ou_gone'] });
    expect((await row(buzz)).result).toEqual({ unknownPeople: ['ou_gone'] });
  });

  it('keeps a chat within 5 in any second (4/s sustained) while other chats go ahead', async () => {
    const { deps, calls } = setup();
    for (let i = 0; i < 12; i++) await add({ kind: 'send', to: { chatId: 'oc_busy' }, body: text(`busy ${i}`) });
    await add({ kind: 'send', to: { chatId: 'oc_quiet' }, body: text('quiet') });
    await add({ kind: 'send', to: { openId: 'ou_dm' }, body: text('dm') });
    const first = await dispatchOutbox(deps);
    // One quarter-second slot of the busy chat; the quiet chat and the p2p user are not held up.
    expect(first.sent).toBe(3);
    // The next row of the busy chat finds this quarter used and waits for the next one (.250).
    expect(await dispatchOutbox(deps, { nextDue: true })).toMatchObject({ sent: 0, deferred: 1, nextDueAt: new Date(clock.now().getTime() + 50) });
    const flushed = await flushOutbox(deps);
    expect(flushed.sent).toBe(12 - 1);
    const busy = calls.filter((c) => c.to && 'chatId' in c.to && c.to.chatId === 'oc_busy');
    expect(busy.map((c) => (c.body!.content as { text: string }).text)).toEqual(Array.from({ length: 12 }, (_, i) => `busy ${i}`));
    expect(maxInWindow(busy.map((c) => c.at))).toBeLessThanOrEqual(5);
    expect(busy.at(-1)!.at - busy[0]!.at).toBeGreaterThanOrEqual(2500); // 12 at 4/s: not faster
  });

  it('keeps the app within 50 in any second', async () => {
    const { deps, calls } = setup();
    for (let i = 0; i < 120; i++) await add({ kind: 'send', to: { chatId: `oc_${i}` }, body: text('x'), priority: PRIORITY.urgent });
    expect(await dispatchOutbox(deps, { limit: 200 })).toMatchObject({ sent: 10, deferred: 110 }); // a quarter's worth
    await flushOutbox(deps);
    expect(calls).toHaveLength(120);
    expect(maxInWindow(calls.map((c) => c.at))).toBe(50);
  });

  it('claims urgent rows before bulk ones', async () => {
    const { deps, calls } = setup();
    for (let i = 0; i < 3; i++) await add({ kind: 'send', to: { chatId: `oc_digest${i}` }, body: text('digest'), priority: PRIORITY.bulk });
    clock.advance(1);
    await add({ kind: 'send', to: { chatId: 'oc_x' }, body: text('phone step'), priority: PRIORITY.urgent });
    await dispatchOutbox(deps, { limit: 1 });
    expect(calls.map((c) => (c.body!.content as { text: string }).text)).toEqual(['phone step']);
  });

  it('does not let bulk rows take the last app slots of a quarter second', async () => {
    const { deps, calls } = setup();
    for (let i = 0; i < 60; i++) await add({ kind: 'send', to: { chatId: `oc_d${i}` }, body: text('digest'), priority: PRIORITY.bulk });
    expect(await dispatchOutbox(deps, { limit: 100 })).toMatchObject({ sent: 8, deferred: 52 });
    // Still the same quarter second: a phone escalation arrives for three groups.
    for (let i = 0; i < 3; i++) await add({ kind: 'send', to: { chatId: `oc_u${i}` }, body: text('phone step'), priority: PRIORITY.urgent });
    expect(await dispatchOutbox(deps, { limit: 100 })).toMatchObject({ sent: 2 });
    expect(calls.filter((c) => (c.body!.content as { text: string }).text === 'phone step')).toHaveLength(2);
    expect(calls).toHaveLength(10);
    // Over any second the digests get at most 8 of each quarter's 10 (40 of 50), leaving room for urgent work.
    await flushOutbox(deps);
    expect(calls).toHaveLength(63);
    expect(maxInWindow(calls.filter((c) => (c.body!.content as { text: string }).text === 'digest').map((c) => c.at))).toBeLessThanOrEqual(40);
    expect(maxInWindow(calls.map((c) => c.at))).toBeLessThanOrEqual(50);
  });

  it('a buzz waits for the card it points at (not a failure), then uses its message id', async () => {
    const { deps, calls } = setup();
    const buzz = await add({ kind: 'urgent', message: { ref: 'anomaly:7:card' }, urgent: 'phone', openIds: ['ou_1'], priority: 0 });
    expect(await dispatchOutbox(deps)).toMatchObject({ sent: 0, failed: 0, deferred: 1 });
    expect(await row(buzz)).toMatchObject({ status: 'pending', attempts: 0 });
    await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('card'), ref: 'anomaly:7:card', priority: 0 });
    await flushOutbox(deps);
    expect(calls.map((c) => c.method)).toEqual(['send', 'urgent']);
    expect(calls[1]!.messageId).toBe((await query<{ result_message_id: string }>(db.db, sql`select result_message_id from outbox where ref = 'anomaly:7:card'`))[0]!.result_message_id);
  });

  it('a card and its buzz enqueued together go out in the same pass', async () => {
    const { deps, calls } = setup();
    await add({ kind: 'urgent', message: { ref: 'anomaly:8:card' }, urgent: 'app', openIds: ['ou_1'], priority: 0 });
    await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('card'), ref: 'anomaly:8:card', priority: 0 });
    expect(await dispatchOutbox(deps)).toMatchObject({ sent: 2 });
    expect(calls.map((c) => c.method)).toEqual(['send', 'urgent']);
  });

  it('a buzz whose card could not be sent fails with the reason; one whose card was cancelled is cancelled', async () => {
    const { deps } = setup();
    const card = await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('card'), ref: 'a:1:card' });
    await db.db.execute(sql`update outbox set status = 'failed', error_reason = 'bot_not_in_group', last_error = 'HTTP 400, code 230002' where id = ${card}`);
    const buzz = await add({ kind: 'urgent', message: { ref: 'a:1:card' }, urgent: 'app', openIds: ['ou_1'] });
    const card2 = await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('card'), ref: 'a:2:card' });
    await db.db.execute(sql`update outbox set status = 'cancelled' where id = ${card2}`);
    const buzz2 = await add({ kind: 'patch', message: { ref: 'a:2:card' }, card: v(0) });
    expect(await dispatchOutbox(deps)).toMatchObject({ failed: 1, cancelled: 1 });
    expect(await row(buzz)).toMatchObject({ status: 'failed', error_reason: 'target_not_sent' });
    expect(String((await row(buzz)).last_error)).toContain('230002');
    expect(await row(buzz2)).toMatchObject({ status: 'cancelled', error_reason: 'target_cancelled' });
  });

  it('drops a card patch that a newer patch of the same card overtakes', async () => {
    const { deps, calls } = setup();
    const old = await add({ kind: 'patch', message: { messageId: 'om_c' }, card: v(1) });
    await add({ kind: 'patch', message: { messageId: 'om_c' }, card: v(2) });
    await add({ kind: 'patch', message: { messageId: 'om_other' }, card: v(1) });
    await flushOutbox(deps);
    expect(calls.filter((c) => c.messageId === 'om_c').map((c) => c.card)).toEqual([v(2)]);
    expect(calls.filter((c) => c.messageId === 'om_other')).toHaveLength(1);
    expect(await row(old)).toMatchObject({ status: 'cancelled', error_reason: 'superseded' });
  });

  it('leaves rows due later alone, and says when to look again', async () => {
    const { deps, calls } = setup();
    const later = new Date(clock.now().getTime() + 5 * 60_000);
    await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('later'), dueAt: later });
    expect(await dispatchOutbox(deps, { nextDue: true })).toEqual({ sent: 0, failed: 0, deferred: 0, cancelled: 0, nextDueAt: later });
    // The Node loop polls anyway: without nextDue the pass does not look for it.
    expect(await dispatchOutbox(deps)).toEqual({ sent: 0, failed: 0, deferred: 0, cancelled: 0 });
    expect(calls).toHaveLength(0);
    const f = await flushOutbox(deps, { until: new Date(clock.now().getTime() + 60_000) });
    expect(f.sent).toBe(0);
    await flushOutbox(deps);
    expect(calls).toHaveLength(1);
  });

  it('takes a call’s slots all or none, naming only the full key', async () => {
    const now = clock.now().getTime();
    expect(await takeSlots(db.db, slotsFor(feishuTraits, 'chat:oc_a', PRIORITY.normal, now))).toEqual([]);
    const again = await takeSlots(db.db, slotsFor(feishuTraits, 'chat:oc_a', PRIORITY.normal, now));
    expect(again.map((s) => s.key)).toEqual(['chat:oc_a#0']); // the app still has room this quarter
    const counts = await query<{ key: string; count: number }>(db.db, sql`select key, count from rate_slots order by key`);
    expect(counts).toEqual([
      { key: 'app#0', count: 1 }, // the refused call did not keep the app slot it would have needed
      { key: 'chat:oc_a#0', count: 1 },
    ]);
  });

  it('prunes old rate counters', async () => {
    const { deps } = setup();
    await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('x') });
    await dispatchOutbox(deps);
    const [{ n }] = (await query<{ n: number }>(db.db, sql`select count(*)::int as n from rate_slots`)) as [{ n: number }];
    expect(n).toBe(2); // the app's quarter second and the chat's
    expect(await pruneRateSlots(db.db, clock.now())).toBe(0);
    expect(await pruneRateSlots(db.db, new Date(clock.now().getTime() + 1000))).toBe(2);
  });
});
