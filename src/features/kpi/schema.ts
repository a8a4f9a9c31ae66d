import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  integer,
  jsonb,
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

/** Postgres bytea as a Uint8Array (drizzle has no built-in bytea column). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | Buffer }>({
  dataType: () => 'bytea',
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (v) => (v instanceof Uint8Array ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : v),
});

export const IMPORT_STATUSES = ['previewing', 'previewed', 'importing', 'imported', 'cancelled', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One export file sent to the bot in the chat, from the command to 导入 or 取消. The file's bytes
 * are kept until then so that a re-preview (a day answered, a store added) reads them again
 * without a second download; they are cleared once imported or cancelled. One row per source
 * message: a replayed event finds the row it made the first time.
 */
export const kpiImports = pgTable(
  'kpi_imports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** The message with the command (or the file itself, in a private chat). */
    sourceMessageId: text('source_message_id').notNull(),
    chatId: text('chat_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    /** The message that carries the file (the command's own, or the one it replies to). */
    fileMessageId: text('file_message_id').notNull(),
    fileKey: text('file_key').notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size'),
    sha256: text('sha256'),
    /** What the person answered or gave with the command. */
    day: date('day', { mode: 'string' }),
    store: text('store'),
    status: text('status').$type<ImportStatus>().notNull(),
    /** need_date / need_store while the preview waits for an answer; a refusal's name when failed. */
    problem: text('problem'),
    bytes: bytea('bytes'),
    summary: jsonb('summary'),
    /** Preview passes so far: the first replies with the card, later ones patch it. */
    previews: integer('previews').notNull().default(0),
    inserted: integer('inserted'),
    replaced: integer('replaced'),
    importedBy: text('imported_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('kpi_imports_source').on(t.teamId, t.sourceMessageId),
    index('kpi_imports_sha').on(t.teamId, t.sha256),
  ],
);
