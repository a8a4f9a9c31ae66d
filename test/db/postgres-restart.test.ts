/**
 * Postgres restart mid-load (issue #18, "Faults"). The test runs a PostgreSQL server of its own
 * (test/helpers/own-postgres.ts: initdb in a temporary directory, a free port — never the shared
 * server) and crashes it (`pg_ctl stop -m immediate`) in the middle of a burst of group messages
 * and due timers, then starts it again. The bot — its webhook app, deferred work and work loop, as
 * `npm start` runs them — must reconnect by itself, say 503 on /healthz while the database is
 * away, lose no event it accepted (answered 200), and run every timer exactly once.
 *
 * Events Feishu could not deliver while the database was away (the bot answered 5xx) are delivered
 * again, as Feishu does. Work that died with the connection is picked up once its inbox lease has
 * run out: the clock is moved past the lease instead of waiting it out.
 *
 * A Postgres test: skipped on PGlite runs (and where the machine has no PostgreSQL binaries).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { defineFeature } from '../../src/core/feature';
import { INBOX_LEASE_MS } from '../../src/core/inbox';
import { scheduleTimer } from '../../src/core/timers';
import { openPostgres, query, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/migrations-fs';
import type { EmittedMessage } from '../../src/emulator/feishu';
import { createApp } from '../../src/http/app';
import { startWorkLoop } from '../../src/runtime/work-loop';
import { appWith } from '../helpers/app';
import { usingPostgres } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { postgresBinDir, startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres';
import { waitFor } from '../helpers/wait';

const EVENTS = 60;
const TIMERS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A timer kind whose every run leaves a row (no unique key), so a doubled run shows. */
const probe = defineFeature({
  name: 'restartProbe',
  timers: {
    'restartProbe.run': async (d, timer) => {
      await d.db.execute(sql`insert into restart_probe_runs (ref) values (${timer.ref})`);
    },
  },
});

describe.skipIf(!usingPostgres() || !postgresBinDir())('a Postgres restart mid-load', () => {
  let pg: OwnPostgres;
  let database: Database;
  let feishu: FakeFeishu;
  beforeAll(async () => {
    pg = (await startOwnPostgres())!;
    // The pools `npm start` opens (src/db/open.ts): main, accepting events, messages' work.
    database = await openPostgres(pg.url, { max: 8, lanes: { accept: 2, replayable: 4 } });
    await applyMigrations(database.db, await loadMigrations());
    await database.db.execute(sql`create table restart_probe_runs (ref text not null)`);
    feishu = await startFakeFeishu();
  }, 120_000);
  afterAll(async () => {
    await feishu?.close();
    await database?.close();
    await pg?.destroy();
  });

  it('loses no accepted event, runs each timer once, reconnects, and says 503 while away', async () => {
    const { chat, users } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '李客服'] });
    const deps = createTestDeps({ database, platform: feishu.platform, app: appWith(probe) });
    const app = createApp(deps);
    feishu.emulator.setWebhook((req: Request) => app.fetch(req));
    const loop = startWorkLoop(deps, { runnerId: 'restart', pollMs: 100, resumeEveryMs: 500 });
    deps.wake = () => loop.wake();
    const health = async () => (await app.request('/healthz')).status;
    try {
      expect(await health()).toBe(200);
      const now = deps.clock.now().getTime();
      for (let i = 0; i < TIMERS; i++)
        await scheduleTimer(
          database.db,
          { teamId: null, kind: 'restartProbe.run', ref: `probe:${i}`, dueAt: new Date(now + 200 + i * 30) },
          deps.clock.now(),
        );

      // 20 messages a second for 3 s; the server crashes 1 s in and is back 2 s later.
      const emitted: EmittedMessage[] = [];
      const burst = (async () => {
        for (let i = 0; i < EVENTS; i++) {
          emitted.push(
            await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: users[1].openId, text: '/help' }),
          );
          await sleep(50);
        }
      })();
      await sleep(1_000);
      await pg.stop('immediate');
      const whileAway = await health();
      await sleep(2_000);
      await pg.start();
      await burst;
      expect(whileAway).toBe(503);

      // Some were refused while it was away (Feishu delivers those again), some accepted before it left.
      const refused = emitted.filter((e) => e.status !== 200);
      expect(refused.length).toBeGreaterThan(0);
      expect(emitted.filter((e) => e.status === 200).length).toBeGreaterThan(0);
      await waitFor('the bot to reconnect', async () => (await health()) === 200, { timeoutMs: 30_000 });
      for (const e of refused) {
        const again = await waitFor(
          'a redelivery accepted',
          async () => {
            const r = await feishu.emulator.deliverEvent(e.event);
            return r.status === 200 ? r : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 200 },
        );
        expect(again.status).toBe(200);
      }

      // Work cut off by the crash waits for its lease; move past it rather than wait it out.
      deps.clock.advance(INBOX_LEASE_MS + 1_000);
      const replies = () =>
        emitted.map((e) => feishu.emulator.messages(chat.chatId).filter((m) => m.parentId === e.message.messageId));
      await waitFor(
        'every event answered and every timer run',
        async () => {
          const [counts] = await query<{ open: number; left: number }>(
            database.db,
            sql`select (select count(*)::int from inbound_events where processed_at is null) as open,
                       (select count(*)::int from timers where kind = 'restartProbe.run' and done_at is null) as left`,
          );
          return counts!.open === 0 && counts!.left === 0 && replies().every((r) => r.length >= 1);
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      await sleep(1_000); // anything doubled would show up now

      const [events] = await query<{ n: number }>(database.db, sql`select count(*)::int as n from inbound_events`);
      expect(events!.n).toBe(EVENTS);
      // Each message answered exactly once in the group.
      expect(replies().map((r) => r.length)).toEqual(emitted.map(() => 1));
      const runs = await query<{ ref: string; n: number }>(
        database.db,
        sql`select ref, count(*)::int as n from restart_probe_runs group by ref`,
      );
      expect(runs).toHaveLength(TIMERS);
      expect(runs.filter((r) => r.n !== 1)).toEqual([]);
    } finally {
      await loop.stop();
      await deps.settle();
    }
  }, 180_000);
});
