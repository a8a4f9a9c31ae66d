import { sql } from 'drizzle-orm';
import { query, type Db } from '../db/client';
import type { OutboxRow } from './claim';

/** How soon a patch or buzz looks again for the message it waits on. */
const WAIT_FOR_REF_MS = 500;
/** A ref nobody ever enqueued is a bug; stop waiting for it after this. */
const MISSING_REF_GIVE_UP_MS = 10 * 60_000;

/** Where the message acted on lives, when known: its group, or the person of a p2p chat (for the pacing windows). */
export interface Place {
  chatId?: string;
  openId?: string;
}

export type Resolution =
  | ({ messageId?: string } & Place)
  | { waitUntil: Date }
  | { cancel: 'target_cancelled' }
  | { fail: 'target_not_sent' | 'target_missing'; message: string };

/**
 * The message a patch or buzz acts on. `{ref}` targets point at the send that produces it: until
 * that row is sent this one waits (it is not a failure); if it failed or was cancelled, so is this.
 */
export async function resolveTarget(db: Db, row: OutboxRow, now: Date): Promise<Resolution> {
  if (row.kind !== 'patch' && row.kind !== 'urgent') return {};
  if (typeof row.target.messageId === 'string')
    return { messageId: row.target.messageId, ...placeOf(row.target.chatId, row.target.openId) };
  const ref = row.target.ref;
  if (typeof ref !== 'string') return { fail: 'target_missing', message: 'the row names neither messageId nor ref' };
  const [found] = await query<{
    id: string | number;
    status: string;
    result_message_id: string | null;
    due_at: string | Date;
    last_error: string | null;
    chat_id: string | null;
    open_id: string | null;
  }>(
    db,
    sql`select id, status, result_message_id, due_at, last_error,
          target->>'chatId' as chat_id, target->>'openId' as open_id from outbox
        where ref = ${ref} and kind in ('send', 'reply')
        order by case status when 'sent' then 0 when 'pending' then 1 else 2 end, id desc
        limit 1`,
  );
  if (!found) {
    if (now.getTime() - row.createdAt.getTime() > MISSING_REF_GIVE_UP_MS) {
      return { fail: 'target_missing', message: `no message was ever enqueued with ref "${ref}"` };
    }
    return { waitUntil: new Date(now.getTime() + WAIT_FOR_REF_MS) };
  }
  if (found.status === 'sent' && found.result_message_id)
    return { messageId: found.result_message_id, ...placeOf(found.chat_id, found.open_id) };
  if (found.status === 'pending') {
    // A row in backoff is not worth polling before it is due again.
    return { waitUntil: new Date(Math.max(now.getTime() + WAIT_FOR_REF_MS, new Date(found.due_at).getTime())) };
  }
  if (found.status === 'cancelled') return { cancel: 'target_cancelled' };
  return {
    fail: 'target_not_sent',
    message: `outbox #${found.id} ("${ref}") ${found.status}: ${found.last_error ?? ''}`.trim(),
  };
}

const placeOf = (chatId: unknown, openId: unknown): Place =>
  typeof chatId === 'string' && chatId ? { chatId } : typeof openId === 'string' && openId ? { openId } : {};

/**
 * Patches and callback updates replace the whole card, so only the newest one matters: an older row
 * that a newer one (sent or pending) overtakes is dropped — it would put a stale card back.
 */
export async function isSuperseded(db: Db, row: OutboxRow): Promise<boolean> {
  if (row.kind !== 'patch' && row.kind !== 'card_update') return false;
  const rows = await query(
    db,
    sql`select 1 from outbox
        where id > ${row.id} and kind = ${row.kind} and target = ${JSON.stringify(row.target)}::jsonb
          and status in ('pending', 'sent')
        limit 1`,
  );
  return rows.length > 0;
}
