import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  doublePrecision,
  index,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  date,
} from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';
import { stores } from '../stores/schema';

/**
 * One KPI value: team, store, agent ('' = the store as a whole), metric, day and hour (-1 = the
 * whole day), in the team's time zone. The unique key makes re-sending a value replace it — an
 * upsert, never a second row summed in later. `base` is what a rate was computed over (接待人数).
 */
export const kpiValues = pgTable(
  'kpi_values',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    storeId: bigint('store_id', { mode: 'number' })
      .notNull()
      .references(() => stores.id),
    agent: text('agent').notNull().default(''),
    metric: text('metric').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    hour: smallint('hour').notNull().default(-1),
    value: doublePrecision('value').notNull(),
    base: doublePrecision('base'),
    /** api, import:<id>, manual:<open_id>. */
    source: text('source').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('kpi_values_key').on(t.teamId, t.storeId, t.agent, t.metric, t.day, t.hour),
    index('kpi_values_team_day').on(t.teamId, t.day),
  ],
);

/** A target for a metric, for the whole team (store_id null) or one store. */
export const kpiTargets = pgTable(
  'kpi_targets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    storeId: bigint('store_id', { mode: 'number' }).references(() => stores.id),
    op: text('op').$type<'<=' | '>='>().notNull(),
    value: doublePrecision('value').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('kpi_targets_scope').on(t.teamId, t.metric, sql`coalesce(${t.storeId}, 0)`)],
);

/** A metric the team added itself (its own key, names, unit and direction). */
export const kpiMetrics = pgTable(
  'kpi_metrics',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    unit: text('unit').notNull(),
    direction: text('direction').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('kpi_metrics_team_key').on(t.teamId, t.key)],
);
