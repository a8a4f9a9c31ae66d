import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, bigint } from 'drizzle-orm/pg-core';

/** A team is one Feishu group (tenant + chat). Every other row belongs to a team. */
export const teams = pgTable(
  'teams',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantKey: text('tenant_key').notNull(),
    chatId: text('chat_id').notNull(),
    name: text('name').notNull().default(''),
    timeZone: text('time_zone').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('teams_tenant_chat').on(t.tenantKey, t.chatId)],
);

export const ROLES = ['supervisor', 'leader', 'agent', 'ops'] as const;
export type Role = (typeof ROLES)[number];

export const members = pgTable(
  'members',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    openId: text('open_id').notNull(),
    name: text('name').notNull().default(''),
    role: text('role').$type<Role>().notNull().default('agent'),
    /** Set when Feishu told us this person cannot be reached (left the group, invalid id). */
    unreachableSince: timestamp('unreachable_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('members_team_open_id').on(t.teamId, t.openId)],
);

export const stores = pgTable(
  'stores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    platform: text('platform').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Removed stores are kept so old anomalies and KPIs still name them. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('stores_team_name_active').on(t.teamId, t.name).where(sql`${t.removedAt} is null`),
    index('stores_team').on(t.teamId),
  ],
);
