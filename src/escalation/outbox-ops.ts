import { sql } from 'drizzle-orm';
import type { Team } from '../core/teams';
import type { UrgentKind } from '../port/platform';
import { query, ts, type Db } from '../db/client';
import { enqueue, PRIORITY, uuidFor } from '../outbox/enqueue';
import { refs } from './refs';
import type { EscalationSubject } from './subject';

/**
 * A buzz on the subject's card, guarded by the claim. The phone call goes first of everything the
 * bot sends; the in-app buzz and card patches follow.
 */
export async function enqueueBuzz(
  db: Db,
  b: {
    key: string;
    id: number;
    teamId: number;
    cardRef: string;
    step: number;
    /** The escalation's cycle (0: the first; see refs.ts). */
    cycle?: number;
    channel: UrgentKind;
    openIds: string[];
    /** Set when one step sends several buzzes (one per person's own card). */
    tag?: string;
  },
  now: Date,
): Promise<void> {
  await enqueue(db, now, {
    kind: 'urgent',
    teamId: b.teamId,
    // The outbox finds the sent card by its ref (or waits for it to be sent).
    message: { ref: b.cardRef },
    urgent: b.channel,
    openIds: b.openIds,
    guard: refs.buzzGuard(b.key, b.id),
    priority: b.channel === 'app' ? PRIORITY.urgent + 1 : PRIORITY.urgent,
    ref: refs.buzz(b.key, b.id, b.step, b.channel, b.cycle),
    uuid: uuidFor(refs.buzzUuid(b.key, b.id, b.step, b.channel, b.cycle, b.tag)),
  });
}

/**
 * A step's buzz on the subject's card — or, for a subject with a card per person (cardRefFor),
 * one buzz per person on their own card.
 */
export async function enqueueSubjectBuzz(
  db: Db,
  subject: Pick<EscalationSubject, 'cardRef' | 'cardRefFor'>,
  b: { key: string; id: number; teamId: number; step: number; cycle?: number; channel: UrgentKind; openIds: string[] },
  now: Date,
): Promise<void> {
  const perPerson = subject.cardRefFor?.bind(subject);
  if (!perPerson) return enqueueBuzz(db, { ...b, cardRef: subject.cardRef(b.id) }, now);
  for (const openId of new Set(b.openIds))
    await enqueueBuzz(db, { ...b, cardRef: perPerson(b.id, openId), openIds: [openId], tag: openId }, now);
}

/** A plain group message, once per key. */
export async function notifyGroup(
  db: Db,
  team: Team,
  text: string,
  key: string,
  now: Date,
  opts: { guard?: string; priority?: number } = {},
): Promise<void> {
  await enqueue(db, now, {
    kind: 'send',
    teamId: team.id,
    to: { chatId: team.chatId },
    body: { msgType: 'text', content: { text } },
    priority: opts.priority ?? PRIORITY.interactive,
    ...(opts.guard ? { guard: opts.guard } : {}),
    uuid: uuidFor(key),
  });
}

/**
 * Cancels pending outbox rows carrying `guard`. Rows a dispatcher holds right now are skipped rather
 * than waited for (it may wait for our row lock in the guard check, which then stops them).
 */
export async function cancelGuarded(db: Db, guard: string, reason: string, now: Date): Promise<number> {
  const rows = await query(
    db,
    sql`update outbox set status = 'cancelled', last_error = ${reason}, finished_at = ${ts(now)} where id in (
          select id from outbox where guard = ${guard} and status = 'pending'
          for update skip locked) returning id`,
  );
  return rows.length;
}
