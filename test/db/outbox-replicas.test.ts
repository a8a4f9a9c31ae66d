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
const app = appWith(
  defineFeature({
    name: 'lease',
    onOutboxOutcome: (d, row, outcome) => leaseListener?.(d, row, outcome) ?? Promise.resolve(),
  }),
);
import type { PlatformApi } from '../../src/port/platform';
import { silentLogger } from '../../src/log';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { maxInWindow, seedChats, sendsOf, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });

/**
 * Two replicas: two dispatch loops on one database, each with its own SDK client, both talking to
 * the Feishu emulator. On Postgres each has its own connection pool (the real thing); on PGlite
 * they share its one connection, which still interleaves their passes.
 */
describe('outbox dispatcher: replicas', () => {
  let db: TestDatabase;
  let other: Database;
  let feishu: FakeFeishu;
  /** Replica B's own client to the same Feishu. */
  let platformB: PlatformApi;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.100Z'));
  beforeAll(async () => {
    clock.freeze();
    [db, feishu] = await Promise.all([openTestDatabase(), startFakeFeishu({ clock })]);
    other = db.url ? await openPostgres(db.url) : db;
    platformB = createFeishuPlatform({
      appId: feishu.emulator.app.appId,
      appSecret: feishu.emulator.app.appSecret,
      domain: feishu.url,
      log: silentLogger,
    });
  });
  afterAll(async () => {
    if (other !== db) await other?.close();
    await feishu?.close();
    await db?.destroy();
  });
  beforeEach(async () => {
    await db.db.execute(sql`delete from outbox`);
    await db.db.execute(sql`delete from rate_slots`);
    feishu.emulator.reset();
    clock.advance(60_000);
  });

  const pending = async () =>
    (await query<{ n: number }>(db.db, sql`select count(*)::int as n from outbox where status = 'pending'`))[0]!.n;

  /** Both replicas race through each 50 ms step of simulated time until nothing is pending. */
  async function race(opts: { limit?: number } = {}) {
    const a = createTestDeps({ database: db, platform: feishu.platform, clock, app });
    const b = createTestDeps({ database: other, platform: platformB, clock, app });
    for (let step = 0; (await pending()) > 0; step++) {
      if (step > 2000) throw new Error('replicas made no progress');
      await Promise.all([dispatchOutbox(a, { runnerId: 'a', ...opts }), dispatchOutbox(b, { runnerId: 'b', ...opts })]);
      clock.advance(50);
    }
  }

  it('keep each chat and user within 5 in any second, in order, each row sent once', async () => {
    seedChats(feishu.emulator, ['oc_a', 'oc_b']);
    feishu.emulator.addUser({ name: '私聊', openId: 'ou_c' });
    for (let i = 0; i < 20; i++) {
      for (const to of [{ chatId: 'oc_a' }, { chatId: 'oc_b' }, { openId: 'ou_c' }]) {
        await enqueue(db.db, clock.now(), {
          kind: 'send',
          teamId: null,
          to,
          body: text(`${Object.values(to)[0]} ${i}`),
        });
      }
    }
    await race();
    const sends = sendsOf(feishu.emulator);
    expect(sends).toHaveLength(60);
    expect(new Set(sends.map((c) => c.uuid)).size).toBe(60);
    expect(sends.filter((c) => c.status !== 200 || c.dedup)).toEqual([]);
    for (const who of ['oc_a', 'oc_b', 'ou_c']) {
      const mine = sends.filter((c) => c.to === who);
      expect(mine.map((c) => c.text)).toEqual(Array.from({ length: 20 }, (_, i) => `${who} ${i}`));
      expect(maxInWindow(mine.map((c) => c.at))).toBeLessThanOrEqual(5);
    }
    expect(feishu.emulator.violations()).toEqual([]);
  });

  it('keep the app within 50 in any second', async () => {
    seedChats(
      feishu.emulator,
      Array.from({ length: 150 }, (_, i) => `oc_${i}`),
    );
    for (let i = 0; i < 150; i++) {
      await enqueue(db.db, clock.now(), {
        kind: 'send',
        teamId: null,
        to: { chatId: `oc_${i}` },
        body: text(`${i}`),
        priority: PRIORITY.urgent,
      });
    }
    await race({ limit: 100 });
    const sends = sendsOf(feishu.emulator);
    expect(sends).toHaveLength(150);
    expect(new Set(sends.map((c) => c.uuid)).size).toBe(150);
    expect(maxInWindow(sends.map((c) => c.at))).toBeLessThanOrEqual(50);
    expect(feishu.emulator.violations()).toEqual([]);
  });

  it('resend a row whose sender died mid-call after its lease, with the same uuid, recorded once', async () => {
    seedChats(feishu.emulator, ['oc_a']);
    let release!: () => void;
    // Replica A's call hangs in the network: as far as anyone can tell, A died mid-send.
    const hang = feishu.emulator.failNext({
      method: 'POST',
      path: '/im/v1/messages',
      until: new Promise<void>((r) => (release = r)),
    });
    const heard: string[] = [];
    leaseListener = async (_d, row, outcome) => void heard.push(`${row.id}:${outcome.status}`);
    try {
      const id = await enqueue(db.db, clock.now(), {
        kind: 'send',
        teamId: null,
        to: { chatId: 'oc_a' },
        body: text('once'),
        ref: 'lease:1',
        uuid: 'evt-9:post0',
      });
      const a = createTestDeps({ database: db, platform: feishu.platform, clock, app });
      const b = createTestDeps({ database: other, platform: platformB, clock, app });
      const stuck = dispatchOutbox(a, { runnerId: 'a' });
      await expect.poll(() => hang.remaining).toBe(0); // A's call has reached Feishu and hangs there
      expect(await dispatchOutbox(b, { runnerId: 'b' })).toMatchObject({ sent: 0 }); // A's lease holds
      expect(sendsOf(feishu.emulator)).toEqual([]);
      clock.advance(60_001);
      expect(await dispatchOutbox(b, { runnerId: 'b' })).toMatchObject({ sent: 1 });
      expect(feishu.emulator.messages('oc_a').map((m) => m.uuid)).toEqual(['evt-9:post0']);
      release(); // A comes back late: Feishu answers it with B's message; A must not record (or tell the feature) a second time
      await stuck;
      expect(sendsOf(feishu.emulator).map((c) => [c.uuid, c.dedup])).toEqual([
        ['evt-9:post0', false], // B's
        ['evt-9:post0', true], // A's, de-duplicated by the uuid
      ]);
      expect(feishu.emulator.messages('oc_a')).toHaveLength(1);
      expect(heard).toEqual([`${id}:sent`]);
      expect((await query(db.db, sql`select status, attempts from outbox where id = ${id}`))[0]).toEqual({
        status: 'sent',
        attempts: 1,
      });
    } finally {
      leaseListener = undefined;
    }
  });
});
