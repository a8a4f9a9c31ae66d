/**
 * What other features may read of the KPI data (the morning inspection, the digest): a team's
 * daily values over [from, to] as samples with store names, its targets and its metric catalog.
 */
import type { Deps } from '../../core/deps';
import { activeStores } from '../stores/repo';
import type { Sample } from './aggregate';
import type { MetricDef } from './catalog';
import { loadReportValues, loadTargets, toSamples } from './repo';
import type { TargetRow } from './targets';
import { teamCatalog } from './team-metrics-repo';

export interface KpiSnapshot {
  samples: Sample[];
  targets: TargetRow[];
  metrics: MetricDef[];
}

/** Daily values (store-level and per agent) of the team's active stores, days as "YYYY-MM-DD". */
export async function kpiSnapshot(
  deps: Pick<Deps, 'db'>,
  teamId: number,
  from: string,
  to: string,
): Promise<KpiSnapshot> {
  const stores = await activeStores(deps.db, teamId);
  const names = new Map(stores.map((s) => [s.id, s.name]));
  const [rows, targets, metrics] = await Promise.all([
    loadReportValues(deps.db, teamId, { from, to, storeIds: stores.map((s) => s.id) }),
    loadTargets(deps.db, teamId, names),
    teamCatalog(deps.db, teamId),
  ]);
  return { samples: toSamples(rows, names), targets, metrics };
}
