import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';

/**
 * How often a keyword ("质量差", "退款") came up in customer chats: team, store (null = the team as
 * a whole), keyword, day and hour (-1 = the whole day), in the team's time zone. The key makes a
 * batch sent twice replace, never add.
 */
export const keywordCounts = pgTable(
  'keyword_counts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** 0 = the team as a whole (a real id otherwise): a unique key needs no nulls. */
    storeId: bigint('store_id', { mode: 'number' }).notNull().default(0),
    keyword: text('keyword').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    hour: smallint('hour').notNull().default(-1),
    count: integer('count').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('keyword_counts_key').on(t.teamId, t.storeId, t.keyword, t.day, t.hour)],
);

/**
 * One early warning: a keyword of a store on one day. Its card is the outbox send with ref
 * `keyword:<id>`; later changes patch it (`version` numbers the patches for their idempotency keys).
 */
export const keywordWarnings = pgTable(
  'keyword_warnings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    storeId: bigint('store_id', { mode: 'number' }).notNull().default(0),
    keyword: text('keyword').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    state: text('state').$type<'firing' | 'resolved'>().notNull(),
    ratio: doublePrecision('ratio').notNull(),
    count: integer('count').notNull(),
    version: integer('version').notNull().default(0),
    cardHash: text('card_hash').notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('keyword_warnings_key').on(t.teamId, t.storeId, t.keyword, t.day)],
);
