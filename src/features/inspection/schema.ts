import {
  bigint,
  bigserial,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';
import { stores } from '../stores/schema';
import type { ItemDef, ItemState } from './items';

/**
 * A team's inspection settings: its own item list (null = the ten standard items), the owner
 * (null = the on-duty primary, else a supervisor) and the deadline (null = 10:00). The time and
 * weekdays are the schedule's (team_schedules, key "inspection.post").
 */
export const inspectionSettings = pgTable('inspection_settings', {
  teamId: bigint('team_id', { mode: 'number' })
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  items: jsonb('items').$type<ItemDef[]>(),
  owner: text('owner'),
  deadlineMinute: smallint('deadline_minute'),
  updatedBy: text('updated_by').notNull().default(''),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * One morning's inspection (巡店) of a team: one per local day. `items` is the snapshot taken when
 * it was posted (the list, the pre-fill and each item's state), so an edit of the list applies
 * from the next one. Its card is the outbox send with ref `inspection:<id>:card`; every change
 * holds this row's lock and patches the card (`version` numbers the patches). The escalation
 * columns are the engine's (subject "inspection": started at the deadline if unfinished).
 */
export const inspections = pgTable(
  'inspections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    owner: text('owner'),
    items: jsonb('items').$type<ItemState[]>().notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    status: text('status').$type<'open' | 'claimed' | 'resolved'>().notNull().default('open'),
    escalated: boolean('escalated').notNull().default(false),
    policy: jsonb('policy').$type<unknown>(),
    step: integer('step').notNull().default(0),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    unreachedAt: timestamp('unreached_at', { withTimezone: true }),
    events: jsonb('events').$type<Record<string, unknown>[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('inspections_team_day').on(t.teamId, t.day)],
);

/** A problem found on an inspection, with its owner; open ones are carried into the next morning's card. */
export const inspectionFollowups = pgTable('inspection_followups', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  teamId: bigint('team_id', { mode: 'number' })
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  inspectionId: bigint('inspection_id', { mode: 'number' })
    .notNull()
    .references(() => inspections.id, { onDelete: 'cascade' }),
  item: text('item').notNull(),
  note: text('note').notNull(),
  owner: text('owner').notNull(),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: text('closed_by'),
});

/**
 * Store-account login status (inspection item 1), from POST /api/v1/accounts: the latest report
 * per store and account (an older `at` never overwrites a newer one).
 */
export const storeAccounts = pgTable(
  'store_accounts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    storeId: bigint('store_id', { mode: 'number' })
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    account: text('account').notNull(),
    online: boolean('online').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('store_accounts_key').on(t.teamId, t.storeId, t.account)],
);
