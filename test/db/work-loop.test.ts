import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { enqueue } from '../../src/outbox/enqueue';
import { startWorkLoop } from '../../src/runtime/work-loop';
import { useTestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { recordingPlatform } from '../helpers/recording-platform';

describe('the work loop', () => {
  const db = useTestDatabase();
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.200Z'));

  it('sends what was queued and woken for while it was stopping, before it stops', async () => {
    // The loop's pass is held in its first send; meanwhile work that finishes during shutdown
    // queues a reply and wakes the loop, and stop() comes at once.
    let sending!: () => void;
    const inFirstSend = new Promise<void>((r) => (sending = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const rec = recordingPlatform(clock, (call) => {
      if (call.to && 'chatId' in call.to && call.to.chatId === 'oc_first') {
        sending();
        return held;
      }
    });
    const deps = createTestDeps({ database: db, platform: rec.platform, clock });
    const send = (chatId: string, text: string) => enqueue(db.db, clock.now(), { kind: 'send', teamId: null, to: { chatId }, body: { msgType: 'text', content: { text } } });
    await send('oc_first', '先');
    // A poll far away: only wake() or stop() can make it look again.
    const loop = startWorkLoop(deps, { runnerId: 'stopping', pollMs: 60_000, resumeEveryMs: 3_600_000 });
    await inFirstSend;
    await send('oc_stopping', '收到');
    loop.wake();
    const stopped = loop.stop();
    release();
    await stopped;
    expect(rec.calls.filter((c) => c.method === 'send').map((c) => c.to)).toEqual([{ chatId: 'oc_first' }, { chatId: 'oc_stopping' }]);
  });
});
