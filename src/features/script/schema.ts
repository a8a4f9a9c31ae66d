import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';

/** public: the locked 统一口径 (supervisors edit); department: per scenario (leaders too); personal: one agent's own. */
export type ScriptTier = 'public' | 'department' | 'personal';

/** A script of the team's library (话术库); removed ones stay, with their history. */
export const scripts = pgTable(
  'scripts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    tier: text('tier').$type<ScriptTier>().notNull(),
    /** Personal scripts: whose they are (nobody else sees them). */
    ownerOpenId: text('owner_open_id'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    /** What added it ("msg:…" event, "slot:anomaly.price", "demo:…"): a replay adds nothing. */
    source: text('source').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('scripts_source').on(t.teamId, t.source), index('scripts_team').on(t.teamId)],
);

/** Every version of a script as it was written: who changed it when (/script <id>). */
export const scriptVersions = pgTable(
  'script_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scriptId: bigint('script_id', { mode: 'number' })
      .notNull()
      .references(() => scripts.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    change: text('change').$type<'add' | 'edit' | 'remove'>().notNull(),
    tier: text('tier').$type<ScriptTier>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull(),
    by: text('by').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('script_versions_version').on(t.scriptId, t.version)],
);

/** One use of a script: a card that showed it ("anomaly:42:card") or an agent's copy ("copy:…"), counted once each. */
export const scriptUses = pgTable(
  'script_uses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    scriptId: bigint('script_id', { mode: 'number' })
      .notNull()
      .references(() => scripts.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('script_uses_source').on(t.scriptId, t.source),
    index('script_uses_team').on(t.teamId, t.scriptId),
  ],
);

/** Words the team counts as one for search (物流延迟 = 发货慢 = 快递慢); `key` is the sorted words. */
export const scriptSynonyms = pgTable(
  'script_synonyms',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    words: jsonb('words').$type<string[]>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('script_synonyms_key').on(t.teamId, t.key)],
);

/** Which script fills a place a feature shows wording in (core/script-slots.ts), per team. */
export const scriptLinks = pgTable(
  'script_links',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    slot: text('slot').notNull(),
    scriptId: bigint('script_id', { mode: 'number' })
      .notNull()
      .references(() => scripts.id, { onDelete: 'cascade' }),
    by: text('by').notNull(),
    at: timestamp('at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [uniqueIndex('script_links_slot').on(t.teamId, t.slot)],
);

export type Script = typeof scripts.$inferSelect;
export type ScriptVersion = typeof scriptVersions.$inferSelect;
