import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { defineApp, AppDefinitionError } from '../../src/core/app-def';
import { defineFeature } from '../../src/core/feature';
import { armAllSchedules, schedulesOfTeam, setTeamSchedule, type ScheduleDef } from '../../src/core/schedules';
import { setTeamTimeZone } from '../../src/core/team-settings';
import { ensureTeam, type Team } from '../../src/core/teams';
import { runDueTimers } from '../../src/core/timers';
import { openPostgres, query, type Database } from '../../src/db/client';
import { silentLogger, type Logger } from '../../src/log';
import { moveClock, tomorrowAt } from '../../src/sandbox/clock-control';
import { workOnce } from '../../src/runtime/work-loop';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import type { PlatformApi } from '../../src/port/platform';

/**
 * The schedules send nothing themselves; a team's creation asks the platform about its chat and
 * carries on without an answer (its name stays empty), which is all this platform does.
 */
const quietPlatform = {
  chatInfo: async () => Promise.reject(new Error('no chat info in this test')),
} as unknown as PlatformApi;

/** What the test feature's schedule did: which team, for which slot, at what time. */
const runs: { teamId: number; slot: string; at: string }[] = [];
let failures = 0;

const morning: ScheduleDef = {
  description: { 'zh-CN': '晨检', en: 'Morning check' },
  time: '08:30',
  weekdays: [1, 2, 3, 4, 5],
  catchUpMinutes: 60,
  run: async (deps, team, { slot }) => {
    if (failures > 0) {
      failures--;
      throw new Error('probe run failed');
    }
    runs.push({ teamId: team.id, slot: slot.toISOString(), at: deps.clock.now().toISOString() });
  },
};
const probe = defineFeature({ name: 'probe', schedules: { 'probe.morning': morning } });
/** Only the probe's schedule: the app's own (the digests) would arm and run timers of their own here. */
const app = defineApp({ features: [probe], commands: [], jobs: [] });

/** Thursday 2026-12-03 23:00Z = Friday 2026-12-04 07:00 in Shanghai (the deployment's zone). */
const START = new Date('2026-12-03T23:00:00Z');
/** Friday 08:30 in Shanghai. */
const FRI_0830 = '2026-12-04T00:30:00.000Z';
const MON_0830 = '2026-12-07T00:30:00.000Z';

function logRecorder(): Logger & { lines: { level: string; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  const log = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

describe('per-team schedules', () => {
  let db: TestDatabase;
  let chat = 0;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    await db.db.execute(sql`delete from teams`);
    await db.db.execute(sql`delete from timers`);
    runs.length = 0;
    failures = 0;
  });

  const replica = (clock: ManualClock, database: Database = db, log: Logger = silentLogger) =>
    createTestDeps({ database, platform: quietPlatform, clock, app, log });

  const newTeam = async (deps: ReturnType<typeof replica>): Promise<Team> =>
    (await ensureTeam(deps, { platform: 'feishu', tenantKey: 'tenant', chatId: `oc_${++chat}` })).team;

  const pending = async (teamId: number) =>
    (
      await query<{ ref: string; due_at: string | Date }>(
        db.db,
        sql`select ref, due_at from timers where kind = 'schedule' and team_id = ${teamId} and done_at is null and cancelled_at is null order by id`,
      )
    ).map((r) => new Date(r.due_at).toISOString());

  const drain = async (deps: ReturnType<typeof replica>) => {
    while ((await runDueTimers(deps, deps.app.timers)) > 0);
  };

  it('arms a new team at once, and fires at 08:30 team-local on its weekdays only', async () => {
    const clock = new ManualClock(START);
    clock.freeze(START);
    const deps = replica(clock);
    const team = await newTeam(deps);
    expect(team.timeZone).toBe('Asia/Shanghai');
    expect(await pending(team.id)).toEqual([FRI_0830]);
    // A week and two hours (to next Friday 09:00) in half-hour steps, the work loop passing at each.
    for (let i = 0; i < 7 * 48 + 4; i++) {
      clock.advance(30 * 60_000);
      await drain(deps);
    }
    expect(runs.map((r) => r.slot)).toEqual([
      FRI_0830,
      MON_0830,
      '2026-12-08T00:30:00.000Z',
      '2026-12-09T00:30:00.000Z',
      '2026-12-10T00:30:00.000Z',
      '2026-12-11T00:30:00.000Z',
    ]);
    expect(runs.every((r) => r.at === r.slot)).toBe(true);
    expect(await pending(team.id)).toEqual(['2026-12-14T00:30:00.000Z']);
  });

  it('arms idempotently at start, and two replicas on one database never run a slot twice', async () => {
    const clock = new ManualClock(START);
    clock.freeze(START);
    const other = db.url ? await openPostgres(db.url) : undefined;
    const a = replica(clock);
    const b = replica(clock, other ?? db);
    const team = await newTeam(a);
    await Promise.all([armAllSchedules(a), armAllSchedules(b), armAllSchedules(a)]);
    expect(await pending(team.id)).toEqual([FRI_0830]);
    clock.set(new Date(FRI_0830));
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    expect(runs).toHaveLength(1);
    expect(await pending(team.id)).toEqual([MON_0830]);
    await other?.close();
  });

  it('after downtime, runs a missed slot once on restart while within its window', async () => {
    const clock = new ManualClock(START);
    clock.freeze(START);
    const before = replica(clock);
    const team = await newTeam(before);
    // Down from 07:00 to 09:10: the 08:30 slot is 40 minutes late when the new process starts.
    clock.set(new Date('2026-12-04T01:10:00Z'));
    const after = replica(clock);
    await armAllSchedules(after);
    expect(await pending(team.id)).toEqual([FRI_0830]); // kept: it is the missed run
    await drain(after);
    // Another restart a minute later: nothing runs again.
    clock.advance(60_000);
    const again = replica(clock);
    await armAllSchedules(again);
    await drain(again);
    expect(runs).toEqual([{ teamId: team.id, slot: FRI_0830, at: '2026-12-04T01:10:00.000Z' }]);
    expect(await pending(team.id)).toEqual([MON_0830]);
  });

  it('after downtime past the window, skips the slot (logged) and arms the next', async () => {
    const clock = new ManualClock(START);
    clock.freeze(START);
    const team = await newTeam(replica(clock));
    clock.set(new Date('2026-12-04T02:00:00Z')); // 10:00: 90 minutes late, the window is 60
    const log = logRecorder();
    const after = replica(clock, db, log);
    await armAllSchedules(after);
    await drain(after);
    expect(runs).toEqual([]);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'schedule slot skipped: too late',
        fields: expect.objectContaining({ key: 'probe.morning', slot: FRI_0830, lateMinutes: 90 }),
      }),
    );
    expect(await pending(team.id)).toEqual([MON_0830]);
  });

  it('down over several slots, runs only the latest, and only if it is within the window', async () => {
    const clock = new ManualClock(START);
    clock.freeze(START);
    const team = await newTeam(replica(clock));
    // Down from Friday 07:00 to Tuesday 09:00: Friday's and Monday's slots are long gone, Tuesday's 30 min late.
    clock.set(new Date('2026-12-08T01:00:00Z'));
    const after = replica(clock);
    await armAllSchedules(after);
    await drain(after);
    expect(runs.map((r) => r.slot)).toEqual(['2026-12-08T00:30:00.000Z']);
    expect(await pending(team.id)).toEqual(['2026-12-09T00:30:00.000Z']);
  });

  it('re-arms on a change of time, weekdays or zone; bad input changes nothing', async () => {
    const clock = new ManualClock(START);
    clock.freeze(START);
    const deps = replica(clock);
    let team = await newTeam(deps);

    const later = await setTeamSchedule(deps, team, 'probe.morning', { time: '09:15' }, 'ou_sup');
    expect(later).toMatchObject({ ok: true, next: new Date('2026-12-04T01:15:00Z') });
    expect(await pending(team.id)).toEqual(['2026-12-04T01:15:00.000Z']);

    for (const [change, problem] of [
      [{ time: '25:00' }, 'bad_time'],
      [{ weekdays: [0] }, 'bad_weekdays'],
      [{ weekdays: [] }, 'bad_weekdays'],
    ] as const) {
      expect(await setTeamSchedule(deps, team, 'probe.morning', change)).toEqual({ ok: false, problem });
    }
    expect(await setTeamSchedule(deps, team, 'nope.nothing', { time: '08:00' })).toEqual({
      ok: false,
      problem: 'unknown_schedule',
    });
    expect(await pending(team.id)).toEqual(['2026-12-04T01:15:00.000Z']);
    expect((await schedulesOfTeam(deps, team.id))[0]).toMatchObject({
      key: 'probe.morning',
      minuteOfDay: 9 * 60 + 15,
      weekdays: [1, 2, 3, 4, 5],
      custom: true,
    });

    await setTeamSchedule(deps, team, 'probe.morning', { weekdays: [6] });
    expect(await pending(team.id)).toEqual(['2026-12-05T01:15:00.000Z']); // Saturday 09:15

    // Back to the defaults: the Friday 08:30 slot cancelled earlier is pending again, and only it.
    await setTeamSchedule(deps, team, 'probe.morning', { time: null, weekdays: null });
    expect(await pending(team.id)).toEqual([FRI_0830]);
    expect((await schedulesOfTeam(deps, team.id))[0]).toMatchObject({ minuteOfDay: 510, custom: false });

    // Berlin: it is Friday 00:00 there, so 08:30 Berlin (07:30Z) is next.
    team = await setTeamTimeZone(deps, team.id, 'Europe/Berlin');
    expect(await pending(team.id)).toEqual(['2026-12-04T07:30:00.000Z']);
    clock.set(new Date(FRI_0830));
    await drain(deps);
    expect(runs).toEqual([]);
    clock.set(new Date('2026-12-04T07:30:00Z'));
    await drain(deps);
    expect(runs.map((r) => r.slot)).toEqual(['2026-12-04T07:30:00.000Z']);
    expect(await pending(team.id)).toEqual(['2026-12-07T07:30:00.000Z']);
  });

  it('never re-arms a slot that ran already (a replica whose clock is behind): the one after it is armed', async () => {
    const clock = new ManualClock(START);
    clock.freeze(START);
    const deps = replica(clock);
    const team = await newTeam(deps);
    // As if a replica with a faster clock had run Friday's slot already.
    await db.db.execute(sql`update timers set done_at = now() where kind = 'schedule' and team_id = ${team.id}`);
    await setTeamSchedule(deps, team, 'probe.morning', { time: '08:30' });
    expect(await pending(team.id)).toEqual([MON_0830]);
    clock.set(new Date(MON_0830));
    await drain(deps);
    expect(runs.map((r) => r.slot)).toEqual([MON_0830]);
  });

  it('switched off it has no pending run; switched on again it is armed', async () => {
    const clock = new ManualClock(START);
    clock.freeze(START);
    const deps = replica(clock);
    const team = await newTeam(deps);
    expect(await setTeamSchedule(deps, team, 'probe.morning', { enabled: false })).toMatchObject({
      ok: true,
      next: undefined,
    });
    expect(await pending(team.id)).toEqual([]);
    await armAllSchedules(deps); // start-up does not switch it back on
    expect(await pending(team.id)).toEqual([]);
    clock.set(new Date(FRI_0830));
    await drain(deps);
    expect(runs).toEqual([]);
    await setTeamSchedule(deps, team, 'probe.morning', { enabled: true });
    expect(await pending(team.id)).toEqual([MON_0830]);
  });

  it('retries a failed run within the window, once, without arming twice', async () => {
    const clock = new ManualClock(new Date(FRI_0830));
    clock.freeze(new Date(FRI_0830));
    const deps = replica(clock);
    const team = await newTeam(deps); // created 08:30 sharp: the next slot is Monday's
    expect(await pending(team.id)).toEqual([MON_0830]);
    clock.set(new Date(MON_0830));
    failures = 1;
    await drain(deps);
    expect(runs).toEqual([]);
    expect(await pending(team.id)).toEqual(['2026-12-07T00:30:05.000Z']); // the same slot, due again after the retry back-off
    clock.advance(5_000);
    await drain(deps);
    expect(runs.map((r) => r.slot)).toEqual([MON_0830]);
    expect(await pending(team.id)).toEqual(['2026-12-08T00:30:00.000Z']);
  });

  it('fires when the sandbox console moves the clock over the slot', async () => {
    const clock = new ManualClock(new Date('2026-12-02T23:00:00Z')); // Thursday 07:00 Shanghai
    const deps = replica(clock);
    const team = await newTeam(deps);
    await moveClock(deps, [], (now) => tomorrowAt(now, '08:30', team.timeZone));
    await workOnce(deps, 'test');
    expect(runs.map((r) => r.slot)).toEqual([FRI_0830]);
  });
});

describe('schedule definitions', () => {
  const def = (over: Partial<ScheduleDef>) => ({ ...morning, ...over });
  it('rejects at start a key without its feature’s prefix, a bad time or weekdays, and a key used twice', () => {
    const build = (schedules: Record<string, ScheduleDef>, extra = defineFeature({ name: 'other' })) =>
      defineApp({ features: [defineFeature({ name: 'probe', schedules }), extra], commands: [], jobs: [] });
    expect(() => build({ morning })).toThrow(AppDefinitionError);
    expect(() => build({ 'probe.morning': def({ time: '8h30' }) })).toThrow(/HH:MM/);
    expect(() => build({ 'probe.morning': def({ weekdays: [0] }) })).toThrow(/weekdays/);
    expect(() => build({ 'probe.morning': def({ catchUpMinutes: -1 }) })).toThrow(/catchUpMinutes/);
    expect(build({ 'probe.morning': morning }).schedules['probe.morning']).toBe(morning);
  });
});
