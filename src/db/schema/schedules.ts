import { bigint, boolean, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from './teams';

/**
 * A team's own settings for a feature's schedule ("duty.morning"): when it runs in the team's wall
 * time. Null time or weekdays: the feature's default, so a new default reaches teams that never
 * chose. The row is also what a change and a run lock, in turn, so a schedule has exactly one
 * pending timer (src/core/schedules.ts); it is created on first arming.
 */
export const teamSchedules = pgTable(
  'team_schedules',
  {
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** Minutes after local midnight; null: the feature's default. */
    minuteOfDay: smallint('minute_of_day'),
    /** ISO weekdays (1 = Monday … 7 = Sunday); null: the feature's default. */
    weekdays: jsonb('weekdays').$type<number[]>(),
    enabled: boolean('enabled').notNull().default(true),
    /** Who changed it last (open_id); '' for the bot's own arming. */
    updatedBy: text('updated_by').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.key] })],
);
