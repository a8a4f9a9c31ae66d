import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The inbox: every accepted event, keyed by its de-duplication id (message_id for messages,
 * event_id otherwise). Inserting here is the de-duplication; the stored event lets a crashed
 * replica's unfinished work be picked up again. Rows older than 7 days are pruned.
 */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    tenantKey: text('tenant_key').notNull().default(''),
    chatId: text('chat_id').notNull().default(''),
    event: jsonb('event').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    outcome: text('outcome'),
  },
  (t) => [
    index('inbound_events_received').on(t.receivedAt),
    index('inbound_events_pending').on(t.processedAt, t.claimedUntil),
    // The inbox loop's claim, oldest unfinished first: without it the claim walked every processed
    // row of the last 7 days in received_at order to find the unfinished ones (10 ms per claim at
    // 60,000 rows, and a backlog after a flood drained at a quarter of its speed).
    index('inbound_events_unfinished')
      .on(t.receivedAt)
      .where(sql`${t.processedAt} is null`),
  ],
);
