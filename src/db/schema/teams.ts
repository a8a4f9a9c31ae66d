import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, bigint } from 'drizzle-orm/pg-core';

/** A team is one group on one platform (platform + tenant + chat). Every other row belongs to a team. */
export const teams = pgTable(
  'teams',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Which chat platform the group lives on: 'feishu' (the sandbox's emulator counts as Feishu), 'dingtalk'. */
    platform: text('platform').notNull().default('feishu'),
    tenantKey: text('tenant_key').notNull(),
    chatId: text('chat_id').notNull(),
    name: text('name').notNull().default(''),
    timeZone: text('time_zone').notNull(),
    /** The language the bot speaks in this team; null: the deployment's FLOORWALKER_LOCALE. */
    locale: text('locale').$type<'zh-CN' | 'en'>(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('teams_platform_tenant_chat').on(t.platform, t.tenantKey, t.chatId)],
);

export const ROLES = ['supervisor', 'leader', 'agent', 'ops'] as const;
export type Role = (typeof ROLES)[number];

/** senior: an experienced agent (资深), whom risky orders go to first. */
export const MEMBER_ATTRIBUTES = ['senior'] as const;
export type MemberAttribute = (typeof MEMBER_ATTRIBUTES)[number];

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
    /** What a person is besides their role ("senior": an experienced agent, see MEMBER_ATTRIBUTES). */
    attributes: jsonb('attributes').$type<MemberAttribute[]>().notNull().default([]),
    /** Set when Feishu told us this person cannot be reached (left the group, invalid id). */
    unreachableSince: timestamp('unreachable_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('members_team_open_id').on(t.teamId, t.openId)],
);
