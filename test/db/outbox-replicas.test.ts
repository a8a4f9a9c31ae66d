import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { openPostgres, query, type Database } from '../../src/db/client';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { enqueue, PRIORITY } from '../../src/outbox/enqueue';
import { defineFeature } from '../../src/core/feature';
import type { OutboxListener } from '../../src/outbox/listeners';
import { appWith } from '../helpers/app';

let leaseListener: OutboxListener | undefined;
const app = appWith(defineFeature({ name: 'lease', onOutboxOutcome: (d, row, outcome) => leaseListener?.(d, row, outcome) ?? Promise.resolve() }));
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { maxInWindow, recordingPlatform, type RecordedCall } from '../helpers/recording-platform';

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });
const textOf = (c: RecordedCall) => (c.body!.content as { text: string }).text;
const chatOf = (c: RecordedCall) => (c.to && 'chatId' in c.to ? c.to.chatId : c.to && 'openId' in c.to ? c.to.openId : '');

/**
 * Two replicas: two dispatch loops on one database. On Postgres each has its own connection pool
 * (the real thing); on PGlite they share its one connection, which still interleaves their passes.
 */
describe('outbox dispatcher: replicas', () => {
  let db: TestDatabase;
  let other: Database;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.100Z'));
  beforeAll(async () => {
    db = await openTestDatabase();
    other = db.url ? await openPostgres(db.url) : db;
    clock.freeze();
  });
  afterAll(async () => {
    if (other !== db) await other.close();
    await db.destroy();
  });
  beforeEach(async () => {
    await db.db.execute(sql`delete from outbox`);
    await db.db.execute(sql`delete from rate_slots`);
    clock.advance(60_000);
  });

  const pending = async () =>
    (await query<{ n: number }>(db.db, sql`select count(*)::int as n from outbox where status = 'pending'`))[0]!.n;

  /** Both replicas race through each 50 ms step of simulated time until nothing is pending. */
  async function race(platform: ReturnType<typeof recordingPlatform>['platform'], opts: { limit?: number } = {}) {
    const a = createTestDeps({ database: db, platform, clock, app });
    const b = createTestDeps({ database: other, platform, clock, app });
    for (let step = 0; (await pending()) > 0; step++) {
      if (step > 2000) throw new Error('replicas made no progress');
      await Promise.all([dispatchOutbox(a, { runnerId: 'a', ...opts }), dispatchOutbox(b, { runnerId: 'b', ...opts })]);
      clock.advance(50);
    }
  }

  it('keep each chat and user within 5 in any second, in order, each row sent once', async () => {
    const { platform, calls } = recordingPlatform(clock);
    for (let i = 0; i < 20; i++) {
      for (const to of [{ chatId: 'oc_a' }, { chatId: 'oc_b' }, { openId: 'ou_c' }]) {
        await enqueue(db.db, clock.now(), { kind: 'send', teamId: null, to, body: text(`${Object.values(to)[0]} ${i}`) });
      }
    }
    await race(platform);
    expect(calls).toHaveLength(60);
    expect(new Set(calls.map((c) => c.uuid)).size).toBe(60);
    for (const who of ['oc_a', 'oc_b', 'ou_c']) {
      const mine = calls.filter((c) => chatOf(c) === who);
      expect(mine.map(textOf)).toEqual(Array.from({ length: 20 }, (_, i) => `${who} ${i}`));
      expect(maxInWindow(mine.map((c) => c.at))).toBeLessThanOrEqual(5);
    }
  });

  it('keep the app within 50 in any second', async () => {
    const { platform, calls } = recordingPlatform(clock);
    for (let i = 0; i < 150; i++) {
      await enqueue(db.db, clock.now(), { kind: 'send', teamId: null, to: { chatId: `oc_${i}` }, body: text(`${i}`), priority: PRIORITY.urgent });
    }
    await race(platform, { limit: 100 });
    expect(calls).toHaveLength(150);
    expect(new Set(calls.map((c) => c.uuid)).size).toBe(150);
    expect(maxInWindow(calls.map((c) => c.at))).toBeLessThanOrEqual(50);
  });

  it('resend a row whose sender died mid-call after its lease, with the same uuid, recorded once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    const { platform, calls } = recordingPlatform(clock, () => {
      if (!first) return;
      first = false;
      return gate; // replica A's call hangs: as far as anyone can tell, A died mid-send
    });
    const heard: string[] = [];
    leaseListener = async (_d, row, outcome) => void heard.push(`${row.id}:${outcome.status}`);
    try {
      const id = await enqueue(db.db, clock.now(), { kind: 'send', teamId: null, to: { chatId: 'oc_a' }, body: text('once'), ref: 'lease:1', uuid: 'evt-9:post0' });
      const a = createTestDeps({ database: db, platform, clock, app });
      const b = createTestDeps({ database: other, platform, clock, app });
      const stuck = dispatchOutbox(a, { runnerId: 'a' });
      await expect.poll(() => calls.length).toBe(1);
      expect(await dispatchOutbox(b, { runnerId: 'b' })).toMatchObject({ sent: 0 }); // A's lease holds
      clock.advance(60_001);
      expect(await dispatchOutbox(b, { runnerId: 'b' })).toMatchObject({ sent: 1 });
      expect(calls.map((c) => c.uuid)).toEqual(['evt-9:post0', 'evt-9:post0']); // Feishu answers the second with the first message
      release(); // A comes back late: it must not record (or tell the feature) a second time
      await stuck;
      expect(heard).toEqual([`${id}:sent`]);
      expect((await query(db.db, sql`select status, attempts from outbox where id = ${id}`))[0]).toEqual({ status: 'sent', attempts: 1 });
    } finally {
      leaseListener = undefined;
    }
  });
});
