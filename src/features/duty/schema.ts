import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';

/**
 * standing: `/duty set` — from `startsAt` until changed (ended by the next set or `/duty clear`).
 * weekly:   a repeating shift in the team's wall time (早班/晚班), possibly crossing midnight.
 * once:     a one-off shift; like `standing`, an override that beats the rota for its window.
 */
export type DutyKind = 'standing' | 'weekly' | 'once';

export const dutyShifts = pgTable(
  'duty_shifts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<DutyKind>().notNull(),
    primaryOpenId: text('primary_open_id').notNull(),
    backupOpenId: text('backup_open_id'),
    /** standing/once: the window in absolute time (endsAt null = until changed). */
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    /** weekly: minutes after local midnight; end ≤ start means the shift ends the next day. */
    startMinute: integer('start_minute'),
    endMinute: integer('end_minute'),
    /** weekly: ISO weekdays (1 = Monday … 7 = Sunday) on which the shift starts. */
    weekdays: jsonb('weekdays').$type<number[]>(),
    createdBy: text('created_by').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    index('duty_shifts_team_active')
      .on(t.teamId)
      .where(sql`${t.removedAt} is null`),
  ],
);
