/**
 * "Something changed": what the open boards listen to. Every change a board shows leaves a row in
 * the outbox (a card posted or patched, a buzz) or in the timers (an escalation step, a data signal
 * after KPI values arrived), so the newest id of each is the change counter. Two primary-key
 * look-ups per process every half second, only while a board is open, on whichever replica holds
 * the page's connection: it sees changes made by any replica, and a restart loses nothing.
 */
import { sql } from 'drizzle-orm';
import { query, type Db } from '../../db/client';

export const CHECK_EVERY_MS = 500;

export async function changeMark(db: Db): Promise<string> {
  const [row] = await query<{ o: string | null; t: string | null }>(
    db,
    sql`select (select max(id) from outbox)::text as o, (select max(id) from timers)::text as t`,
  );
  return `${row?.o ?? 0}:${row?.t ?? 0}`;
}

/**
 * One watcher per process, shared by every open board: calls each listener when the mark moves.
 * listen() resolves once the mark it compares with is known, so a change made right after (before
 * the caller's first snapshot is even read) is not missed. Stops checking when the last one leaves.
 */
export function changeWatcher(db: Db, onError: (err: unknown) => void) {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let last: string | undefined;
  const schedule = (ms: number) => {
    if (!timer && !running && listeners.size) timer = setTimeout(() => void tick(), ms);
  };
  const tick = async () => {
    timer = undefined;
    running = true;
    try {
      const mark = await changeMark(db);
      if (last !== undefined && mark !== last) for (const l of [...listeners]) l();
      last = mark;
    } catch (err) {
      onError(err);
    } finally {
      running = false;
    }
    schedule(CHECK_EVERY_MS);
  };
  return {
    async listen(l: () => void): Promise<() => void> {
      listeners.add(l);
      if (last === undefined) last = await changeMark(db);
      schedule(CHECK_EVERY_MS);
      return () => {
        listeners.delete(l);
        if (!listeners.size) {
          clearTimeout(timer);
          timer = undefined;
          last = undefined;
        }
      };
    },
  };
}
