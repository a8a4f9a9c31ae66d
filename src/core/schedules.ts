/**
 * Per-team schedules: "run this for team T at 08:30 its local time on these weekdays". A feature
 * declares one in its defineFeature (`schedules`, keyed "<feature>.<name>"); a team may change the
 * time, weekdays or switch it off (team_schedules). Each (team, schedule) has exactly one pending
 * timer row, for its next slot (ref `schedule:<teamId>:<key>:<ISO slot>`); the run re-arms the
 * next slot in the transaction that marks the timer done, so replicas never run a slot twice.
 *
 * Every arming happens holding the team_schedules row's lock — the run (runScheduleTimer), a
 * change (setTeamSchedule, a zone change) and start-up (armAllSchedules) — so they cannot leave two
 * pending timers behind. A slot missed while the bot was down runs once on start while it is at
 * most `catchUpMinutes` late; later than that it is skipped (logged) and the next slot armed.
 */
import { and, eq, inArray, isNull, like, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { teams, teamSchedules, timers } from '../db/schema';
import type { Text } from '../i18n';
import type { Deps } from './deps';
import { nextSlot, normalizeWeekdays, parseTimeOfDay, slotToRun, type ScheduleSpec } from './schedule-rules';
import type { Team } from './teams';
import { escapeLike, type TimerRow } from './timers';

/** What a feature declares: its default wall-time slot, how late a run may still happen, and the run. */
export interface ScheduleDef {
  description: Text;
  /** Default local time, "HH:MM" in the team's zone. */
  time: string;
  /** Default ISO weekdays (1 = Monday … 7 = Sunday). */
  weekdays: number[];
  /** A slot that came due up to this many minutes ago still runs (after downtime); later ones are skipped. */
  catchUpMinutes: number;
  /**
   * The work for one team and slot. Its `deps.db` is the transaction that marks the slot done and
   * arms the next: what it writes (outbox rows) commits with them, exactly once.
   */
  run(deps: Deps, team: Team, run: { key: string; slot: Date }): Promise<void>;
}

/** The one timer kind of every schedule (core's own: feature timer kinds are "<feature>.…"). */
export const SCHEDULE_TIMER = 'schedule';

export const scheduleRef = (teamId: number, key: string, slot: Date): string =>
  `schedule:${teamId}:${key}:${slot.toISOString()}`;
const refPrefix = (teamId: number, key: string): string => `schedule:${teamId}:${key}:`;

/** A declared default as a spec; undefined when the declaration is not one (defineApp rejects it). */
export function defaultSpec(def: Pick<ScheduleDef, 'time' | 'weekdays'>): ScheduleSpec | undefined {
  const minuteOfDay = parseTimeOfDay(def.time);
  const weekdays = normalizeWeekdays(def.weekdays);
  return minuteOfDay === undefined || !weekdays ? undefined : { minuteOfDay, weekdays };
}

type ScheduleRow = typeof teamSchedules.$inferSelect;

/** What applies to a team: its own time/weekdays where it chose them, else the feature's. */
export interface TeamSchedule extends ScheduleSpec {
  key: string;
  enabled: boolean;
  /** Whether the team chose its own time or weekdays. */
  custom: boolean;
}

function effective(key: string, def: ScheduleDef, row: ScheduleRow | undefined): TeamSchedule {
  const base = defaultSpec(def)!;
  return {
    key,
    minuteOfDay: row?.minuteOfDay ?? base.minuteOfDay,
    weekdays: row?.weekdays ?? base.weekdays,
    enabled: row?.enabled ?? true,
    custom: row?.minuteOfDay != null || row?.weekdays != null,
  };
}

/** Creates the team's row if it has none (all defaults) and locks it for the rest of the transaction. */
async function lockRow(tx: Db, teamId: number, key: string, now: Date): Promise<ScheduleRow> {
  await tx.insert(teamSchedules).values({ teamId, key, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(teamSchedules)
    .where(and(eq(teamSchedules.teamId, teamId), eq(teamSchedules.key, key)))
    .for('update');
  return row!;
}

interface PendingTimer {
  id: number;
  slot: Date;
}

async function pendingTimers(tx: Db, teamId: number, key: string): Promise<PendingTimer[]> {
  const rows = await tx
    .select({ id: timers.id, payload: timers.payload })
    .from(timers)
    .where(
      and(
        eq(timers.kind, SCHEDULE_TIMER),
        like(timers.ref, `${escapeLike(refPrefix(teamId, key))}%`),
        isNull(timers.doneAt),
        isNull(timers.cancelledAt),
      ),
    );
  return rows.map((r) => ({ id: r.id, slot: new Date(String(r.payload.slot)) }));
}

/**
 * Cancels the (team, key)'s pending timers but `keepId`. Rows a replica is running right now are
 * skipped, not waited for (that run holds its timer and waits for our schedule row: waiting would
 * deadlock); once it has the row it re-arms by the settings it then reads.
 */
async function cancelPending(tx: Db, teamId: number, key: string, now: Date, keepId?: number): Promise<void> {
  const ids = tx
    .select({ id: timers.id })
    .from(timers)
    .where(
      and(
        eq(timers.kind, SCHEDULE_TIMER),
        like(timers.ref, `${escapeLike(refPrefix(teamId, key))}%`),
        isNull(timers.doneAt),
        isNull(timers.cancelledAt),
        keepId === undefined ? undefined : ne(timers.id, keepId),
      ),
    )
    .for('update', { skipLocked: true });
  await tx.update(timers).set({ cancelledAt: now }).where(inArray(timers.id, ids));
}

/**
 * Makes `slot` the pending timer. A slot cancelled earlier (the time changed away and back) is
 * pending again; a slot that already ran stays done — it never runs twice — and the one after it
 * is armed instead (a replica whose clock is a little behind can see a slot as still to come).
 */
async function armSlot(
  tx: Db,
  teamId: number,
  key: string,
  schedule: ScheduleSpec,
  zone: string,
  slot: Date,
  now: Date,
): Promise<Date | undefined> {
  for (let at: Date | undefined = slot, tries = 0; at && tries < 3; at = nextSlot(schedule, at, zone), tries++) {
    const rows = await tx
      .insert(timers)
      .values({
        teamId,
        kind: SCHEDULE_TIMER,
        ref: scheduleRef(teamId, key, at),
        dueAt: at,
        payload: { key, slot: at.toISOString() },
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [timers.kind, timers.ref],
        set: { cancelledAt: null, dueAt: at, attempts: 0, lastError: null },
        setWhere: isNull(timers.doneAt),
      })
      .returning({ id: timers.id });
    if (rows.length) return at;
  }
  return undefined;
}

/**
 * With the row locked: keeps the pending timer when it is right, else cancels it and arms the next
 * slot after `now`. Right means its slot is the next one by the current settings, or — unless
 * `force` (the settings just changed) — already past: a missed or retrying run that its own handler
 * will judge against the catch-up window.
 */
async function armLocked(
  tx: Db,
  team: Pick<Team, 'id' | 'timeZone'>,
  schedule: TeamSchedule,
  now: Date,
  force: boolean,
): Promise<Date | undefined> {
  const next = schedule.enabled ? nextSlot(schedule, now, team.timeZone) : undefined;
  const pending = await pendingTimers(tx, team.id, schedule.key);
  const keep = pending.find(
    (p) => (next && p.slot.getTime() === next.getTime()) || (!force && p.slot.getTime() <= now.getTime()),
  );
  if (keep && pending.length === 1) return keep.slot;
  await cancelPending(tx, team.id, schedule.key, now, keep?.id);
  if (keep) return keep.slot;
  return next && armSlot(tx, team.id, schedule.key, schedule, team.timeZone, next, now);
}

/** The team's settings of every schedule the app defines, in definition order. */
export async function schedulesOfTeam(deps: Pick<Deps, 'app' | 'db'>, teamId: number): Promise<TeamSchedule[]> {
  const rows = await deps.db.select().from(teamSchedules).where(eq(teamSchedules.teamId, teamId));
  return Object.entries(deps.app.schedules).map(([key, def]) =>
    effective(
      key,
      def,
      rows.find((r) => r.key === key),
    ),
  );
}

/**
 * Arms every schedule of `team` that has no right pending timer (a new team; a schedule a new
 * release added). Idempotent: run it as often as you like. Returns the slots armed or kept.
 */
export async function armTeamSchedules(
  deps: Pick<Deps, 'app' | 'db' | 'clock'>,
  team: Pick<Team, 'id' | 'timeZone'>,
): Promise<Record<string, Date | undefined>> {
  const out: Record<string, Date | undefined> = {};
  for (const [key, def] of Object.entries(deps.app.schedules)) {
    out[key] = await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const row = await lockRow(tx, team.id, key, now);
      return armLocked(tx, team, effective(key, def, row), now, false);
    });
  }
  return out;
}

/**
 * At start (every replica, every process): arms what is missing for every team. A slot missed
 * during downtime keeps its timer, which fires at once and runs or is skipped by its window.
 */
export async function armAllSchedules(deps: Pick<Deps, 'app' | 'db' | 'clock'>): Promise<number> {
  if (!Object.keys(deps.app.schedules).length) return 0;
  const all = await deps.db.select({ id: teams.id, timeZone: teams.timeZone }).from(teams).orderBy(teams.id);
  for (const team of all) await armTeamSchedules(deps, team);
  return all.length;
}

/** A change to a team's schedule: what to set; null time or weekdays go back to the feature's default. */
export interface ScheduleChange {
  time?: string | null;
  weekdays?: readonly number[] | null;
  enabled?: boolean;
}

export type ScheduleChangeResult =
  | { ok: true; schedule: TeamSchedule; next: Date | undefined }
  | { ok: false; problem: 'unknown_schedule' | 'bad_time' | 'bad_weekdays' };

/**
 * Changes a team's schedule and re-arms it in the same transaction (the pending slot cancelled,
 * the next one by the new settings armed). Bad input changes nothing.
 */
export async function setTeamSchedule(
  deps: Pick<Deps, 'app' | 'db' | 'clock'>,
  team: Pick<Team, 'id' | 'timeZone'>,
  key: string,
  change: ScheduleChange,
  by = '',
): Promise<ScheduleChangeResult> {
  const def = deps.app.schedules[key];
  if (!def) return { ok: false, problem: 'unknown_schedule' };
  const minuteOfDay = typeof change.time === 'string' ? parseTimeOfDay(change.time) : change.time;
  if (minuteOfDay === undefined && change.time !== undefined) return { ok: false, problem: 'bad_time' };
  const weekdays = change.weekdays ? normalizeWeekdays(change.weekdays) : change.weekdays;
  if (weekdays === undefined && change.weekdays !== undefined) return { ok: false, problem: 'bad_weekdays' };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await lockRow(tx, team.id, key, now);
    const [row] = await tx
      .update(teamSchedules)
      .set({
        ...(minuteOfDay !== undefined ? { minuteOfDay } : {}),
        ...(weekdays !== undefined ? { weekdays } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        updatedBy: by,
        updatedAt: now,
      })
      .where(and(eq(teamSchedules.teamId, team.id), eq(teamSchedules.key, key)))
      .returning();
    const schedule = effective(key, def, row);
    return { ok: true as const, schedule, next: await armLocked(tx, team, schedule, now, true) };
  });
}

/**
 * Re-arms every schedule of a team whose time zone just changed; call it in the transaction that
 * changed the zone, with the team as it now is.
 */
export async function rearmForZone(
  deps: Pick<Deps, 'app' | 'clock'> & { db: Db },
  team: Pick<Team, 'id' | 'timeZone'>,
): Promise<void> {
  for (const [key, def] of Object.entries(deps.app.schedules)) {
    const now = deps.clock.now();
    const row = await lockRow(deps.db, team.id, key, now);
    await armLocked(deps.db, team, effective(key, def, row), now, true);
  }
}

/**
 * The timer handler of every schedule. Under the schedule row's lock it reads the settings as they
 * are now, runs the feature's work if the slot is not too late and the schedule still on, and arms
 * the next slot after now — so a run after downtime is followed by the next future slot, not by
 * every slot that was missed. Down over several slots, it runs as the latest of them if that one is
 * still within the window (Tuesday's, not Friday's, after a long weekend down).
 */
export async function runScheduleTimer(deps: Deps, timer: TimerRow): Promise<void> {
  const key = String(timer.payload.key);
  const slot = new Date(String(timer.payload.slot));
  const def = deps.app.schedules[key];
  if (!def || timer.teamId === null) {
    // The feature was removed (or never existed in this release): nothing to run, nothing to re-arm.
    deps.log.warn('schedule without a definition', { key, ref: timer.ref });
    return;
  }
  const [team] = await deps.db.select().from(teams).where(eq(teams.id, timer.teamId));
  if (!team) return;
  const row = await lockRow(deps.db, team.id, key, deps.clock.now());
  const schedule = effective(key, def, row);
  const now = deps.clock.now();
  const due = slotToRun(schedule, slot, now, team.timeZone, def.catchUpMinutes * 60_000);
  if (!schedule.enabled)
    deps.log.info('schedule off, slot not run', { key, teamId: team.id, slot: slot.toISOString() });
  else if (!due.slot)
    deps.log.warn('schedule slot skipped: too late', {
      key,
      teamId: team.id,
      slot: slot.toISOString(),
      lateMinutes: Math.round(due.lateMs / 60_000),
    });
  else await def.run(deps, team, { key, slot: due.slot });
  await cancelPending(deps.db, team.id, key, now, timer.id);
  const next = schedule.enabled ? nextSlot(schedule, now, team.timeZone) : undefined;
  if (next) await armSlot(deps.db, team.id, key, schedule, team.timeZone, next, now);
}
