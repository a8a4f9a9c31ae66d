import { sql } from 'drizzle-orm';
import { signalData } from '../../core/data-signals';
import type { Deps } from '../../core/deps';
import { query } from '../../db/client';

/**
 * The minute job's work: every team with hourly KPI values of the last two days gets a "kpi"
 * signal (one timer per team and window, as a write makes), so its evaluation runs once across
 * replicas — a flapping mute that ran out, or a held group, is looked at again.
 */
export async function signalHourlyTeams(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  const teams = await query<{ team_id: string | number }>(
    deps.db,
    // Per team through kpi_values_team_day (team_id, day): no scan of the whole table each minute.
    sql`select t.id as team_id from teams t where exists (
          select 1 from kpi_values v
          where v.team_id = t.id and v.day >= (${now.toISOString()}::timestamptz - interval '2 days')::date and v.hour >= 0)`,
  );
  for (const t of teams) await signalData(deps.db, Number(t.team_id), 'kpi', now);
  return teams.length;
}
