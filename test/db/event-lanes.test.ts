import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { eventLanes } from '../../src/core/event-lanes';
import { handleEvent } from '../../src/core/handle-event';
import { claimUnfinished } from '../../src/core/inbox';
import { EVENT_WORK_SLOTS } from '../../src/core/work-slots';
import type { PlatformApi } from '../../src/port/platform';
import { openPostgres, query, type Db } from '../../src/db/client';
import { NODE_POOLS } from '../../src/db/open';
import { usingPostgres, useTestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { countingDb, inboundCardAction, inboundMessage } from '../helpers/inbound';

// Only what these events use of a platform: its name (teams are looked up by it) and the chat's info.
const platform = {
  name: 'feishu',
  words: {},
  chatInfo: async () => ({ name: '客服一组', ownerOpenId: 'ou_owner' }),
} as unknown as PlatformApi;

const message = (id: string) => inboundMessage(id, '/help', 'oc_lanes');

describe('event lanes: where an event’s work runs', () => {
  const db = useTestDatabase();

  it('runs a message’s work on the replayable connections and a card click’s on the durable ones', async () => {
    const replayable = countingDb(db.db);
    const deps = { ...createTestDeps({ database: db, platform }), replayableDb: replayable.db };
    const handled = await handleEvent(message('om_lanes_1'), deps);
    expect((await handled.done).outcome).not.toBe('error');
    const afterMessage = replayable.count();
    expect(afterMessage).toBeGreaterThan(0);
    const [row] = await query<{ processed: boolean }>(
      db.db,
      sql`select processed_at is not null as processed from inbound_events where id = 'msg:om_lanes_1'`,
    );
    expect(row?.processed).toBe(true);

    const clicked = await handleEvent(inboundCardAction('evt_lanes_click', { chatId: 'oc_lanes' }), deps);
    await clicked.done;
    expect(replayable.count()).toBe(afterMessage);
  });

  it('renews the lease of work that waited long in the queue, and leaves it to a replica that took it over', async () => {
    const deps = createTestDeps({ database: db, platform });
    deps.clock.freeze();
    const processed = async (id: string) =>
      (
        await query<{ p: boolean }>(
          db.db,
          sql`select processed_at is not null as p from inbound_events where id = ${id}`,
        )
      )[0]?.p;

    // Every slot busy, so the next events wait in the queue while the clock moves on.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const busy = Array.from({ length: EVENT_WORK_SLOTS }, () => eventLanes(deps).slots.run(() => gate));
    const kept = await handleEvent(message('om_lanes_kept'), deps);
    const lost = await handleEvent(message('om_lanes_lost'), deps);
    deps.clock.advance(40_000);
    // Meanwhile another replica's work loop claimed the second one (its lease looked expired to it).
    await db.db.execute(
      sql`update inbound_events set claimed_until = now() + interval '1 minute' where id = 'msg:om_lanes_lost'`,
    );
    release();
    await Promise.all(busy);

    expect((await kept.done).outcome).toBe('ok');
    expect(await processed('msg:om_lanes_kept')).toBe(true);
    expect((await lost.done).outcome).toBe('ignored');
    expect(await processed('msg:om_lanes_lost')).toBe(false);
  });

  it('hands the work a stopping replica will not start to the others at once (lease released)', async () => {
    const deps = createTestDeps({ database: db, platform });
    deps.clock.freeze();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const busy = Array.from({ length: EVENT_WORK_SLOTS }, () => eventLanes(deps).slots.run(() => gate));
    const left = await handleEvent(message('om_lanes_left'), deps);
    eventLanes(deps).slots.close();
    expect((await left.done).outcome).toBe('ignored');
    release();
    await Promise.all(busy);
    // Not processed, and claimable by any replica's work loop now rather than in a minute.
    const unfinished = await claimUnfinished(db.db, new Date(deps.clock.now().getTime() + 1));
    expect(unfinished.map((e) => e.id)).toContain('msg:om_lanes_left');
  });

  it.runIf(usingPostgres())(
    'gives a Node replica durable accepts and asynchronous commits only for replayable work',
    async () => {
      const pools = await openPostgres(db.url!, NODE_POOLS);
      try {
        const setting = async (d: Db) =>
          (await query<{ v: string }>(d, sql`select current_setting('synchronous_commit') as v`))[0]?.v;
        expect(await setting(pools.db)).toBe('on');
        expect(await setting(pools.acceptDb!)).toBe('on');
        expect(await setting(pools.replayableDb!)).toBe('off');
      } finally {
        await pools.close();
      }
    },
  );
});
