/** The forecast's rows: the team's calendar, its capacity setting, and the hourly consult history it reads. */
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { query, type Db } from '../../db/client';
import type { TeamDay } from './calendar-rules';
import { calendarDays, forecastSettings } from './schema';

export const CONSULT_METRIC = 'consult_users';
/** Consults per agent per hour when the team has not said (issue 16's example). */
export const DEFAULT_CAPACITY = 60;

export async function teamCalendar(db: Db, teamId: number): Promise<Map<string, TeamDay>> {
  const rows = await db.select().from(calendarDays).where(eq(calendarDays.teamId, teamId));
  return new Map(rows.map((r) => [r.day, { day: r.day, name: r.name, multiplier: r.multiplier }]));
}

/** Marks a day (replacing what the team had for it). */
export async function putCalendarDay(db: Db, teamId: number, d: TeamDay, by: string, now: Date): Promise<void> {
  await db
    .insert(calendarDays)
    .values({ teamId, ...d, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({
      target: [calendarDays.teamId, calendarDays.day],
      set: { name: d.name, multiplier: d.multiplier, updatedBy: by, updatedAt: now },
    });
}

/** Forgets the team's row of a day; false when it had none. */
export async function deleteCalendarDay(db: Db, teamId: number, day: string): Promise<boolean> {
  const rows = await db
    .delete(calendarDays)
    .where(and(eq(calendarDays.teamId, teamId), eq(calendarDays.day, day)))
    .returning({ day: calendarDays.day });
  return rows.length > 0;
}

export async function capacityOf(db: Db, teamId: number): Promise<number> {
  const [row] = await db.select().from(forecastSettings).where(eq(forecastSettings.teamId, teamId));
  return row?.capacityPerHour ?? DEFAULT_CAPACITY;
}

export async function setCapacity(db: Db, teamId: number, capacity: number, by: string, now: Date): Promise<void> {
  await db
    .insert(forecastSettings)
    .values({ teamId, capacityPerHour: capacity, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({
      target: forecastSettings.teamId,
      set: { capacityPerHour: capacity, updatedBy: by, updatedAt: now },
    });
}

/**
 * The team's hourly consult volume of [from, to], per day as 24 counts: each store's own hourly row
 * where it has one, else the sum of its agents' rows for that hour (as the KPI roll-up does), summed
 * over the team's stores. One query; the kpi_values_team_day index finds the days.
 */
export async function hourlyConsults(
  db: Db,
  teamId: number,
  from: string,
  to: string,
  storeIds?: number[],
): Promise<Map<string, number[]>> {
  const stores = storeIds ? sql`and store_id in ${storeIds.length ? storeIds : [-1]}` : sql``;
  const rows = await query<{ day: string; hour: number; n: number }>(
    db,
    sql`with v as (
          select store_id, day::text as day, hour,
                 coalesce(max(value) filter (where agent = ''), sum(value) filter (where agent <> '')) as n
          from kpi_values
          where team_id = ${teamId} and metric = ${CONSULT_METRIC} and hour >= 0
            and day >= ${from} and day <= ${to} ${stores}
          group by store_id, day, hour)
        select day, hour, sum(n)::float8 as n from v group by day, hour`,
  );
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const hours = out.get(r.day) ?? out.set(r.day, new Array<number>(24).fill(0)).get(r.day)!;
    if (r.hour >= 0 && r.hour < 24) hours[r.hour] = Number(r.n);
  }
  return out;
}
