import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
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

/**
 * One group's notices of "too many unread buzzes" for one person (or the set of people a buzz
 * named): its row is the lock that puts the refusals for them in order (unread-notices.ts), and
 * says whether a notice went out lately (`quietFrom`) and whether a gathered one is due (`gathering`).
 */
export const unreadNoticeWindows = pgTable(
  'unread_notice_windows',
  {
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** The people refused, open ids sorted and joined by ",". */
    who: text('who').notNull(),
    /** Until then a refusal is gathered for the next notice; from then on, told at once. */
    quietFrom: timestamp('quiet_from', { withTimezone: true }).notNull(),
    /** A gathered notice's timer is pending: the `seq`th of this window row. */
    gathering: boolean('gathering').notNull().default(false),
    seq: integer('seq').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.who], name: 'unread_notice_windows_team_who' })],
);

/** A buzz refused for too many unread buzzes, and the notice that told the group (null: not yet). */
export const unreadRefusals = pgTable(
  'unread_refusals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    who: text('who').notNull(),
    /** The refused buzz (subject, row, cycle, step, people): recorded once. */
    source: text('source').notNull().unique(),
    /** Its words in a list, in the team's language: "店铺异常" (+ " #12"). */
    label: text('label').notNull(),
    /** Its number in the list; null for a subject whose number the group is not told. */
    subjectId: bigint('subject_id', { mode: 'number' }),
    /** The subject's own sentence for it, sent when it is the only one told. */
    alone: text('alone').notNull(),
    /** The people as a mention (the subject's directory knows their names). */
    mention: text('mention').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    toldAt: timestamp('told_at', { withTimezone: true }),
  },
  (t) => [
    index('unread_refusals_untold')
      .on(t.teamId, t.who, t.id)
      .where(sql`${t.toldAt} is null`),
    index('unread_refusals_team_who').on(t.teamId, t.who, t.createdAt),
  ],
);
