/**
 * The platform's limits, shared by every replica through `rate_slots`: before a call, a row takes
 * one slot of each key it is subject to with one atomic upsert (`count < limit`), all or none.
 *
 * Platforms count sliding windows, not calendar seconds, so every key is counted per slice of the
 * window ("chat:oc_1#2": the third slice of second s), with per-slice budgets the platform chose so
 * that no window holds more than it allows (PlatformLimits; Feishu's in platforms/feishu/limits.ts).
 * The app's budget is the platform's: its key names the platform.
 */
import { lt, sql } from 'drizzle-orm';
import { LEGACY_PLATFORM, type PlatformLimits, type PlatformName } from '../port/platform';
import { query, type Db } from '../db/client';
import { rateSlots } from '../db/schema';
import { PRIORITY } from './enqueue';

/** A count no limit reaches: how a pause (rate limited app or chat) fills the slots it covers. */
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

/**
 * The app-wide key of a platform. The platform that was the only one keeps the key it had then, so
 * that replicas of the previous version count in the same slots during a rolling deploy.
 */
export const appKey = (platform: PlatformName): string => (platform === LEGACY_PLATFORM ? 'app' : `app:${platform}`);

/** How much of a slice's app-wide budget a row of this priority may use. */
export function appLimit(limits: PlatformLimits, priority: number): number {
  if (priority <= PRIORITY.interactive) return limits.appPerSlice;
  return limits.appPerSlice - (priority >= PRIORITY.bulk ? limits.appReserve.bulk : limits.appReserve.normal);
}

/**
 * The slice of `ms` as a counter row: (key#q, second). Slices of a second or less split the second
 * (Feishu's quarters: "#0"–"#3" of second s); longer ones (a per-minute limit) are counted under the
 * second they start in. `second` also dates the row for pruning.
 */
export function slice(
  limits: Pick<PlatformLimits, 'sliceMs'>,
  rateKey: string,
  ms: number,
): { key: string; second: number; reopensAt: number } {
  const start = Math.floor(ms / limits.sliceMs) * limits.sliceMs;
  const second = Math.floor(start / 1000);
  const q = Math.floor((start - second * 1000) / limits.sliceMs);
  return { key: `${rateKey}#${q}`, second, reopensAt: start + limits.sliceMs };
}

/** The slots a call needs now: the platform app's, plus its chat's / user's / message's. */
export function slotsFor(
  platform: { name: PlatformName; limits: PlatformLimits },
  rateKey: string | undefined,
  priority: number,
  nowMs: number,
): Slot[] {
  const { limits } = platform;
  const slots: Slot[] = [{ ...slice(limits, appKey(platform.name), nowMs), limit: appLimit(limits, priority) }];
  if (rateKey) slots.push({ ...slice(limits, rateKey, nowMs), limit: limits.lanePerSlice });
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
    sql`with want(key, second, lim) as (values ${sql.join(
      slots.map((s) => sql`(${s.key}, ${s.second}::bigint, ${s.limit}::int)`),
      sql`, `,
    )}),
        look as (
          select w.key, coalesce(r.count, 0) < w.lim as room
          from want w left join rate_slots r on r.key = w.key and r.second = w.second
        ),
        took as (
          insert into rate_slots (key, second, count)
          select key, second, 1 from want where (select bool_and(room) from look) order by key
          on conflict (key, second) do update set count = rate_slots.count + 1
          where rate_slots.count < (case rate_slots.key ${sql.join(
            slots.map((s) => sql`when ${s.key} then ${s.limit}::int`),
            sql` `,
          )} end)
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
          where (key, second) in (${sql.join(
            slots.filter((s) => taken.has(s.key)).map((s) => sql`(${s.key}, ${s.second}::bigint)`),
            sql`, `,
          )})`,
    );
  }
  return refused;
}

/**
 * Closes a key from `fromMs` until `untilMs` for every replica: the app's when the platform says the
 * app is over its limit, a chat's when it says that chat is. Slots already counted stay counted;
 * the pause only fills the rest.
 */
export async function pauseKey(
  db: Db,
  limits: PlatformLimits,
  rateKey: string,
  fromMs: number,
  untilMs: number,
): Promise<void> {
  const end = Math.min(untilMs, fromMs + MAX_PAUSE_MS);
  const cells: { key: string; second: number }[] = [];
  for (let t = Math.floor(fromMs / limits.sliceMs) * limits.sliceMs; t < end; t += limits.sliceMs)
    cells.push(slice(limits, rateKey, t));
  if (!cells.length) return;
  await db.execute(
    sql`insert into rate_slots (key, second, count)
        values ${sql.join(
          cells.map((c) => sql`(${c.key}, ${c.second}::bigint, ${PAUSED}::int)`),
          sql`, `,
        )}
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
