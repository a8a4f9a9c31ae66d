import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { enqueue } from '../../src/outbox/enqueue';
import { startWorkLoop } from '../../src/runtime/work-loop';
import { useTestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { seedChats, sendsOf, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

describe('the work loop', () => {
  const db = useTestDatabase();
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.200Z'));
  let feishu: FakeFeishu;
  beforeAll(async () => {
    feishu = await startFakeFeishu({ clock });
  });
  afterAll(() => feishu?.close());

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
    const send = (chatId: string, text: string) => enqueue(db.db, clock.now(), { kind: 'send', teamId: null, to: { chatId }, body: { msgType: 'text', content: { text } } });
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
});
