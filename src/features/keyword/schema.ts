import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  integer,
  jsonb,
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

/**
 * A keyword report sent to the bot (handed over by the KPI import, core/file-kinds.ts): what its
 * preview showed, kept until 导入 or 取消. `source` names the upload, so a replayed hand-over
 * makes one row and one preview; 导入 is one conditional UPDATE, so a double click stores once.
 */
export const keywordImports = pgTable(
  'keyword_imports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    fileName: text('file_name').notNull(),
    requestedBy: text('requested_by').notNull(),
    status: text('status').$type<'previewed' | 'imported' | 'cancelled'>().notNull(),
    /** The counts the preview showed, by store name ('' = the team as a whole). */
    counts: jsonb('counts')
      .$type<{ keyword: string; store: string; day: string; hour: number; count: number }[]>()
      .notNull(),
    inserted: integer('inserted'),
    replaced: integer('replaced'),
    doneBy: text('done_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('keyword_imports_source').on(t.teamId, t.source)],
);
