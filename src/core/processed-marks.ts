import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/**
 * Coalesces the inbox's "processed" marks. One UPDATE per event was, at 1,000 events a second, a
 * thousand round trips competing with the accepts for the database; here the marks of events that
 * finish within a few milliseconds of each other go as one statement.
 *
 * A mark still waiting when the process dies is lost, and the event runs again once its inbox
 * lease (60 s) ends. That is the case the inbox already lives with — a message's work commits
 * without waiting for the disk (synchronous_commit off), so a Postgres crash can lose its mark too —
 * and it is safe because re-running a message is: the replies carry a uuid derived from the event
 * (the platform posts them once), and what commands store is keyed by what they come from. Card
 * clicks are never re-run (claimUnfinished takes messages only), so a lost mark there changes nothing.
 *
 * `mark()` resolves once the mark is written, so a caller that awaits it (the tests, the inbox
 * loop) still sees the event processed; a failed flush rejects every mark of its batch.
 */
export interface ProcessedMarks {
  mark(id: string, outcome: string, at: Date): Promise<void>;
}

interface Pending {
  id: string;
  outcome: string;
  at: Date;
  resolve(): void;
  reject(err: unknown): void;
}

/** A mark waits at most this long for others to join it. */
export const MARK_FLUSH_MS = 5;
/** More marks than this go at once, without waiting out the delay. */
export const MARK_BATCH = 200;

export function createProcessedMarks(db: Db, opts: { flushMs?: number; batch?: number } = {}): ProcessedMarks {
  const flushMs = opts.flushMs ?? MARK_FLUSH_MS;
  const batchSize = opts.batch ?? MARK_BATCH;
  let queue: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length) {
      const batch = queue.slice(0, batchSize);
      queue = queue.slice(batch.length);
      void write(db, batch).then(
        () => batch.forEach((p) => p.resolve()),
        (err: unknown) => batch.forEach((p) => p.reject(err)),
      );
    }
  };

  return {
    mark(id, outcome, at) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ id, outcome, at, resolve, reject });
        if (queue.length >= batchSize) flush();
        else timer ??= setTimeout(flush, flushMs);
      });
    },
  };
}

/** One statement for the batch; an event marked twice in it keeps its last outcome. */
async function write(db: Db, batch: Pending[]): Promise<void> {
  const last = new Map(batch.map((p) => [p.id, p]));
  const rows = [...last.values()].map((p) => ({ id: p.id, outcome: p.outcome, at: p.at.toISOString() }));
  await db.execute(
    sql`update inbound_events e set processed_at = m.at, outcome = m.outcome
        from json_to_recordset(${JSON.stringify(rows)}::json) as m(id text, outcome text, at timestamptz)
        where e.id = m.id`,
  );
}
