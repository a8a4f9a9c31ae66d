/** What the pre-fill reads (I/O), through the other features' exported functions. */
import { DateTime } from 'luxon';
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { violationsSince } from '../alert/violation-repo';
import { complaintsSince } from '../complaint/repo';
import { kpiSnapshot } from '../kpi/read';
import type { PrefillData } from './prefill';
import { accountsSince } from './repo';

const DAY_MS = 86_400_000;

/** The local days the pre-fill looks at: today, yesterday, and the 7 days before yesterday. */
export function prefillDays(now: Date, zone: string): { today: string; yesterday: string; week: string[] } {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const iso = (d: DateTime) => d.toISODate()!;
  return {
    today: iso(today),
    yesterday: iso(today.minus({ days: 1 })),
    week: Array.from({ length: 7 }, (_, i) => iso(today.minus({ days: 8 - i }))),
  };
}

export async function loadPrefillData(deps: Pick<Deps, 'db' | 'config'>, team: Team, now: Date): Promise<PrefillData> {
  const days = prefillDays(now, team.timeZone);
  const since = new Date(now.getTime() - DAY_MS);
  const [accounts, violations, complaints, kpi] = await Promise.all([
    accountsSince(deps.db, team.id, since),
    violationsSince(deps.db, team.id, since),
    complaintsSince(deps.db, team.id, since, localeOf(deps.config, team)),
    kpiSnapshot(deps, team.id, days.week[0]!, days.today),
  ]);
  return {
    ...days,
    ...kpi,
    accounts,
    complaints,
    violations: violations.map((v) => ({ store: v.storeName, kind: v.kind, points: v.points })),
  };
}
