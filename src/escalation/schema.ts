import { bigint, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from '../db/schema';
import type { EscalationPolicy } from './policy';

/**
 * A team's escalation policy for one subject ("anomaly"); absent = the subject's default. The
 * policy is jsonb checked by policySchema on the way in and out (see policies.ts), so a new kind
 * of step needs no migration. A snapshot is kept on each subject row, so a change never alters
 * one in flight.
 */
export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    policy: jsonb('policy').$type<EscalationPolicy>().notNull(),
    updatedBy: text('updated_by').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.subject], name: 'escalation_policies_team_subject' })],
);
