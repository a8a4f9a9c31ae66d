import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';
import { stores } from '../stores/schema';
import type { ComplaintSettings, Offer, RiskApprovals, Stage } from './rules';

/** What a team prepared in advance (only what it changed; rules.ts settingsFrom adds the defaults). */
export const complaintSettings = pgTable('complaint_settings', {
  teamId: bigint('team_id', { mode: 'number' })
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  settings: jsonb('settings').$type<Partial<ComplaintSettings>>().notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Step 6's follow-up: a training or process change, with its owner, reminded until done. */
export interface ComplaintFollowup {
  kind: 'training' | 'process';
  owner: string;
  doneAt?: string;
  doneBy?: string;
}

/** Step 1's facts: what happened (story), what the customer really wants (need), how far handling got (progress). */
export const FACTS = ['story', 'need', 'progress'] as const;
export type Fact = (typeof FACTS)[number];
export type ComplaintFacts = Partial<Record<Fact, { text: string; by: string; at: string }>>;

/**
 * A serious complaint (严重客诉) and its six steps. `source` (the inbound event) makes a replayed
 * `/complaint new` open nothing. `status`/`policy`/`step`/… are the escalation engine's (subject
 * "complaint"), started by the first SLA breach. `events` is the timeline (each with a `source`).
 */
export const complaints = pgTable(
  'complaints',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    storeId: bigint('store_id', { mode: 'number' })
      .notNull()
      .references(() => stores.id),
    storeName: text('store_name').notNull(),
    orderId: text('order_id').notNull(),
    wants: text('wants').notNull(),
    /** The worst case in money (yuan), when known. */
    amount: doublePrecision('amount'),
    category: text('category').notNull(),
    crisis: integer('crisis').notNull().default(0),
    ownerOpenId: text('owner_open_id').notNull(),
    /** Step 1's facts, each with who/when last changed it; free notes are timeline events "note". */
    facts: jsonb('facts').$type<ComplaintFacts>().notNull().default({}),
    responsibility: text('responsibility'),
    responsibilityNote: text('responsibility_note'),
    approvals: jsonb('approvals').$type<RiskApprovals>().notNull().default({}),
    offers: jsonb('offers').$type<Offer[]>().notNull().default([]),
    /** Deadlines per stage (ISO), moved on by pauses. */
    due: jsonb('due').$type<Record<Stage, string>>().notNull(),
    done: jsonb('done').$type<Partial<Record<Stage, string>>>().notNull().default({}),
    breaches: jsonb('breaches').$type<Stage[]>().notNull().default([]),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    /** Bumped at each pause/resume: the SLA timers of the generation before are cancelled. */
    slaGen: integer('sla_gen').notNull().default(0),
    status: text('status').$type<'open' | 'claimed' | 'resolved'>().notNull().default('open'),
    policy: jsonb('policy').$type<unknown>(),
    step: integer('step').notNull().default(0),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    unreachedAt: timestamp('unreached_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** The escalation engine's cycle: a breach after the last escalation was taken (or ran out) starts the next. */
    escalationCycle: integer('escalation_cycle').notNull().default(0),
    rootCause: jsonb('root_cause').$type<{ cause: string; text: string }>(),
    prevention: text('prevention'),
    followup: jsonb('followup').$type<ComplaintFollowup>(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    events: jsonb('events').$type<Record<string, unknown>[]>().notNull().default([]),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('complaints_team_source').on(t.teamId, t.source),
    index('complaints_team_created').on(t.teamId, t.createdAt),
    index('complaints_team_open')
      .on(t.teamId)
      .where(sql`${t.closedAt} is null`),
  ],
);
