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

/**
 * Takes all the slots or none, in one statement: it looks whether every key has room and only
 * then counts on all of them; the upsert's own `count < limit` stays the arbiter when replicas race.
 * Returns the refused slots (empty: the call may go).
 */
export async function takeSlots(db: Db, slots: Slot[]): Promise<Slot[]> {
  const rows = await query<{ key: string; room: boolean; taken: boolean }>(
    db,
    sql`with want(key, second, lim) as (values ${sql.join(slots.map((s) => sql`(${s.key}, ${s.second}::bigint, ${s.limit}::int)`), sql`, `)}),
        look as (
          select w.key, coalesce(r.count, 0) < w.lim as room
          from want w left join rate_slots r on r.key = w.key and r.second = w.second
        ),
        took as (
          insert into rate_slots (key, second, count)
          select key, second, 1 from want where (select bool_and(room) from look) order by key
          on conflict (key, second) do update set count = rate_slots.count + 1
          where rate_slots.count < (case rate_slots.key ${sql.join(slots.map((s) => sql`when ${s.key} then ${s.limit}::int`), sql` `)} end)
          returning key
        )
        select look.key, look.room, took.key is not null as taken from look left join took on took.key = look.key`,
  );
  const taken = new Set(rows.filter((r) => r.taken).map((r) => r.key));
  if (taken.size === slots.length) return [];
  // Name only the keys that are full: the caller remembers them, and the others may still have room.
  const full = new Set(rows.filter((r) => !r.room || (taken.size > 0 && !r.taken)).map((r) => r.key));
  const refused = full.size ? slots.filter((s) => full.has(s.key)) : slots;
  if (taken.size) {
    // Another replica took the last slot of one key between the look and the count: give the others back.
    await db.execute(
      sql`update rate_slots set count = count - 1
          where (key, second) in (${sql.join(slots.filter((s) => taken.has(s.key)).map((s) => sql`(${s.key}, ${s.second}::bigint)`), sql`, `)})`,
    );
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
