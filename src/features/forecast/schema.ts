import { bigint, date, doublePrecision, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';

/**
 * A promotion day the team marked (`/calendar add 2026-11-11 双11 x3`), one per team and day: adding
 * the day again replaces it. A row on a built-in promotion's day overrides it; multiplier 1 there is
 * "not a promotion for us" (what `/calendar remove` of a built-in day stores).
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
    multiplier: doublePrecision('multiplier').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.day] })],
);

/** The team's staffing setting: consults one agent handles in an hour at the target response time. */
export const forecastSettings = pgTable('forecast_settings', {
  teamId: bigint('team_id', { mode: 'number' })
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  capacityPerHour: integer('capacity_per_hour').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
