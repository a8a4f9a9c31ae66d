import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from './teams';

/**
 * Who changed what that only some may change (roles, targets, silences, escalation policies,
 * approvals, tokens, authority limits), written in the same transaction as the change. `source`
 * (the inbound event and what it did) makes a replayed event write nothing twice.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(),
    /** "role", "target", "silence", "policy", "approval", "token", "limits". */
    action: text('action').notNull(),
    /** What it says, in the team's words when written ("李组长：客服 → 组长"). */
    summary: text('summary').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    source: text('source').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('audit_log_team_source').on(t.teamId, t.source), index('audit_log_team_at').on(t.teamId, t.at)],
);
