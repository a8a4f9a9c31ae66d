/**
 * The outbox tests' world: a test database and the Feishu emulator on one frozen clock, 200 ms into
 * a second (so "the same second" and "the next second" are unambiguous). Before each test the
 * outbox and the rate slots are emptied, the emulator reset, and the clock moved `gapMs` on to a
 * second's 200 ms, past every window of the test before. `dingtalk`: the DingTalk emulator too, on
 * the same clock and reset alike.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../src/clock';
import { openTestDatabase, type TestDatabase } from './db';
import { startFakeDingTalk, type FakeDingTalk } from './fake-dingtalk';
import { startFakeFeishu, type FakeFeishu } from './fake-feishu';

export function useOutboxWorld(o: { gapMs: number; dingtalk?: boolean }) {
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.200Z'));
  const w = {
    clock,
    db: undefined as unknown as TestDatabase,
    feishu: undefined as unknown as FakeFeishu,
    /** Only with `dingtalk: true`. */
    dingtalk: undefined as unknown as FakeDingTalk,
  };
  beforeAll(async () => {
    clock.freeze();
    [w.db, w.feishu] = await Promise.all([openTestDatabase(), startFakeFeishu({ clock })]);
    if (o.dingtalk) w.dingtalk = await startFakeDingTalk({ clock });
  });
  afterAll(async () => {
    await w.dingtalk?.close();
    await w.feishu?.close();
    await w.db?.destroy();
  });
  beforeEach(async () => {
    await w.db.db.execute(sql`delete from outbox`);
    await w.db.db.execute(sql`delete from rate_slots`);
    w.feishu.emulator.reset();
    w.feishu.emulator.setWebhook(undefined);
    w.dingtalk?.emulator.reset();
    clock.advance(o.gapMs - (clock.now().getTime() % 1000) + 200);
  });
  return w;
}
