import { and, between, eq, gte, lte, sql } from 'drizzle-orm';
import { signalData } from '../../core/data-signals';
import { query, ts, type Db } from '../../db/client';
import { loadSettings } from '../alert/repo';
import { keywordCounts, keywordWarnings } from './schema';

export interface CountRow {
  /** 0 = the team as a whole. */
  storeId: number;
  keyword: string;
  day: string;
  hour: number;
  count: number;
}

/** Counts one batch (or one report file) may carry. */
export const MAX_COUNTS = 10_000;

const CHUNK = 1000;

/**
 * Upserts counts (the same key again replaces) and signals "keywords" for the warnings.
 * `keep`: a key already stored is left as it is (the sandbox's demo data never overwrites).
 */
export async function upsertCounts(
  db: Db,
  teamId: number,
  rows: readonly CountRow[],
  now: Date,
  opts: { keep?: boolean } = {},
): Promise<{ inserted: number; replaced: number }> {
  // The last of two rows with one key in a batch wins, as a second batch would.
  const unique = [...new Map(rows.map((r) => [`${r.storeId}|${r.keyword}|${r.day}|${r.hour}`, r])).values()];
  let inserted = 0;
  let replaced = 0;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK).map((r) => [r.storeId, r.keyword, r.day, r.hour, r.count]);
    const done = await query<{ inserted: boolean }>(
      db,
      sql`insert into keyword_counts (team_id, store_id, keyword, day, hour, count, updated_at)
          select ${teamId}, (r->>0)::bigint, r->>1, (r->>2)::date, (r->>3)::smallint, (r->>4)::int, ${ts(now)}
          from json_array_elements(${JSON.stringify(chunk)}::json) as r
          on conflict (team_id, store_id, keyword, day, hour)
          ${opts.keep ? sql`do nothing` : sql`do update set count = excluded.count, updated_at = excluded.updated_at`}
          returning (xmax = 0) as inserted`,
    );
    for (const d of done) d.inserted ? inserted++ : replaced++;
  }
  if (inserted + replaced) await signalData(db, teamId, 'keywords', now);
  return { inserted, replaced };
}

/** Hourly counts of [from, to], hours 0..`upToHour` only: the rest is never judged (whole days, later hours). */
export async function loadCounts(db: Db, teamId: number, from: string, to: string, upToHour = 23): Promise<CountRow[]> {
  return db
    .select({
      storeId: keywordCounts.storeId,
      keyword: keywordCounts.keyword,
      day: keywordCounts.day,
      hour: keywordCounts.hour,
      count: keywordCounts.count,
    })
    .from(keywordCounts)
    .where(
      and(
        eq(keywordCounts.teamId, teamId),
        gte(keywordCounts.day, from),
        lte(keywordCounts.day, to),
        between(keywordCounts.hour, 0, upToHour),
      ),
    );
}

export type WarningRow = typeof keywordWarnings.$inferSelect;

/** The day's warnings of the team, locked: two evaluations of one team never interleave on them. */
export async function lockWarnings(db: Db, teamId: number, day: string): Promise<WarningRow[]> {
  return db
    .select()
    .from(keywordWarnings)
    .where(and(eq(keywordWarnings.teamId, teamId), eq(keywordWarnings.day, day)))
    .for('update');
}

/** A new warning, or undefined when another evaluation made it first (its card is that one's). */
export async function insertWarning(db: Db, row: typeof keywordWarnings.$inferInsert): Promise<WarningRow | undefined> {
  const [r] = await db.insert(keywordWarnings).values(row).onConflictDoNothing().returning();
  return r;
}

export async function updateWarning(db: Db, id: number, set: Partial<WarningRow>): Promise<void> {
  await db.update(keywordWarnings).set(set).where(eq(keywordWarnings.id, id));
}

/** The team's minimum count: `/alert policy keyword_min=30` (default 20). */
export const minCountOf = async (db: Db, teamId: number): Promise<number> =>
  (await loadSettings(db, teamId)).keywordMin;
