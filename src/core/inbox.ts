import { eq, lt, sql } from 'drizzle-orm';
import { inboundEvents } from '../db/schema';
import { query, ts, type Db } from '../db/client';
import { withPlatform, type InboundEvent } from './inbound';

/** How long one replica owns an accepted event before another may pick it up again. */
export const INBOX_LEASE_MS = 60_000;

/**
 * Moves the lease on an accepted event to `to`, but only if it is still the lease this process set
 * (`heldUntil`) and the event is unfinished. Forward: work that waited long renews it. To now: work
 * a stopping replica will not do is handed to the others at once. False: another replica's work
 * loop took the event over.
 */
export async function moveLease(db: Db, id: string, heldUntil: Date, to: Date): Promise<boolean> {
  const rows = await query<{ id: string }>(
    db,
    sql`update inbound_events set claimed_until = ${ts(to)}
        where id = ${id} and processed_at is null and claimed_until = ${ts(heldUntil)}
        returning id`,
  );
  return rows.length > 0;
}

export async function markProcessed(db: Db, id: string, outcome: string, now: Date): Promise<void> {
  await db.update(inboundEvents).set({ processedAt: now, outcome }).where(eq(inboundEvents.id, id));
}

/**
 * Messages accepted by a replica that died before finishing them. Card actions are not retried:
 * their answer was due within 3 s and Feishu does not retry callbacks either.
 */
export async function claimUnfinished(db: Db, now: Date, limit = 20): Promise<InboundEvent[]> {
  const leaseUntil = new Date(now.getTime() + INBOX_LEASE_MS);
  const rows = await query<{ event: InboundEvent }>(
    db,
    sql`update inbound_events set claimed_until = ${ts(leaseUntil)}, attempts = attempts + 1
        where id in (${unfinishedIds(now, limit)})
        returning event`,
  );
  return rows.map((r) =>
    withPlatform<InboundEvent>((typeof r.event === 'string' ? JSON.parse(r.event) : r.event) as InboundEvent),
  );
}

/**
 * The oldest unfinished messages free to claim, locked. Found through the partial index
 * inbound_events_unfinished, so the claim's cost does not grow with the processed rows kept.
 */
export const unfinishedIds = (now: Date, limit: number) =>
  sql`select id from inbound_events
      where processed_at is null and kind = 'message' and claimed_until < ${ts(now)} and attempts < 5
      order by received_at limit ${limit} for update skip locked`;

export async function pruneInbound(db: Db, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(inboundEvents)
    .where(lt(inboundEvents.receivedAt, olderThan))
    .returning({ id: inboundEvents.id });
  return rows.length;
}
