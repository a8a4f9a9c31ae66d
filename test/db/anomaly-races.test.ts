import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { claimAnomaly } from '../../src/features/anomaly/claim';
import { reportAnomaly } from '../../src/features/anomaly/report';
import { openPostgres, query, type Database } from '../../src/db/client';
import { stores } from '../../src/features/stores/schema';
import { activeStores } from '../../src/features/stores/repo';
import type { PlatformApi } from '../../src/port/platform';
import type { Team } from '../../src/core/teams';
import type { App } from '../../src/core/app-def';
import { runDueTimers } from '../../src/core/timers';
import type { EscalationSubject } from '../../src/escalation/subject';
import { createTestDeps } from '../helpers/deps';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createWorld, MIN, type World } from '../helpers/anomaly-world';

/**
 * Exactly once and never after a claim: a claim racing a due step, a process killed before the due
 * time, three replicas on one database. On Postgres (TEST_DATABASE_URL) the replicas are separate
 * connection pools; on PGlite they share the one connection, which still must not double anything.
 */
describe('store anomaly escalation: races, restarts, replicas', () => {
  let db: TestDatabase;
  let w: World;
  const extra: Database[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    await w.close();
    await Promise.all(extra.splice(0).map((d) => d.close()));
    await db.db.execute(sql`delete from timers`);
    await db.db.execute(sql`delete from outbox`);
  });
  afterAll(() => db.destroy());

  /** Another process on the same database (Postgres: its own pool; PGlite: the same instance). */
  const connect = async (): Promise<Database> => {
    if (!db.url) return db;
    const d = await openPostgres(db.url, { max: 5 });
    extra.push(d);
    return d;
  };
  const team = async (): Promise<Team> =>
    (
      await query<Team>(
        db.db,
        sql`select id, chat_id as "chatId", time_zone as "timeZone", tenant_key as "tenantKey", name, settings, created_at as "createdAt" from teams where id = ${w.teamId}`,
      )
    )[0]!;
  const addStores = async (n: number) => {
    await db.db.insert(stores).values(
      Array.from({ length: n }, (_, i) => ({
        teamId: w.teamId,
        name: `店铺${String(i).padStart(3, '0')}`,
        createdAt: w.clock.now(),
      })),
    );
    return (await activeStores(db.db, w.teamId)).filter((s) => s.name.startsWith('店铺'));
  };
  const phoneCount = () => w.phoneCalls().length;

  it('a claim just before the due step: the step finds it claimed and nothing is sent', async () => {
    w = await createWorld(db);
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 价格错了');
    w.clock.advance(5 * MIN);
    await w.say(w.p.ops, `/ack ${await lastId()}`);
    await w.pump();
    expect(phoneCount()).toBe(0);
    await w.advance(60 * MIN);
    expect(phoneCount()).toBe(0);
  });

  it('a claim between the step and the send: the pending buzz rows are cancelled with the claim', async () => {
    w = await createWorld(db);
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 价格错了');
    const id = await lastId();
    w.clock.advance(5 * MIN);
    expect(await runDueTimers(w.deps, w.deps.app.timers)).toBe(1);
    const pending = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from outbox where guard = ${`anomaly:${id}`} and status = 'pending'`,
    );
    expect(pending[0]!.n).toBe(2);
    expect((await claimAnomaly(w.deps, await team(), id, w.p.ops.openId, w.clock.now())).outcome).toBe('ok');
    await w.pump();
    expect(phoneCount()).toBe(0);
    expect(w.feishu.emulator.urgentCalls()).toHaveLength(0);
  });

  it('a claim while the due step holds the anomaly: the claim waits for the step, then cancels its buzzes before any is sent', async () => {
    w = await createWorld(db);
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 价格错了');
    const id = await lastId();
    const t = await team();
    w.clock.advance(5 * MIN);

    // The step, held right after it locked and read the anomaly (still open), until `release`.
    let reached!: () => void;
    const stepHasRead = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const subject = w.deps.app.escalation.anomaly!;
    const held: EscalationSubject = {
      ...subject,
      lock: async (tx, lockedId) => {
        const state = await subject.lock(tx, lockedId);
        if (lockedId === id) {
          reached();
          await gate;
        }
        return state;
      },
    };
    const app: App = { ...w.deps.app, escalation: { ...w.deps.app.escalation, anomaly: held } };
    const [dbA, dbB] = [await connect(), await connect()];
    const stepper = createTestDeps({ database: dbA, platform: w.feishu.platform, clock: w.clock, app });
    const claimer = createTestDeps({ database: dbB, platform: w.feishu.platform, clock: w.clock });

    const stepping = runDueTimers(stepper, stepper.app.timers);
    await stepHasRead;
    let claimed = false;
    const claiming = claimAnomaly(claimer, t, id, w.p.ops.openId, w.clock.now()).then((r) => ((claimed = true), r));
    // The claim is under way while the step holds the anomaly: it must wait (the row lock on
    // Postgres; PGlite runs one transaction at a time), not slip in before the step's buzzes.
    await new Promise((r) => setTimeout(r, 300));
    expect(claimed).toBe(false);
    release();
    expect(await stepping).toBe(1);
    expect((await claiming).outcome).toBe('ok');

    // The race happened as named: the step buzzed (its rows exist), and the claim, coming after,
    // cancelled them before the outbox sent any.
    const buzzes = await query<{ status: string; last_error: string | null }>(
      db.db,
      sql`select status, last_error from outbox where guard = ${`anomaly:${id}`} order by id`,
    );
    expect(buzzes).toEqual([
      { status: 'cancelled', last_error: 'claimed' },
      { status: 'cancelled', last_error: 'claimed' },
    ]);
    const events = await query<{ kind: string }>(
      db.db,
      sql`select kind from anomaly_events where anomaly_id = ${id} order by at, id`,
    );
    expect(events.map((e) => e.kind)).toEqual(['reported', 'buzz', 'claimed']);
    await w.advance(60 * MIN);
    expect(w.feishu.emulator.urgentCalls()).toHaveLength(0);
  });

  it('claims racing due steps and their sends in the same instant: no buzz starts after a claim is answered, none twice', async () => {
    w = await createWorld(db);
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    const t = await team();
    const list = await addStores(12);
    const ids: number[] = [];
    for (const [i, s] of list.entries()) {
      const r = await reportAnomaly(
        w.deps,
        t,
        { store: s, kind: 'price', description: '价格错了', reporter: w.p.agent.openId, source: `race-${i}` },
        w.clock.now(),
      );
      if (r.outcome === 'new') ids.push(r.anomaly.id);
    }
    await w.pump(); // the cards
    w.clock.advance(5 * MIN);

    // A platform that notes, per buzz, whether the claim of its anomaly had already been answered,
    // and holds each phone buzz a moment so that claims land while sends are in flight.
    const answered = new Set<string>();
    const cardOf = new Map<string, string>();
    for (const id of ids) {
      const [row] = await query<{ result_message_id: string }>(
        db.db,
        sql`select result_message_id from outbox where ref = ${`anomaly:${id}:card`}`,
      );
      cardOf.set(row!.result_message_id, String(id));
    }
    const late: string[] = [];
    const inFlight = new Set<string>();
    const claimedDuringSend: string[] = [];
    const platform: PlatformApi = {
      ...w.feishu.platform,
      urgent: async (messageId, kind, openIds) => {
        const id = cardOf.get(messageId) ?? '';
        if (answered.has(id)) late.push(`${id}:${kind}`);
        inFlight.add(id);
        try {
          await new Promise((r) => setTimeout(r, 40));
          return await w.feishu.platform.urgent(messageId, kind, openIds);
        } finally {
          inFlight.delete(id);
        }
      },
    };
    const [dbA, dbB] = [await connect(), await connect()];
    const stepper = createTestDeps({ database: dbA, platform, clock: w.clock });
    const claimer = createTestDeps({ database: dbB, platform, clock: w.clock });
    await Promise.all([
      w.pump(stepper),
      ...ids.map(async (id, i) => {
        // Spread over the step's transaction and the sends, so some claims land before, some during, some after.
        await new Promise((r) => setTimeout(r, i * 90));
        const sending = inFlight.has(String(id));
        const r = await claimAnomaly(claimer, t, id, w.p.ops.openId, w.clock.now());
        expect(r.outcome).toBe('ok');
        if (sending) claimedDuringSend.push(String(id));
        answered.add(String(id));
      }),
    ]);
    await w.pump(stepper);
    await w.advance(60 * MIN);
    expect(late).toEqual([]);
    if (process.env.DEBUG_RACES)
      console.log(
        `race: ${w.phoneCalls().length} of ${ids.length} steps won; ${claimedDuringSend.length} claims started mid-send`,
      );
    // Each anomaly was buzzed at most once (the step won) or not at all (the claim won).
    const perCard = new Map<string, number>();
    for (const c of w.feishu.emulator.urgentCalls().filter((c) => c.kind === 'phone'))
      perCard.set(c.messageId, (perCard.get(c.messageId) ?? 0) + 1);
    expect([...perCard.values()].every((n) => n === 1)).toBe(true);
    // Both outcomes of the race occurred: some steps buzzed before their claim, some were stopped by it.
    expect(perCard.size).toBeGreaterThan(0);
    expect(perCard.size).toBeLessThan(ids.length);
    const states = await query<{ status: string }>(
      db.db,
      sql`select distinct status from anomalies where team_id = ${w.teamId}`,
    );
    expect(states).toEqual([{ status: 'claimed' }]);
  });

  it('a process killed after the report and a new one started before the due time: the step fires once, on time', async () => {
    w = await createWorld(db);
    await w.say(w.p.boss, '/duty set @李组长', [w.p.leader]);
    const first = createTestDeps({ database: await connect(), platform: w.feishu.platform, clock: w.clock });
    const t = await team();
    const [store] = await activeStores(db.db, w.teamId);
    const reportedAt = w.clock.now().getTime();
    await reportAnomaly(
      first,
      t,
      { store: store!, kind: 'price', description: '价格错了', reporter: w.p.agent.openId, source: 'kill-9' },
      w.clock.now(),
    );
    await w.pump(first);
    // kill -9: the process and its connection are gone; nothing it held in memory survives.
    if (db.url) await extra.pop()!.close();
    w.clock.advance(3 * MIN);
    const second = createTestDeps({ database: await connect(), platform: w.feishu.platform, clock: w.clock });
    // (pump lets rows that wait under a second through by moving the clock: stay 2 s short of due.)
    w.clock.advance(2 * MIN - 2_000);
    await w.pump(second);
    expect(phoneCount()).toBe(0);
    w.clock.set(new Date(reportedAt + 5 * MIN));
    await w.pump(second);
    expect(w.phoneCalls().map((c) => c.callees)).toEqual([[w.p.leader.openId]]);
    expect(w.phoneCalls()[0]!.time - (reportedAt + 5 * MIN)).toBeLessThan(2_000);
    await w.pump(second);
    expect(phoneCount()).toBe(1);
  });

  it('three replicas racing over 30 due anomalies: each step fires exactly once', async () => {
    w = await createWorld(db);
    await w.say(w.p.boss, '/duty set @李组长 @小李', [w.p.leader, w.p.agent2]);
    const t = await team();
    const list = await addStores(30);
    for (const [i, s] of list.entries()) {
      await reportAnomaly(
        w.deps,
        t,
        { store: s, kind: 'stock', description: '超卖', reporter: w.p.agent.openId, source: `replica-${i}` },
        w.clock.now(),
      );
    }
    await w.pump();
    const replicas = await Promise.all(
      [0, 1, 2].map(async () =>
        createTestDeps({ database: await connect(), platform: w.feishu.platform, clock: w.clock }),
      ),
    );
    for (const step of [1, 2]) {
      w.clock.advance(5 * MIN);
      await Promise.all(replicas.map((r) => w.pump(r)));
      await Promise.all(replicas.map((r) => w.pump(r)));
      expect(phoneCount()).toBe(30 * step);
    }
    const perCard = new Map<string, number>();
    for (const c of w.feishu.emulator.urgentCalls())
      perCard.set(`${c.messageId}:${c.kind}`, (perCard.get(`${c.messageId}:${c.kind}`) ?? 0) + 1);
    expect(perCard.size).toBe(60); // 30 cards × (phone, app)
    expect([...perCard.values()].every((n) => n === 2)).toBe(true); // step 1 and step 2
  }, 90_000); // 60 steps through three replicas: ~12 s alone on PGlite, far more beside the whole suite on two shared cores

  async function lastId(): Promise<number> {
    const [row] = await query<{ id: number }>(
      db.db,
      sql`select id from anomalies where team_id = ${w.teamId} order by id desc limit 1`,
    );
    return Number(row!.id);
  }
});
