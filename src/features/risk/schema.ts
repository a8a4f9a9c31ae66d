import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
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
import type { Outcome, Reason, RiskRules } from './rules';

/** The team's rules (only what it changed; rules.ts rulesFrom adds the defaults). */
export const riskSettings = pgTable('risk_settings', {
  teamId: bigint('team_id', { mode: 'number' })
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  rules: jsonb('rules').$type<Partial<RiskRules>>().notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * An order as the team's systems reported it (POST /api/v1/orders, the file import), one row per
 * team and order id: a report again merges into it. Once the rules find it risky (`warnedAt`) it
 * is a warning with a card, claimed by a senior agent and escalated to the leaders when nobody does
 * (subject "risk": status/policy/step/… are the escalation engine's). `events` is its timeline.
 */
export const riskOrders = pgTable(
  'risk_orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    orderId: text('order_id').notNull(),
    storeId: bigint('store_id', { mode: 'number' })
      .notNull()
      .references(() => stores.id),
    storeName: text('store_name').notNull(),
    buyer: text('buyer'),
    /** The order's amount in yuan. */
    amount: doublePrecision('amount'),
    /** The delivery address's region (province or city) as reported. */
    region: text('region'),
    /** The last logistics update; null: none reported (not shipped yet). */
    logisticsAt: timestamp('logistics_at', { withTimezone: true }),
    delivered: boolean('delivered').notNull().default(false),
    /** How many refunds the buyer has had (the shop system's count). */
    buyerRefunds: integer('buyer_refunds'),
    /** Why it is risky, as the rules last found (empty: not risky). */
    reasons: jsonb('reasons').$type<Reason[]>().notNull().default([]),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    status: text('status').$type<'open' | 'claimed' | 'resolved'>().notNull().default('open'),
    policy: jsonb('policy').$type<unknown>(),
    step: integer('step').notNull().default(0),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    unreachedAt: timestamp('unreached_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    outcome: text('outcome').$type<Outcome>(),
    outcomeBy: text('outcome_by'),
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
    complaintId: bigint('complaint_id', { mode: 'number' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    events: jsonb('events').$type<Record<string, unknown>[]>().notNull().default([]),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('risk_orders_team_order').on(t.teamId, t.orderId),
    index('risk_orders_team_warned').on(t.teamId, t.warnedAt),
    index('risk_orders_team_open')
      .on(t.teamId)
      .where(sql`${t.warnedAt} is not null and ${t.closedAt} is null`),
  ],
);
