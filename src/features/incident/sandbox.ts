/**
 * The sandbox's incident demo: one closed outage from yesterday (so /incident stats has numbers)
 * and the hourly consult counts of the demo stores over the last 7 days and today — with the
 * current hour of the first store at about 2.5× its usual, so a surge suggestion card shows up
 * (and waits for a person). Idempotent: hours already stored and the demo incident are left alone.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../../core/deps';
import { listMembers, localeOf, type Team } from '../../core/teams';
import { loadValues, upsertValues, type ValueRow } from '../kpi/repo';
import { activeStores } from '../stores/repo';
import { defaultPlaybook } from './kinds';
import { addEvents } from './repo';
import { incidents } from './schema';
import { CONSULT_METRIC } from './surge';

const DEMO_SOURCE = 'demo:incident';
const MIN = 60_000;

/** A plausible hourly shape of consults: quiet at night, peaks 09–11 and 20–22. */
export const demoConsults = (hour: number, storeIndex: number): number => {
  const shape = [2, 1, 1, 0, 0, 1, 3, 8, 18, 30, 34, 28, 20, 22, 25, 24, 22, 20, 18, 22, 30, 32, 24, 10];
  return Math.round((shape[hour] ?? 10) * (storeIndex === 0 ? 1.5 : 1));
};

export async function seedIncidentDemo(deps: Deps, team: Team, now: Date): Promise<void> {
  await seedConsults(deps, team, now);
  await seedClosedIncident(deps, team, now);
}

async function seedConsults(deps: Deps, team: Team, now: Date) {
  const stores = (await activeStores(deps.db, team.id)).slice(0, 3);
  if (!stores.length) return;
  const local = DateTime.fromJSDate(now, { zone: team.timeZone });
  const from = local.minus({ days: 7 }).toISODate()!;
  const have = new Set(
    (
      await loadValues(deps.db, team.id, {
        from,
        to: local.toISODate()!,
        metrics: [CONSULT_METRIC],
        agent: '',
        hourly: true,
      })
    )
      .filter((v) => v.hour >= 0)
      .map((v) => `${v.storeId}|${v.day}|${v.hour}`),
  );
  // The KPI demo's history fills the days before today by hour too; today is this seed's own. The
  // surge goes in once: with the first seed of today (a later clock move adds hours, not surges).
  const today = local.toISODate()!;
  const firstToday = !have.has(`${stores[0]!.id}|${today}|0`);
  const rows: ValueRow[] = [];
  for (let d = 7; d >= 0; d--) {
    const day = local.minus({ days: d }).toISODate()!;
    for (let hour = 0; hour < 24; hour++) {
      if (d === 0 && hour > local.hour) break;
      stores.forEach((s, k) => {
        if (have.has(`${s.id}|${day}|${hour}`)) return;
        const surge = d === 0 && hour === local.hour && k === 0 && firstToday;
        const value = Math.max(surge ? 40 : 0, demoConsults(hour, k) * (surge ? 2.5 : 1));
        rows.push({
          storeId: s.id,
          agent: '',
          metric: CONSULT_METRIC,
          day,
          hour,
          value: Math.round(value),
          base: null,
        });
      });
    }
  }
  if (rows.length) await deps.db.transaction((tx) => upsertValues(tx, team.id, rows, 'demo', now));
}

async function seedClosedIncident(deps: Deps, team: Team, now: Date) {
  const p = defaultPlaybook('outage', localeOf(deps.config, team));
  const who = (await listMembers(deps.db, team.id, ['supervisor']))[0]?.openId;
  if (!who) return;
  const start = new Date(now.getTime() - 26 * 60 * MIN);
  const at = (min: number) => new Date(start.getTime() + min * MIN);
  const [i] = await deps.db
    .insert(incidents)
    .values({
      teamId: team.id,
      kind: 'outage',
      severity: 1,
      description: '演示：三楼交换机故障，全组断网 40 分钟',
      reporterOpenId: who,
      status: 'resolved',
      playbook: { version: p.version, name: p.name, ...(p.wording ? { wording: p.wording } : {}) },
      steps: p.steps.map((s, k) => ({ ...s, assignee: who, doneAt: at(3 + k * 9).toISOString(), doneBy: who })),
      startedAt: start,
      acknowledgedAt: at(2),
      acknowledgedBy: who,
      lastUpdateAt: at(30),
      closedAt: at(41),
      closedBy: who,
      summary: '交换机电源故障，已更换；备用热点 8 分钟内全部接上。',
      source: DEMO_SOURCE,
    })
    .onConflictDoNothing()
    .returning();
  if (!i) return;
  await addEvents(deps.db, [
    { incidentId: i.id, at: start, kind: 'started', actorOpenId: who, source: `demo:${i.id}:start` },
    { incidentId: i.id, at: at(2), kind: 'ack', actorOpenId: who, source: `demo:${i.id}:ack` },
    ...p.steps.map((_, k) => ({
      incidentId: i.id,
      at: at(3 + k * 9),
      kind: 'step',
      actorOpenId: who,
      detail: { n: k + 1 },
      source: `demo:${i.id}:step:${k + 1}`,
    })),
    { incidentId: i.id, at: at(41), kind: 'closed', actorOpenId: who, source: `demo:${i.id}:closed` },
  ]);
}
