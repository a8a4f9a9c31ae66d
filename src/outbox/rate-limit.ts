/**
 * Feishu's limits, shared by every replica through `rate_slots`: before a call, a row takes one
 * slot of each key it is subject to with one atomic upsert (`count < limit`), all or none.
 *
 * Feishu (and the emulator) count any 1-s window, not calendar seconds: 5 at 0.9 s and 5 at 1.0 s
 * are 10 in a tenth of a second. So every key is counted per quarter second ("chat:oc_1#2" in
 * second s), with a quarter's limit chosen so that no 1-s window — which touches at most five
 * quarters — holds more than Feishu allows:
 * - a chat, a user (p2p) or a message (card patches): 1 per quarter — never more than 5 in a second,
 *   4 per second sustained; the headroom also absorbs other bots in the group and network jitter.
 * - the app: 10 per quarter — never more than 50 in a second. Rows above PRIORITY.interactive may
 *   not take a quarter's last slots (normal 9, bulk 8), so a phone escalation that turns up in the
 *   middle of a digest burst still goes out at once.
 */
import { lt, sql } from 'drizzle-orm';
import { query, type Db } from '../db/client';
import { rateSlots } from '../db/schema';
import { PRIORITY } from './enqueue';

export const QUARTER_MS = 250;
const APP_PER_QUARTER = 10;
/** A count no limit reaches: how a pause (429, 230020) fills the slots it covers. */
const PAUSED = 1_000_000;
/** A pause longer than this is capped (a bogus reset header must not silence the bot for a day). */
const MAX_PAUSE_MS = 10 * 60_000;

export interface Slot {
  key: string;
  second: number;
  limit: number;
  /** When a slot of this key could be free again if this one is refused. */
  reopensAt: number;
}

/** How much of a quarter second's app-wide budget a row of this priority may use. */
export function appLimit(priority: number): number {
  if (priority <= PRIORITY.interactive) return APP_PER_QUARTER;
  return priority >= PRIORITY.bulk ? APP_PER_QUARTER - 2 : APP_PER_QUARTER - 1;
}

function quarter(rateKey: string, ms: number): { key: string; second: number; reopensAt: number } {
  const second = Math.floor(ms / 1000);
  const q = Math.floor((ms - second * 1000) / QUARTER_MS);
  return { key: `${rateKey}#${q}`, second, reopensAt: second * 1000 + (q + 1) * QUARTER_MS };
}

/** The slots a call needs now: the app's, plus its chat's / user's / message's. */
export function slotsFor(rateKey: string | undefined, priority: number, nowMs: number): Slot[] {
  const slots: Slot[] = [{ ...quarter('app', nowMs), limit: appLimit(priority) }];
  if (rateKey) slots.push({ ...quarter(rateKey, nowMs), limit: 1 });
  // One order for every statement: two replicas never wait on each other's rows crosswise.
  return slots.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const ROLLBACK = Symbol('rate slots refused');

/** Takes all the slots or none; returns the refused ones (empty when the call may go). */
export async function takeSlots(db: Db, slots: Slot[]): Promise<Slot[]> {
  const upsert = (d: Db) =>
    query<{ key: string }>(
      d,
      sql`insert into rate_slots (key, second, count)
          values ${sql.join(slots.map((s) => sql`(${s.key}, ${s.second}::bigint, 1)`), sql`, `)}
          on conflict (key, second) do update set count = rate_slots.count + 1
          where rate_slots.count < (case rate_slots.key ${sql.join(slots.map((s) => sql`when ${s.key} then ${s.limit}::int`), sql` `)} end)
          returning key`,
    );
  const refusedOf = (got: { key: string }[]) => slots.filter((s) => !got.some((g) => g.key === s.key));
  if (slots.length === 1) return refusedOf(await upsert(db));
  let refused: Slot[] = [];
  try {
    await db.transaction(async (tx) => {
      refused = refusedOf(await upsert(tx));
      if (refused.length) throw ROLLBACK; // give back the slots that were taken
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return refused;
}

/**
 * Closes a key from `fromMs` until `untilMs` for every replica: 'app' after a 429, a chat after
 * 230020. Slots already counted stay counted; the pause only fills the rest.
 */
export async function pauseKey(db: Db, rateKey: string, fromMs: number, untilMs: number): Promise<void> {
  const end = Math.min(untilMs, fromMs + MAX_PAUSE_MS);
  const cells: { key: string; second: number }[] = [];
  for (let t = Math.floor(fromMs / QUARTER_MS) * QUARTER_MS; t < end; t += QUARTER_MS) cells.push(quarter(rateKey, t));
  if (!cells.length) return;
  await db.execute(
    sql`insert into rate_slots (key, second, count)
        values ${sql.join(cells.map((c) => sql`(${c.key}, ${c.second}::bigint, ${PAUSED}::int)`), sql`, `)}
        on conflict (key, second) do update set count = greatest(rate_slots.count, excluded.count)`,
  );
}

/** For the daily prune job: drops counters of seconds before `before`. Returns how many. */
export async function pruneRateSlots(db: Db, before: Date): Promise<number> {
  const [row] = await query<{ n: string | number }>(
    db,
    sql`with gone as (delete from ${rateSlots} where ${lt(rateSlots.second, Math.floor(before.getTime() / 1000))} returning 1)
        select count(*) as n from gone`,
  );
  return Number(row?.n ?? 0);
}
