import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { openPostgres, query, type Database } from '../../src/db/client';
import type { PlatformApi } from '../../src/port/platform';
import {
  advanceTimer,
  cancelTimers,
  nextTimerDue,
  pruneDoneTimers,
  runDueTimers,
  scheduleTimer,
  type TimerHandler,
} from '../../src/core/timers';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';

const noPlatform = {} as PlatformApi;

describe('timers: future actions as rows', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));
  beforeAll(async () => {
    db = await openTestDatabase();
    clock.freeze();
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    await db.db.execute(sql`delete from timers`);
  });

  it('schedules a ref once, runs it when due, exactly once', async () => {
    const deps = createTestDeps({ database: db, platform: noPlatform, clock });
    const ran: string[] = [];
    const handlers: Record<string, TimerHandler> = { ping: async (_d, t) => void ran.push(t.ref) };
    const due = new Date(clock.now().getTime() + 5 * 60_000);
    expect(await scheduleTimer(db.db, { teamId: null, kind: 'ping', ref: 'a', dueAt: due }, clock.now())).toBe(true);
    expect(await scheduleTimer(db.db, { teamId: null, kind: 'ping', ref: 'a', dueAt: due }, clock.now())).toBe(false);
    expect(await runDueTimers(deps, handlers)).toBe(0);
    expect((await nextTimerDue(db.db))?.getTime()).toBe(due.getTime());
    clock.advance(5 * 60_000);
    expect(await runDueTimers(deps, handlers)).toBe(1);
    expect(await runDueTimers(deps, handlers)).toBe(0);
    expect(ran).toEqual(['a']);
  });

  it('prunes done and cancelled timers of the kinds named, before the cut only; pending ones stay', async () => {
    const deps = createTestDeps({ database: db, platform: noPlatform, clock });
    const now = clock.now();
    const later = new Date(now.getTime() + 60_000);
    const at = (ref: string, kind: string, dueAt: Date) =>
      scheduleTimer(db.db, { teamId: null, kind, ref, dueAt }, now);
    await at('d:1', 'sig', now);
    await at('d:2', 'sig', now);
    await at('d:3', 'sig', later); // pending
    await at('d:4', 'sig', later);
    await at('o', 'other', now);
    await cancelTimers(db.db, 'd:4', now);
    expect(await runDueTimers(deps, { sig: async () => {}, other: async () => {} })).toBe(3);
    expect(await pruneDoneTimers(db.db, ['sig'], now)).toBe(0); // nothing done before the cut
    expect(await pruneDoneTimers(db.db, ['sig'], new Date(now.getTime() + 1))).toBe(3);
    const left = (await query<{ ref: string }>(db.db, sql`select ref from timers order by ref`)).map((r) => r.ref);
    expect(left).toEqual(['d:3', 'o']);
  });

  it('does not run cancelled timers', async () => {
    const deps = createTestDeps({ database: db, platform: noPlatform, clock });
    const ran: string[] = [];
    await scheduleTimer(db.db, { teamId: null, kind: 'ping', ref: 'x:1', dueAt: clock.now() }, clock.now());
    await scheduleTimer(db.db, { teamId: null, kind: 'ping', ref: 'x:2', dueAt: clock.now() }, clock.now());
    await scheduleTimer(db.db, { teamId: null, kind: 'ping', ref: 'y:1', dueAt: clock.now() }, clock.now());
    expect(await cancelTimers(db.db, 'x:', clock.now(), 'ping')).toBe(2);
    await runDueTimers(deps, { ping: async (_d, t) => void ran.push(t.ref) });
    expect(ran).toEqual(['y:1']);
  });

  it('cancels by ref prefix across kinds, taking the prefix literally', async () => {
    const deps = createTestDeps({ database: db, platform: noPlatform, clock });
    const ran: string[] = [];
    for (const [kind, ref] of [
      ['ping', 'a_1:x'],
      ['pong', 'a_1:y'],
      ['ping', 'ab1:x'],
    ]) {
      await scheduleTimer(db.db, { teamId: null, kind: kind!, ref: ref!, dueAt: clock.now() }, clock.now());
    }
    expect(await cancelTimers(db.db, 'a_1:', clock.now())).toBe(2);
    const push = async (_d: unknown, t: { ref: string }) => void ran.push(t.ref);
    await runDueTimers(deps, { ping: push, pong: push });
    expect(ran).toEqual(['ab1:x']);
  });

  it('advances a pending timer to now, and says when there is none', async () => {
    const deps = createTestDeps({ database: db, platform: noPlatform, clock });
    const ran: string[] = [];
    await scheduleTimer(
      db.db,
      { teamId: null, kind: 'ping', ref: 'later', dueAt: new Date(clock.now().getTime() + 3_600_000) },
      clock.now(),
    );
    expect(await advanceTimer(db.db, 'pong', 'later', clock.now())).toBe(false);
    expect(await advanceTimer(db.db, 'ping', 'later', clock.now())).toBe(true);
    await runDueTimers(deps, { ping: async (_d, t) => void ran.push(t.ref) });
    expect(ran).toEqual(['later']);
    expect(await advanceTimer(db.db, 'ping', 'later', clock.now())).toBe(false);
  });

  it('rolls back a failed handler’s writes and retries it later, without holding up the others', async () => {
    const deps = createTestDeps({ database: db, platform: noPlatform, clock });
    let failOnce = true;
    const handlers: Record<string, TimerHandler> = {
      flaky: async (d) => {
        await d.db.execute(
          sql`insert into job_runs (job, slot, runner, started_at) values ('side-effect', 'flaky', 't', now())`,
        );
        if (failOnce) {
          failOnce = false;
          throw new Error('boom');
        }
      },
      ok: async () => {},
    };
    await scheduleTimer(db.db, { teamId: null, kind: 'flaky', ref: 'f', dueAt: clock.now() }, clock.now());
    await scheduleTimer(db.db, { teamId: null, kind: 'ok', ref: 'o', dueAt: clock.now() }, clock.now());
    expect(await runDueTimers(deps, handlers)).toBe(1);
    const sideEffects = await query(db.db, sql`select 1 from job_runs where job = 'side-effect'`);
    expect(sideEffects).toHaveLength(0);
    const [row] = await query<{ attempts: number; last_error: string }>(
      db.db,
      sql`select attempts, last_error from timers where ref = 'f'`,
    );
    expect(row).toMatchObject({ attempts: 1 });
    expect(row!.last_error).toContain('boom');
    clock.advance(5_000);
    expect(await runDueTimers(deps, handlers)).toBe(1);
    expect(await query(db.db, sql`select 1 from job_runs where job = 'side-effect'`)).toHaveLength(1);
    await db.db.execute(sql`delete from job_runs`);
  });

  it('splits due timers between racing replicas without running any twice', async () => {
    // On Postgres each replica has its own connection pool; PGlite is one connection (still must not double-run).
    const others: Database[] = db.url ? [await openPostgres(db.url), await openPostgres(db.url)] : [];
    const databases: Database[] = [db, ...others];
    const counts = new Map<string, number>();
    const handlers: Record<string, TimerHandler> = {
      step: async (_d, t) => void counts.set(t.ref, (counts.get(t.ref) ?? 0) + 1),
    };
    for (let i = 0; i < 200; i++)
      await scheduleTimer(db.db, { teamId: null, kind: 'step', ref: `s${i}`, dueAt: clock.now() }, clock.now());
    const replicas = [0, 1, 2].map((i) =>
      createTestDeps({ database: databases[i % databases.length]!, platform: noPlatform, clock }),
    );
    await Promise.all(
      replicas.map(async (deps) => {
        while ((await runDueTimers(deps, handlers, 10)) > 0);
      }),
    );
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await Promise.all(others.map((o) => o.close()));
  });
});
