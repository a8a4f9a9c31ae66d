/**
 * A team's own metrics in kpi_metrics. Removing one deletes its definition only: the values stay
 * in kpi_values under its key, so adding it again brings them back.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { CATALOG, type MetricDef } from './catalog';
import { kpiMetrics } from './schema';
import { ownMetricDef, ownMetricLabels } from './team-metrics';

/** The team's own metrics, oldest first. */
export async function loadOwnMetrics(db: Db, teamId: number): Promise<MetricDef[]> {
  const rows = await db
    .select()
    .from(kpiMetrics)
    .where(eq(kpiMetrics.teamId, teamId))
    .orderBy(asc(kpiMetrics.createdAt), asc(kpiMetrics.id));
  return rows.map(ownMetricDef);
}

/** The catalog followed by the team's own metrics: every metric the team can name. */
export async function teamCatalog(db: Db, teamId: number): Promise<MetricDef[]> {
  return [...CATALOG, ...(await loadOwnMetrics(db, teamId))];
}

/**
 * What an export's headers may call the team's own metrics (normalised label → key), for
 * ExportContext.extraMetrics wherever an import is read (the chat and POST /api/v1/imports).
 */
export async function teamMetricLabels(db: Db, teamId: number): Promise<Map<string, MetricDef>> {
  return ownMetricLabels(await loadOwnMetrics(db, teamId));
}

/** Adds the metric; false when the team has that key already (a replayed command adds nothing). */
export async function insertOwnMetric(db: Db, teamId: number, def: MetricDef, by: string, now: Date): Promise<boolean> {
  const rows = await db
    .insert(kpiMetrics)
    .values({
      teamId,
      key: def.key,
      nameZh: def.name['zh-CN'],
      nameEn: def.name.en,
      unit: def.unit,
      direction: def.direction,
      createdBy: by,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: kpiMetrics.id });
  return rows.length > 0;
}

/** Deletes the definition (not the values); false when the team had no such metric. */
export async function deleteOwnMetric(db: Db, teamId: number, key: string): Promise<boolean> {
  const rows = await db
    .delete(kpiMetrics)
    .where(and(eq(kpiMetrics.teamId, teamId), eq(kpiMetrics.key, key)))
    .returning({ id: kpiMetrics.id });
  return rows.length > 0;
}
