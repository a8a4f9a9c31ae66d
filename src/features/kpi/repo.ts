import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { signalData } from '../../core/data-signals';
import { query, ts, type Db } from '../../db/client';
import { kpiTargets, kpiValues } from './schema';
import type { TargetRow } from './targets';
import type { Sample } from './aggregate';

export interface ValueRow {
  storeId: number;
  /** '' for the store as a whole. */
  agent: string;
  metric: string;
  day: string;
  /** -1 for the whole day. */
  hour: number;
  value: number;
  base: number | null;
}

/** Rows per statement: one import batch or one API request of 1,000 samples is one round trip. */
const CHUNK = 1000;

const keyOf = (r: ValueRow) => `${r.storeId}\u0000${r.agent}\u0000${r.metric}\u0000${r.day}\u0000${r.hour}`;

/**
 * Stores values, replacing what the same team, store, agent, metric and period had: re-sending a
 * batch, or importing the same file again, stores the same rows — nothing is ever summed twice.
 * Within one call the last value for a key wins. Returns how many were new and how many replaced.
 *
 * The rows travel as one JSON parameter unpacked by json_to_recordset rather than as a VALUES
 * list: drizzle's builder spent 150–350 ms of CPU on a 1,000-row, 10,000-parameter insert (more
 * than Postgres took to store it), and the data API's throughput is bound by exactly that.
 */
export async function upsertValues(
  db: Db,
  teamId: number,
  rows: readonly ValueRow[],
  source: string,
  now: Date,
): Promise<{ inserted: number; replaced: number }> {
  const unique = rows.length > 1 ? [...new Map(rows.map((r) => [keyOf(r), r])).values()] : rows;
  let inserted = 0;
  let replaced = 0;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK).map((r) => [r.storeId, r.agent, r.metric, r.day, r.hour, r.value, r.base]);
    const done = await query<{ inserted: boolean }>(
      db,
      sql`insert into kpi_values (team_id, store_id, agent, metric, day, hour, value, base, source, updated_at)
          select ${teamId}, (r->>0)::bigint, r->>1, r->>2, (r->>3)::date, (r->>4)::smallint, (r->>5)::float8, (r->>6)::float8, ${source}, ${ts(now)}
          from json_array_elements(${JSON.stringify(chunk)}::json) as r
          on conflict (team_id, store_id, agent, metric, day, hour)
          do update set value = excluded.value, base = excluded.base, source = excluded.source, updated_at = excluded.updated_at
          returning (xmax = 0) as inserted`,
    );
    // xmax is 0 on a row this statement inserted, and set on one it updated.
    for (const d of done) d.inserted ? inserted++ : replaced++;
  }
  // Whoever reacts to new values (the alerts) does so after this commits, once per batch window.
  if (unique.length) await signalData(db, teamId, 'kpi', now);
  return { inserted, replaced };
}

export interface ValueQuery {
  from: string;
  to: string;
  storeIds?: number[];
  metrics?: string[];
  /**
   * Only per-agent rows ('*'), only store-level rows (''), or one agent; 'rollup': what a store's
   * day is made of (report.ts storeDays) — its store-level row where it has one, else its agents'
   * rows, so a digest over many stores reads no agent row it would throw away.
   */
  agent?: string;
  /** Whole days only (the default), or hourly rows too. */
  hourly?: boolean;
  /** Only these hours of the day (hourly rows; e.g. the surge check's current and previous hour). */
  hours?: number[];
}

function valueWhere(teamId: number, q: ValueQuery) {
  const where = [eq(kpiValues.teamId, teamId), gte(kpiValues.day, q.from), lte(kpiValues.day, q.to)];
  if (q.storeIds) where.push(inArray(kpiValues.storeId, q.storeIds.length ? q.storeIds : [-1]));
  if (q.metrics) where.push(inArray(kpiValues.metric, q.metrics.length ? q.metrics : ['']));
  if (q.agent === '*') where.push(sql`${kpiValues.agent} <> ''`);
  else if (q.agent === 'rollup')
    where.push(
      // The outer row by its table's name: drizzle renders columns unqualified in raw SQL.
      sql`(kpi_values.agent = '' or not exists (select 1 from kpi_values own where own.team_id = kpi_values.team_id
            and own.store_id = kpi_values.store_id and own.agent = '' and own.metric = kpi_values.metric
            and own.day = kpi_values.day and own.hour = kpi_values.hour))`,
    );
  else if (q.agent !== undefined) where.push(eq(kpiValues.agent, q.agent));
  if (!q.hourly) where.push(eq(kpiValues.hour, -1));
  if (q.hours) where.push(inArray(kpiValues.hour, q.hours.length ? q.hours : [-2]));
  return and(...where);
}

export async function loadValues(db: Db, teamId: number, q: ValueQuery) {
  return db
    .select()
    .from(kpiValues)
    .where(valueWhere(teamId, q))
    .orderBy(asc(kpiValues.day), asc(kpiValues.storeId), asc(kpiValues.metric), asc(kpiValues.agent));
}

/** One value as a report rolls it up. */
export interface ReportValue {
  storeId: number;
  agent: string;
  metric: string;
  day: string;
  value: number;
  base: number | null;
}

/**
 * The values a report rolls up, only the columns it reads, as one JSON array: /kpi over 30 days
 * of a store reads tens of thousands of rows, and taking them apart row by row (drizzle's mapping,
 * then the driver's) cost three times what Postgres took to find them; one JSON.parse is native.
 * Ordered as loadValues (byte order for the names), so ties in the report keep their order.
 */
export async function loadReportValues(db: Db, teamId: number, q: ValueQuery): Promise<ReportValue[]> {
  const [row] = await query<{ rows: string | null }>(
    db,
    sql`select json_agg(json_build_array(store_id, agent, metric, day, value, base)
                        order by day, store_id, metric collate "C", agent collate "C")::text as rows
        from kpi_values where ${valueWhere(teamId, q)}`,
  );
  const rows = JSON.parse(row?.rows ?? '[]') as [number, string, string, string, number, number | null][];
  return rows.map(([storeId, agent, metric, day, value, base]) => ({ storeId, agent, metric, day, value, base }));
}

/** Report values as the report's samples, stores by name (whole days: no hour). */
export function toSamples(rows: readonly ReportValue[], names: ReadonlyMap<number, string>): Sample[] {
  return rows.map((r) => ({
    store: names.get(r.storeId) ?? '',
    agent: r.agent || null,
    day: r.day,
    hour: null,
    metric: r.metric,
    value: r.value,
    base: r.base,
  }));
}

/** The store days of [from, to] that hold any value at all, as "storeId|day". */
export async function storeDaysWithValues(db: Db, teamId: number, from: string, to: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ storeId: kpiValues.storeId, day: kpiValues.day })
    .from(kpiValues)
    .where(and(eq(kpiValues.teamId, teamId), gte(kpiValues.day, from), lte(kpiValues.day, to)));
  return new Set(rows.map((r) => `${r.storeId}|${r.day}`));
}

/** How many values a store has for `day` already (what an import of that day will replace). */
export async function countValues(db: Db, teamId: number, storeIds: number[], days: string[]): Promise<number> {
  if (!storeIds.length || !days.length) return 0;
  const [row] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from kpi_values where team_id = ${teamId} and store_id in ${storeIds} and day in ${days}`,
  );
  return row?.n ?? 0;
}

export async function loadTargets(
  db: Db,
  teamId: number,
  storeNames: ReadonlyMap<number, string>,
): Promise<TargetRow[]> {
  const rows = await db.select().from(kpiTargets).where(eq(kpiTargets.teamId, teamId));
  return rows.map((r) => ({
    metric: r.metric,
    store: r.storeId === null ? null : (storeNames.get(r.storeId) ?? `#${r.storeId}`),
    op: r.op,
    value: r.value,
  }));
}

/** Sets the team's (storeId null) or one store's target for a metric, replacing the previous one. */
export async function setTarget(
  db: Db,
  teamId: number,
  t: { metric: string; storeId: number | null; op: '<=' | '>='; value: number },
  by: string,
  now: Date,
): Promise<void> {
  await db.execute(
    sql`insert into kpi_targets (team_id, metric, store_id, op, value, updated_by, updated_at)
        values (${teamId}, ${t.metric}, ${t.storeId}, ${t.op}, ${t.value}, ${by}, ${ts(now)})
        on conflict (team_id, metric, coalesce(store_id, 0))
        do update set op = excluded.op, value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
}

/** Back to the team's (or the catalog's) target; false when there was none to reset. */
export async function resetTarget(db: Db, teamId: number, metric: string, storeId: number | null): Promise<boolean> {
  const rows = await query(
    db,
    sql`delete from kpi_targets where team_id = ${teamId} and metric = ${metric} and coalesce(store_id, 0) = ${storeId ?? 0} returning id`,
  );
  return rows.length > 0;
}
