import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { signalData } from '../../core/data-signals';
import { query, ts, type Db } from '../../db/client';
import { kpiTargets, kpiValues } from './schema';
import type { TargetRow } from './targets';

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

/** Rows per statement: 10 parameters a row stays far below Postgres's 65,535. */
const CHUNK = 1000;

const keyOf = (r: ValueRow) => `${r.storeId}\u0000${r.agent}\u0000${r.metric}\u0000${r.day}\u0000${r.hour}`;

/**
 * Stores values, replacing what the same team, store, agent, metric and period had: re-sending a
 * batch, or importing the same file again, stores the same rows — nothing is ever summed twice.
 * Within one call the last value for a key wins. Returns how many were new and how many replaced.
 */
export async function upsertValues(
  db: Db,
  teamId: number,
  rows: readonly ValueRow[],
  source: string,
  now: Date,
): Promise<{ inserted: number; replaced: number }> {
  const unique = [...new Map(rows.map((r) => [keyOf(r), r])).values()];
  let inserted = 0;
  let replaced = 0;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const done = await db
      .insert(kpiValues)
      .values(chunk.map((r) => ({ teamId, ...r, source, updatedAt: now })))
      .onConflictDoUpdate({
        target: [kpiValues.teamId, kpiValues.storeId, kpiValues.agent, kpiValues.metric, kpiValues.day, kpiValues.hour],
        set: {
          value: sql`excluded.value`,
          base: sql`excluded.base`,
          source: sql`excluded.source`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
      // xmax is 0 on a row this statement inserted, and set on one it updated.
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
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
  /** Only per-agent rows ('*'), only store-level rows (''), or one agent. */
  agent?: string;
  /** Whole days only (the default), or hourly rows too. */
  hourly?: boolean;
}

export async function loadValues(db: Db, teamId: number, q: ValueQuery) {
  const where = [eq(kpiValues.teamId, teamId), gte(kpiValues.day, q.from), lte(kpiValues.day, q.to)];
  if (q.storeIds) where.push(inArray(kpiValues.storeId, q.storeIds.length ? q.storeIds : [-1]));
  if (q.metrics) where.push(inArray(kpiValues.metric, q.metrics.length ? q.metrics : ['']));
  if (q.agent === '*') where.push(sql`${kpiValues.agent} <> ''`);
  else if (q.agent !== undefined) where.push(eq(kpiValues.agent, q.agent));
  if (!q.hourly) where.push(eq(kpiValues.hour, -1));
  return db
    .select()
    .from(kpiValues)
    .where(and(...where))
    .orderBy(asc(kpiValues.day), asc(kpiValues.storeId), asc(kpiValues.metric), asc(kpiValues.agent));
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
