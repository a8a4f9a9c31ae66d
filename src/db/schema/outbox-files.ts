import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { teams } from './teams';

/** Postgres bytea as a Uint8Array (drizzle has no built-in bytea column). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | Buffer }>({
  dataType: () => 'bytea',
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (v) => (v instanceof Uint8Array ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : v),
});

/**
 * A file the outbox is to send (an export for a supervisor), kept in the database until it is
 * sent, so that a crash between making it and sending it loses nothing and a retry sends the same
 * bytes. Stored in chunks (outbox_file_chunks) so neither writing nor sending holds it whole.
 * Pruned a few days after it was made (pruneOutboxFiles).
 */
export const outboxFiles = pgTable(
  'outbox_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' }).references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    chunks: integer('chunks').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('outbox_files_created').on(t.createdAt)],
);

export const outboxFileChunks = pgTable(
  'outbox_file_chunks',
  {
    fileId: bigint('file_id', { mode: 'number' })
      .notNull()
      .references(() => outboxFiles.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.seq] })],
);
