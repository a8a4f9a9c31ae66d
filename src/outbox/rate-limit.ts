/**
 * The platform's limits, shared by every replica through `rate_slots`: before a call, a row takes
 * one slot of each key it is subject to with one atomic upsert (`count < limit`), all or none.
 *
 * Platforms count sliding windows, not calendar seconds, so every key is counted per slice of the
 * window ("chat:oc_1#2": the third slice of second s), with per-slice budgets the platform chose so
 * that no window holds more than it allows (PlatformLimits; Feishu's in platforms/feishu/limits.ts).
 * The app's budget is the platform's: its key names the platform.
 *
 * Windows (PlatformLimits perChat / perUser / perApi) pace ahead of what slices cannot express —
 * "4 in any second" into a group whatever the call, "1,000 in any minute" per API: a window's slot
 * looks at the sum of the cells a window ending now touches. Sums cannot be arbitrated by one row's
 * upsert, so a take that counts on a window does it inside a transaction holding an advisory lock
 * per window key: replicas take from one window one after the other, never both the last place.
 */
import { lt, sql } from 'drizzle-orm';
import {
  LEGACY_PLATFORM,
  type OutboxCall,
  type PlatformLimits,
  type PlatformName,
  type RateWindow,
} from '../port/platform';
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
  /** A window's slot: `limit` is on the sum of these cells (its own among them), not on its own count. */
  window?: {
    base: string;
    windowMs: number;
    cellMs: number;
    cells: { key: string; second: number; startMs: number }[];
  };
}

/** What a call reaches besides its lane, for the windows: the API it uses, its group, the people it reaches. */
export interface Reach {
  call?: OutboxCall;
  chatId?: string;
  /** People a message goes to (p2p). */
  openIds?: readonly string[];
  /** People a buzz rings. */
  buzzed?: readonly string[];
}

/**
 * The app-wide key of a platform. The platform that was the only one keeps the key it had then, so
 * that replicas of the previous version count in the same slots during a rolling deploy.
 */
export const appKey = (platform: PlatformName): string => (platform === LEGACY_PLATFORM ? 'app' : `app:${platform}`);

/** How much of a slice's app-wide budget a row of this priority may use. */
export function appLimit(limits: PlatformLimits, priority: number, urgentDue = 0): number {
  if (priority <= PRIORITY.urgent) return limits.appPerSlice;
  const forUrgent = Math.min(urgentDue, limits.appReserve.urgent ?? 0);
  const reserve =
    priority <= PRIORITY.interactive
      ? 0
      : priority >= PRIORITY.bulk
        ? limits.appReserve.bulk
        : limits.appReserve.normal;
  return limits.appPerSlice - Math.max(reserve, forUrgent);
}

/** How many urgent rows are due now (at most `max`): what the other rows leave room for (appLimit). */
export async function urgentDue(db: Db, now: Date, max: number): Promise<number> {
  if (max <= 0) return 0;
  const [row] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from (
          select 1 from outbox where status = 'pending' and priority <= ${PRIORITY.urgent} and due_at <= ${now.toISOString()}::timestamptz
          limit ${max}) due`,
  );
  return Number(row?.n ?? 0);
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

/** The slot of a window over `base` for a call at `nowMs`: the current cell, and every cell a window ending now touches. */
export function windowSlot(w: RateWindow, base: string, nowMs: number): Slot {
  const cell = { sliceMs: w.cellMs };
  const cells: { key: string; second: number; startMs: number }[] = [];
  for (let t = Math.floor((nowMs - w.windowMs) / w.cellMs) * w.cellMs; t <= nowMs; t += w.cellMs) {
    const c = slice(cell, base, t);
    cells.push({ key: c.key, second: c.second, startMs: t });
  }
  return {
    ...slice(cell, base, nowMs),
    limit: w.limit,
    window: { base, windowMs: w.windowMs, cellMs: w.cellMs, cells },
  };
}

/** The window keys: a group's and a person's calls (whatever the call), an API's (its platform's). */
export const chatWindowKey = (chatId: string) => `in:chat:${chatId}`;
export const chatMessagesWindowKey = (chatId: string) => `msgs:chat:${chatId}`;
export const userWindowKey = (openId: string) => `in:user:${openId}`;
export const buzzWindowKey = (openId: string) => `buzz:user:${openId}`;
export const apiWindowKey = (platform: PlatformName, api: string, w: RateWindow) =>
  `api:${platform}:${api}@${w.windowMs}ms`;

/** The window slots of a call (empty when the platform states no windows or the call reaches nothing known). */
export function windowSlotsFor(platform: { name: PlatformName; limits: PlatformLimits }, reach: Reach, nowMs: number) {
  const { limits } = platform;
  const slots: Slot[] = [];
  if (limits.perChat && reach.chatId) slots.push(windowSlot(limits.perChat, chatWindowKey(reach.chatId), nowMs));
  if (limits.perChatMessages && reach.chatId && reach.call === 'send')
    slots.push(windowSlot(limits.perChatMessages, chatMessagesWindowKey(reach.chatId), nowMs));
  if (limits.perUser)
    for (const openId of new Set(reach.openIds ?? []))
      slots.push(windowSlot(limits.perUser, userWindowKey(openId), nowMs));
  if (limits.perBuzzed)
    for (const openId of new Set(reach.buzzed ?? []))
      slots.push(windowSlot(limits.perBuzzed, buzzWindowKey(openId), nowMs));
  const api = reach.call && limits.perApi?.[reach.call];
  if (api) for (const w of api.windows) slots.push(windowSlot(w, apiWindowKey(platform.name, api.api, w), nowMs));
  return slots;
}

/**
 * The slots a call needs now: the platform app's, plus its chat's / user's / message's, plus the
 * windows of what it reaches (`reach`).
 */
export function slotsFor(
  platform: { name: PlatformName; limits: PlatformLimits },
  rateKey: string | undefined,
  priority: number,
  nowMs: number,
  reach: Reach = {},
  urgentWaiting = 0,
): Slot[] {
  const { limits } = platform;
  const slots: Slot[] = [
    { ...slice(limits, appKey(platform.name), nowMs), limit: appLimit(limits, priority, urgentWaiting) },
  ];
  if (rateKey) slots.push({ ...slice(limits, rateKey, nowMs), limit: limits.lanePerSlice });
  slots.push(...windowSlotsFor(platform, reach, nowMs));
  // One order for every statement: two replicas never wait on each other's rows crosswise.
  return slots.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Takes all the slots or none, in one statement: it looks whether every key has room and only
 * then counts on all of them; the upsert's own `count < limit` stays the arbiter when replicas race
 * for a slice. Windows are summed over their cells, under their advisory locks (see above).
 * Returns the refused slots (empty: the call may go); a refused window says when its oldest call
 * leaves it (reopensAt).
 */
export async function takeSlots(db: Db, slots: Slot[]): Promise<Slot[]> {
  const windows = [...new Set(slots.flatMap((s) => (s.window ? [s.window.base] : [])))].sort();
  if (!windows.length) return takeOnce(db, slots);
  return db.transaction(async (tx) => {
    // One order for every replica, so two never wait on each other's locks crosswise.
    for (const key of windows) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    return takeOnce(tx, slots);
  });
}

async function takeOnce(db: Db, slots: Slot[]): Promise<Slot[]> {
  const cells = slots.flatMap((s, i) =>
    (s.window?.cells ?? [{ key: s.key, second: s.second, startMs: 0 }]).map((c) => ({ ...c, slot: i })),
  );
  const rows = await query<{ key: string; room: boolean; taken: boolean; oldest: string | number | null }>(
    db,
    sql`with want(slot, key, second, lim) as (values ${sql.join(
      slots.map((s, i) => sql`(${i}::int, ${s.key}, ${s.second}::bigint, ${s.limit}::int)`),
      sql`, `,
    )}),
        span(slot, key, second, start) as (values ${sql.join(
          cells.map((c) => sql`(${c.slot}::int, ${c.key}, ${c.second}::bigint, ${c.startMs}::bigint)`),
          sql`, `,
        )}),
        look as (
          select w.key, coalesce(sum(r.count), 0) < w.lim as room, min(s.start) filter (where r.count > 0) as oldest
          from want w join span s on s.slot = w.slot
          left join rate_slots r on r.key = s.key and r.second = s.second
          group by w.slot, w.key, w.lim
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
        select look.key, look.room, look.oldest, took.key is not null as taken from look left join took on took.key = look.key`,
  );
  const taken = new Set(rows.filter((r) => r.taken).map((r) => r.key));
  if (taken.size === slots.length) return [];
  // Name only the keys that are full: the caller remembers them, and the others may still have room.
  const full = new Set(rows.filter((r) => !r.room || (taken.size > 0 && !r.taken)).map((r) => r.key));
  const oldest = new Map(rows.filter((r) => r.oldest !== null).map((r) => [r.key, Number(r.oldest)]));
  const refused = (full.size ? slots.filter((s) => full.has(s.key)) : slots).map((s) => {
    const first = oldest.get(s.key);
    if (!s.window || first === undefined) return s;
    // A full window has room again once its oldest cell with a call in it has left it.
    return { ...s, reopensAt: Math.max(s.reopensAt, first + s.window.cellMs + s.window.windowMs) };
  });
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
