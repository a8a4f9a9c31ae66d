/**
 * Emotion check-ins (情绪打卡) and care cases (情绪关怀). Sensitive by construction: every row hangs
 * off the member (ON DELETE CASCADE), so removing a member removes their entries, their cases and
 * their leader link; entries older than 90 days are deleted by the mood-prune job.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { members, teams } from '../../db/schema';
import type { EscalationPolicy } from '../../escalation/policy';

/** One check-in: a level 1–4 and an optional note. `source` makes a replayed event or a second press count once. */
export const moodEntries = pgTable(
  'mood_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    note: text('note').notNull().default(''),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('mood_entries_team_source').on(t.teamId, t.source),
    index('mood_entries_member_at').on(t.memberId, t.createdAt),
    index('mood_entries_team_at').on(t.teamId, t.createdAt),
  ],
);

/** The team's prompt times (minutes of the local day, ascending); none by default. */
export const moodSettings = pgTable('mood_settings', {
  teamId: bigint('team_id', { mode: 'number' })
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  promptMinutes: jsonb('prompt_minutes').$type<number[]>().notNull().default([]),
  updatedBy: text('updated_by').notNull().default(''),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** An agent's own group leader (`/mood leader @组长 @客服…`): they get the agent's care cards too. */
export const moodLeaders = pgTable(
  'mood_leaders',
  {
    memberId: bigint('member_id', { mode: 'number' })
      .primaryKey()
      .references(() => members.id, { onDelete: 'cascade' }),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    leaderOpenId: text('leader_open_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mood_leaders_team').on(t.teamId)],
);

/** A tick of one of the six steps: who and when (ISO). */
export interface CareTick {
  by: string;
  at: string;
}

/** Someone asked to take the agent's accounts, and what they said. */
export interface CoverAsk {
  openId: string;
  status: 'asked' | 'accepted' | 'declined';
  askedBy: string;
  at: string;
}

export type CareStatus = 'open' | 'claimed' | 'resolved';

/**
 * A care case, opened by a level 1–2 check-in: the private card to the supervisor (and leader),
 * the six steps, the cover asked for, and — as the escalation subject "mood" — the buzz when nobody
 * acknowledges it. status: open (not acknowledged) → claimed (acknowledged) → resolved (已恢复上线).
 */
export const moodCares = pgTable(
  'mood_cares',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => moodEntries.id, { onDelete: 'cascade' }),
    /** Who gets the card, in order; the first one's card carries the buzzes. */
    recipients: jsonb('recipients').$type<string[]>().notNull(),
    status: text('status').$type<CareStatus>().notNull().default('open'),
    /** Level 1 twice within 24 h: escalated at once. */
    repeated: integer('repeated').notNull().default(0),
    steps: jsonb('steps').$type<Record<string, CareTick>>().notNull().default({}),
    cover: jsonb('cover').$type<CoverAsk[]>().notNull().default([]),
    policy: jsonb('policy').$type<EscalationPolicy>().notNull(),
    step: integer('step').notNull().default(0),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    unreachedAt: timestamp('unreached_at', { withTimezone: true }),
    ackedBy: text('acked_by'),
    ackedAt: timestamp('acked_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    events: jsonb('events')
      .$type<{ at: string; kind: string; openIds: string[]; detail: Record<string, unknown>; source: string }[]>()
      .notNull()
      .default([]),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('mood_cares_team_open')
      .on(t.teamId)
      .where(sql`${t.status} <> 'resolved'`),
    index('mood_cares_member').on(t.memberId),
  ],
);
