import { inboundEvents } from '../db/schema';
import type { Db } from '../db/client';
import type { InboundEvent } from './inbound';
import { INBOX_LEASE_MS } from './inbox';
import type { Pressure } from './work-slots';

/**
 * Group commit for accepts. Each accept is a durable insert, and a durable commit waits for the
 * disk; at a thousand events a second one commit per event is a thousand disk flushes and a
 * thousand round trips fighting over the same connections. Here, events that arrive while the
 * previous inserts are in flight wait for the next one and go together as one multi-row insert:
 * one round trip, one flush. With nothing in flight an event goes at once, so a quiet group pays
 * nothing for this; under a burst the batch grows by itself to what the database keeps up with.
 *
 * The insert is the de-duplication — Feishu delivers at least once and retries after 15 s, 5 min,
 * 1 h and 6 h, so a second delivery finds the row and stops: ON CONFLICT DO NOTHING, and an id that
 * comes back is an event seen for the first time. Two copies of one event in the same batch: the
 * first is new, the second a duplicate.
 */
export interface Acceptor extends Pressure {
  /**
   * True when the event is new and now stored; false when it was seen before. Stored with this
   * process's lease on its work (INBOX_LEASE_MS), or with `leased: false` with none, so that any
   * replica's inbox loop may take it at once.
   */
  accept(event: InboundEvent, now: Date, opts?: { leased?: boolean }): Promise<boolean>;
  /**
   * An event accepted on another thread (the webhook's own, Deps.handOff) whose work runs here: it
   * counts as an arrival, so that the work gives way to a burst as it does to its own accepts.
   */
  arrived(): void;
}

interface Waiting {
  event: InboundEvent;
  now: Date;
  leased: boolean;
  resolve(isNew: boolean): void;
  reject(err: unknown): void;
}

/**
 * For this long after an event the work slots count as pressed (see WorkSlots): one item at a
 * time, resting in proportion to the arrival rate. For a lone event the rest is a hundredth of its
 * work; events closer than this keep the pressure on, and the rate makes the rest grow.
 */
export const QUIET_MS = 50;
/** More rows than this in one statement and the batch's own latency starts to show. */
const MAX_BATCH = 200;

export function createAcceptor(db: Db, opts: { inFlight?: number; now?: () => number } = {}): Acceptor {
  const now = opts.now ?? (() => performance.now());
  // As many inserts at once as there are connections kept for accepting.
  const maxInFlight = opts.inFlight ?? 2;
  let inFlight = 0;
  let queue: Waiting[] = [];
  let scheduled = false;
  let lastArrival = -Infinity;
  let rate = 0;

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      inFlight++;
      void insert(db, batch).finally(() => {
        inFlight--;
        if (queue.length) schedule();
      });
    }
  };
  // After the current turn of the event loop, so that requests read in the same turn share a batch.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    (globalThis.setImmediate ?? ((fn: () => void) => setTimeout(fn, 0)))(flush);
  };

  const arrived = () => {
    const t = now();
    // Exponentially weighted: each event adds 1/s, and the sum decays with a time constant of 1 s.
    rate = (Number.isFinite(lastArrival) ? rate * Math.exp(-(t - lastArrival) / 1000) : 0) + 1;
    lastArrival = t;
  };

  return {
    arrived,
    accept(event, at, { leased = true } = {}) {
      arrived();
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ event, now: at, leased, resolve, reject });
        if (inFlight < maxInFlight) schedule();
      });
    },
    pressed: () => inFlight > 0 || queue.length > 0 || now() - lastArrival < QUIET_MS,
    rate: () => (Number.isFinite(lastArrival) ? rate * Math.exp(-(now() - lastArrival) / 1000) : 0),
  };
}

async function insert(db: Db, batch: Waiting[]): Promise<void> {
  const first = new Map<string, Waiting>();
  for (const w of batch) if (!first.has(w.event.id)) first.set(w.event.id, w);
  try {
    const rows = await db
      .insert(inboundEvents)
      .values(
        [...first.values()].map(({ event, now, leased }) => ({
          id: event.id,
          kind: event.type,
          tenantKey: event.tenantKey,
          chatId: event.chatId,
          event,
          receivedAt: now,
          claimedUntil: leased ? new Date(now.getTime() + INBOX_LEASE_MS) : now,
          attempts: 1,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: inboundEvents.id });
    const stored = new Set(rows.map((r) => r.id));
    for (const w of batch) w.resolve(first.get(w.event.id) === w && stored.has(w.event.id));
  } catch (err) {
    if (batch.length === 1 || !isDataError(err)) {
      // The database is unreachable or failing: every event of the batch gets the error (Feishu
      // retries them); retrying each row would only multiply the failing queries.
      for (const w of batch) w.reject(err);
      return;
    }
    // One row the database refuses must not fail the events that happened to share its batch:
    // each on its own, one after the other (the accept connections are few).
    for (const w of batch) await insert(db, [w]);
  }
}

/** SQLSTATE class 22 (data exception) or 23 (integrity): this data, not the database, is the trouble. */
function isDataError(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^2[23]/.test(code)) return true;
  }
  return false;
}
