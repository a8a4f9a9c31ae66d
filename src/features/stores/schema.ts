import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { members, teams } from '../../db/schema';

/** A store account of the team (店铺): what anomalies, KPIs and alerts are about. */
export const stores = pgTable(
  'stores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    platform: text('platform').notNull().default(''),
    /** The store's ops people (open ids, `/store ops`): @-mentioned on its alerts; empty = the team's ops role. */
    ops: text('ops')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Removed stores are kept so old anomalies and KPIs still name them. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('stores_team_name_active')
      .on(t.teamId, t.name)
      .where(sql`${t.removedAt} is null`),
    index('stores_team').on(t.teamId),
  ],
);

/**
 * Who works a store's accounts (店铺的客服): set by `/store agents <store> @a @b`. Read by features
 * that need "this agent's stores" (mood's find-cover list). A member removed takes their links along.
 */
export const storeAgents = pgTable(
  'store_agents',
  {
    storeId: bigint('store_id', { mode: 'number' })
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.memberId] }), index('store_agents_member').on(t.memberId)],
);
