import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { teams } from './teams';

/** One row per scheduled job run: the replica whose insert wins runs it; the others skip. */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    slot: text('slot').notNull(),
    runner: text('runner').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outcome: text('outcome'),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] })],
);

/**
 * Future actions: an escalation step, a reminder, a scheduled send. Time lives here, never in
 * an in-memory timer. Claimed with FOR UPDATE SKIP LOCKED by whichever replica is free.
 */
export const timers = pgTable(
  'timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' }).references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** Unique per kind while pending, so scheduling the same step twice is a no-op. */
    ref: text('ref').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    doneAt: timestamp('done_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('timers_kind_ref').on(t.kind, t.ref),
    index('timers_due')
      .on(t.dueAt)
      .where(sql`${t.doneAt} is null and ${t.cancelledAt} is null`),
  ],
);
