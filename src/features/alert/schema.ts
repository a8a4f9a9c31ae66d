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

/** A team's alert settings (timing, business hours, noise guards); absent keys take the defaults (settings.ts). */
export const alertPolicies = pgTable('alert_policies', {
  teamId: bigint('team_id', { mode: 'number' })
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * A notification group (Alertmanager's aggregation group) of a team: one row per team and key
 * ("kpi"), reused across episodes. An episode (`seq`) opens with its first breach and closes when
 * all its alerts are resolved and shown; its card is the outbox send with ref `alert:<id>:<seq>:<n>`
 * (`msg` = n, the card's message number within the episode: a repeat is a new message). Every
 * change to the group happens holding this row's lock, so replicas never interleave.
 */
export const alertGroups = pgTable(
  'alert_groups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    status: text('status').$type<'open' | 'closed'>().notNull().default('closed'),
    seq: integer('seq').notNull().default(0),
    msg: integer('msg').notNull().default(0),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    /** The last flush (new message or card update). */
    flushedAt: timestamp('flushed_at', { withTimezone: true }),
    /** The last new message of the episode (first card, repeat): repeat_interval counts from it. */
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
    /** When the storm notice of the episode went out. */
    stormAt: timestamp('storm_at', { withTimezone: true }),
    /** Outside business hours since then: the first flush of the next working period summarises. */
    heldSince: timestamp('held_since', { withTimezone: true }),
    /** Card patches of the current message, for their idempotency keys. */
    version: integer('version').notNull().default(0),
    /** What the current card shows (a hash): a flush that would show the same sends nothing. */
    cardHash: text('card_hash'),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('alert_groups_team_key').on(t.teamId, t.key)],
);

/**
 * One alert: its identity is the team and the fingerprint (kind + store + metric + agent for a KPI
 * breach; a violation's will be its own), so the same breach reported again is the same row.
 * `firstValue` is the value it fired with, `value` the latest ("from 35 s to 48 s").
 */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    groupId: bigint('group_id', { mode: 'number' })
      .notNull()
      .references(() => alertGroups.id, { onDelete: 'cascade' }),
    /** The group episode it belongs to (alert_groups.seq when it last fired). */
    seq: integer('seq').notNull(),
    /** What raised it: "kpi" (later "violation", "keyword"). */
    kind: text('kind').notNull(),
    fingerprint: text('fingerprint').notNull(),
    storeId: bigint('store_id', { mode: 'number' }).references(() => stores.id),
    agent: text('agent').notNull().default(''),
    metric: text('metric').notNull().default(''),
    state: text('state').$type<'firing' | 'resolved'>().notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    firstValue: doublePrecision('first_value'),
    value: doublePrecision('value'),
    targetOp: text('target_op'),
    targetValue: doublePrecision('target_value'),
    /** The period the value is about: "2026-11-30" or "2026-12-01 10:00". */
    period: text('period'),
    /** State changes within the flapping window (epoch ms). */
    changes: jsonb('changes').$type<number[]>().notNull().default([]),
    /** Flapping (抖动): muted until then. */
    flappingUntil: timestamp('flapping_until', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** Other facts of its kind (a violation's points), shown on the card. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('alerts_team_fingerprint').on(t.teamId, t.fingerprint),
    index('alerts_group_seq').on(t.groupId, t.seq),
  ],
);

/**
 * A silence: matches a store, a metric, both, or everything (both null) of the team, from
 * `startsAt` to `endsAt` (or `endedAt` when ended early). Kept after it ends: who, when and why.
 */
export const alertSilences = pgTable(
  'alert_silences',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    storeId: bigint('store_id', { mode: 'number' }).references(() => stores.id),
    metric: text('metric'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: text('ended_by'),
    /** Idempotency of the button/command that made it (a double click makes one). */
    source: text('source').notNull(),
  },
  (t) => [
    uniqueIndex('alert_silences_source').on(t.teamId, t.source),
    index('alert_silences_team_active')
      .on(t.teamId, t.endsAt)
      .where(sql`${t.endedAt} is null`),
  ],
);

/**
 * A violation (违规) reported by a platform or the team: its own card, posted at once (no grouping),
 * and — when severe — an escalation subject ("alertViolation"). `source` is the caller's id of it
 * (the API's `id`, or the chat message of /violation): the same violation sent twice is one row.
 * `events` is its escalation timeline (buzzes, skips), small enough to live on the row.
 */
export const violations = pgTable(
  'violations',
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
    kind: text('kind').notNull(),
    points: doublePrecision('points'),
    amount: doublePrecision('amount'),
    description: text('description').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    reportedBy: text('reported_by'),
    severe: integer('severe').notNull().default(0),
    status: text('status').$type<'open' | 'claimed' | 'resolved'>().notNull().default('open'),
    /** The escalation policy snapshot (severe ones only). */
    policy: jsonb('policy').$type<unknown>(),
    step: integer('step').notNull().default(0),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    unreachedAt: timestamp('unreached_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    events: jsonb('events').$type<Record<string, unknown>[]>().notNull().default([]),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('violations_team_source').on(t.teamId, t.source)],
);
