import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';

/**
 * The key a team's board links are signed with (HMAC-SHA256 of the team id). One per team: /board
 * rotate replaces it, and every link signed with the old one stops working at once, open pages too.
 */
export const boardKeys = pgTable('board_keys', {
  teamId: bigint('team_id', { mode: 'number' })
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
