import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';
import { stores } from '../stores/schema';
import type { EscalationPolicy, LadderTiming } from '../../escalation/policy';

export type AnomalyStatus = 'open' | 'claimed' | 'resolved';

/**
 * The escalation policy snapshot kept on each anomaly (a change never alters one in flight). Rows
 * reported before policies had steps hold the ladder timing; policyFrom() reads both.
 */
export type StoredPolicy = EscalationPolicy | LadderTiming;

/**
 * A store anomaly (店铺异常). While unresolved, the same store and kind is one row: a second
 * report raises `reportCount` instead of starting a second escalation (the partial unique index).
 * `version` counts card renders; a card patch is sent only if it is still the newest.
 */
export const anomalies = pgTable(
  'anomalies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    storeId: bigint('store_id', { mode: 'number' })
      .notNull()
      .references(() => stores.id),
    storeName: text('store_name').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    reporterOpenId: text('reporter_open_id').notNull(),
    reportCount: integer('report_count').notNull().default(1),
    status: text('status').$type<AnomalyStatus>().notNull().default('open'),
    policy: jsonb('policy').$type<StoredPolicy>().notNull(),
    /** The last escalation step taken (0 = only the card). */
    step: integer('step').notNull().default(0),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    resolutionNote: text('resolution_note'),
    unreachedAt: timestamp('unreached_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('anomalies_one_open')
      .on(t.teamId, t.storeId, t.kind)
      .where(sql`${t.resolvedAt} is null`),
    index('anomalies_team_reported').on(t.teamId, t.reportedAt),
  ],
);

export type AnomalyEventKind =
  'reported' | 'merged' | 'buzz' | 'skipped' | 'unreached' | 'claimed' | 'resolved' | 'reminder' | 'buzz_failed';

/** The anomaly's timeline: what the card ends as, and what /anomaly stats counts. */
export const anomalyEvents = pgTable(
  'anomaly_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    anomalyId: bigint('anomaly_id', { mode: 'number' })
      .notNull()
      .references(() => anomalies.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').$type<AnomalyEventKind>().notNull(),
    actorOpenId: text('actor_open_id'),
    openIds: jsonb('open_ids').$type<string[]>().notNull().default([]),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    /** What caused it (an inbound event id, a step key): a replay adds nothing. */
    source: text('source'),
  },
  (t) => [index('anomaly_events_anomaly').on(t.anomalyId, t.at), uniqueIndex('anomaly_events_source').on(t.source)],
);
