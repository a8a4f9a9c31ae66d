import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { enqueue } from '../../src/outbox/enqueue';
import { startWorkLoop } from '../../src/runtime/work-loop';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { recordingPlatform } from '../helpers/recording-platform';

describe('the work loop', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.200Z'));
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.destroy());

  it('sends what was queued and woken for while it was stopping, before it stops', async () => {
    const rec = recordingPlatform(clock);
    const deps = createTestDeps({ database: db, platform: rec.platform, clock });
    // A poll far away: only wake() or stop() can make it look again.
    const loop = startWorkLoop(deps, { runnerId: 'stopping', pollMs: 60_000, resumeEveryMs: 3_600_000 });
    await new Promise((r) => setTimeout(r, 100));
    // Work that finishes during shutdown queues its reply and wakes the loop; stop() comes at once.
    await enqueue(db.db, clock.now(), { kind: 'send', teamId: null, to: { chatId: 'oc_stopping' }, body: { msgType: 'text', content: { text: '收到' } } });
    loop.wake();
    await loop.stop();
    expect(rec.calls.filter((c) => c.method === 'send')).toHaveLength(1);
  });
});
