import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { teams } from './teams';

export type OutboxKind = 'send' | 'reply' | 'patch' | 'urgent' | 'card_update';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * The lane of a row: sends and replies queue per chat (or per user for p2p sends), patches per
 * card; buzzes and callback updates each stand alone. The dispatcher takes only the head of each
 * lane (outbox/claim.ts), found along the outbox_lane index without sorting the backlog.
 */
const LANE = sql`coalesce(case kind
  when 'send' then coalesce('chat:' || (target->>'chatId'), 'user:' || (target->>'openId'))
  when 'reply' then coalesce('chat:' || (target->>'chatId'), 'reply:' || (target->>'messageId'))
  when 'patch' then coalesce('msg:' || (target->>'messageId'), 'ref:' || (target->>'ref'))
end, 'row:' || id::text)`;

/**
 * Every message, reply, card update and buzz goes through here. A row is claimed with
 * FOR UPDATE SKIP LOCKED, sent within the rate limits, and marked sent, failed (with a human
 * explanation) or rescheduled. `uuid` makes a retried send idempotent at Feishu for 1 h.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' }).references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<OutboxKind>().notNull(),
    /** 0 = urgent (phone escalation) … 9 = bulk (digests). Lower goes first. */
    priority: smallint('priority').notNull().default(5),
    /** Where it goes: { chatId } | { openId } | { messageId } | { afterOutboxId } | { token }. */
    target: jsonb('target').$type<Record<string, unknown>>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    uuid: text('uuid').notNull().unique(),
    /** A domain reference ("anomaly:42:card") so domain code can find the sent message id. */
    ref: text('ref'),
    /** A guard ("anomaly:42") re-checked under a row lock right before sending; false cancels. */
    guard: text('guard'),
    /** Derived from kind and target (see LANE); claimed rows carry it (outbox/claim.ts). */
    lane: text('lane').generatedAlwaysAs(LANE),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /**
     * Nobody may take the row before this: the lease of the replica sending it, or a short hold
     * after it found no rate slot or met a 429 (due_at is kept, so the lane's order is kept).
     */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    /** The dispatcher pass that holds the lease; only it may put the row back. */
    claimedBy: text('claimed_by'),
    attempts: integer('attempts').notNull().default(0),
    errorCode: integer('error_code'),
    /** Stable name of the problem ("bot_not_in_group", "gave_up" …); see outbox/classify.ts. */
    errorReason: text('error_reason'),
    lastError: text('last_error'),
    resultMessageId: text('result_message_id'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** When the row became sent, failed or cancelled. */
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_due')
      .on(t.priority, t.dueAt)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_ref').on(t.ref),
    index('outbox_team_status').on(t.teamId, t.status),
    index('outbox_lane')
      .on(t.lane, t.priority, t.dueAt, t.id)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * Shared rate-limit counters: one row per key and second. Replicas take a slot with one atomic
 * upsert, so Feishu's per-chat, per-user and per-app limits hold across processes. Keys are
 * counted per quarter second ("chat:oc_1#2" = its third quarter of `second`) so that no sliding
 * 1-s window exceeds Feishu's limit (outbox/rate-limit.ts). Pruned daily (pruneRateSlots).
 */
export const rateSlots = pgTable(
  'rate_slots',
  {
    key: text('key').notNull(),
    second: bigint('second', { mode: 'number' }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.second] })],
);
