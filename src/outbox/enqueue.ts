import { createHash, randomUUID } from 'node:crypto';
import { outbox, type OutboxKind } from '../db/schema';
import type { Db } from '../db/client';
import type { Card } from '../cards/card';
import type { MessageBody, UrgentKind } from '../port/platform';

/** Lower goes first: a phone escalation never waits behind a digest. */
export const PRIORITY = { urgent: 0, interactive: 2, normal: 5, bulk: 9 } as const;

/**
 * A message we sent: by id, or by the outbox ref of the send that will produce it. With an id,
 * `chatId` (its group, when known) lets a patch count against that group's pace; by ref the outbox
 * finds the group itself.
 */
export type MessageRef = { messageId: string; chatId?: string } | { ref: string };

export interface EnqueueCommon {
  teamId: number | null;
  priority?: number;
  /** Domain reference, e.g. "anomaly:42:card"; later patches and buzzes can point at it. */
  ref?: string;
  /** Re-checked under lock right before sending (see outbox/guards.ts); false cancels the row. */
  guard?: string;
  dueAt?: Date;
  /** Idempotency key; derive it from the triggering event so a replay enqueues nothing new. */
  uuid?: string;
}

export type Outbound =
  | ({ kind: 'send'; to: { chatId: string } | { openId: string }; body: MessageBody } & EnqueueCommon)
  /** `chatId`: the chat of `messageId`, when known — the reply then counts against that chat's limit. */
  | ({ kind: 'reply'; messageId: string; chatId?: string; body: MessageBody } & EnqueueCommon)
  | ({ kind: 'patch'; message: MessageRef; card: Card } & EnqueueCommon)
  | ({ kind: 'urgent'; message: MessageRef; urgent: UrgentKind; openIds: string[] } & EnqueueCommon)
  | ({ kind: 'card_update'; token: string; card: Card } & EnqueueCommon)
  /** A file kept in the outbox's file store (outbox/files.ts), sent as a file message: a send row. */
  | ({ kind: 'file'; to: { chatId: string } | { openId: string }; file: StoredFileRef } & EnqueueCommon);

/** A file of the outbox's store, as a send row's payload names it (`msgType: 'file'`). */
export interface StoredFileRef {
  id: number;
  name: string;
  size: number;
}

/** Feishu's uuid field takes at most 50 characters; hash longer keys down. */
export function uuidFor(key: string): string {
  return key.length <= 50 ? key : createHash('sha256').update(key).digest('base64url').slice(0, 43);
}

function targetAndPayload(o: Outbound): {
  kind: OutboxKind;
  target: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  switch (o.kind) {
    case 'send':
      return { kind: 'send', target: { ...o.to }, payload: { ...o.body } };
    case 'reply':
      return {
        kind: 'reply',
        target: { messageId: o.messageId, ...(o.chatId ? { chatId: o.chatId } : {}) },
        payload: { ...o.body },
      };
    case 'patch':
      return { kind: 'patch', target: { ...o.message }, payload: { card: o.card } };
    case 'urgent':
      return { kind: 'urgent', target: { ...o.message }, payload: { urgent: o.urgent, openIds: o.openIds } };
    case 'card_update':
      return { kind: 'card_update', target: { token: o.token }, payload: { card: o.card } };
    case 'file':
      // A send like any other (same lane, same limits); only the call differs (outbox/call.ts).
      return { kind: 'send', target: { ...o.to }, payload: { msgType: 'file', content: { ...o.file } } };
  }
}

/**
 * Adds one outbound action. Returns its id, or null when a row with the same uuid exists already
 * (the action was enqueued before — a replayed event, a double click).
 */
export async function enqueue(db: Db, now: Date, o: Outbound): Promise<number | null> {
  const { kind, target, payload } = targetAndPayload(o);
  const rows = await db
    .insert(outbox)
    .values({
      teamId: o.teamId,
      kind,
      priority: o.priority ?? PRIORITY.normal,
      target,
      payload,
      uuid: uuidFor(o.uuid ?? randomUUID()),
      ref: o.ref ?? null,
      guard: o.guard ?? null,
      dueAt: o.dueAt ?? now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.uuid })
    .returning({ id: outbox.id });
  return rows[0]?.id ?? null;
}

/**
 * Version `version` of the card at `ref`, patched in place: the outbox drops a patch that a newer one
 * of the same ref overtakes, and the key (`<subject>:<id>:v<version>`) makes a replay enqueue once.
 */
export function enqueueCardPatch(
  db: Db,
  now: Date,
  p: { teamId: number; ref: string; card: Card; key: string },
): Promise<number | null> {
  return enqueue(db, now, {
    kind: 'patch',
    teamId: p.teamId,
    message: { ref: p.ref },
    card: p.card,
    priority: PRIORITY.interactive,
    uuid: uuidFor(p.key),
  });
}
