/**
 * The sandbox's demo keyword counts (pure rows + the hook storing them): for the demo team's first
 * store, a few keywords over the 7 previous days (a steady daytime baseline), and today up to the
 * current hour the same — except 质量差, which runs at about 5× (more in the last three hours), so the early
 * warning card shows in the sandbox at once. Stored with `keep`: what is there (an import, the API)
 * is never overwritten, and a run with nothing new stores and signals nothing.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import { activeStores } from '../stores/repo';
import { upsertCounts, type CountRow } from './repo';
import { BASELINE_DAYS } from './rules';

/** Keyword → its usual count in a daytime hour (09:00–22:59); nights are quiet. */
const USUAL: Record<string, number> = { 质量差: 2, 发货慢: 4, 尺码不准: 3, 退款: 5 };
export const DEMO_SPIKE = '质量差';

export function demoKeywordCounts(storeId: number, now: Date, zone: string): CountRow[] {
  const local = DateTime.fromJSDate(now, { zone });
  const rows: CountRow[] = [];
  for (let d = BASELINE_DAYS; d >= 0; d--) {
    const day = local.minus({ days: d }).toISODate()!;
    const hours = d === 0 ? local.hour : 23;
    for (let hour = 0; hour <= hours; hour++) {
      const daytime = hour >= 9 && hour <= 22;
      for (const [keyword, usual] of Object.entries(USUAL)) {
        // A little day-to-day wobble, the same on every run.
        let count = daytime ? usual + ((d + hour + keyword.length) % 3) - 1 : (d + hour) % 2;
        // Today 质量差 runs at about 5× all day, and higher still over the last three hours — at night
        // too, so that just after midnight (one hour of today) it is already past keyword_min's 20.
        if (d === 0 && keyword === DEMO_SPIKE) count = hour > local.hour - 3 ? (daytime ? 16 : 24) : daytime ? 10 : 3;
        rows.push({ storeId, keyword, day, hour, count });
      }
    }
  }
  return rows;
}

/** The keyword feature's sandbox data hook. */
export async function seedDemoKeywords(deps: Deps, team: Team, now: Date): Promise<void> {
  const [store] = await activeStores(deps.db, team.id);
  if (!store) return;
  const r = await deps.db.transaction((tx) =>
    upsertCounts(tx, team.id, demoKeywordCounts(store.id, now, team.timeZone), now, { keep: true }),
  );
  if (r.inserted) deps.log.info('keyword demo counts stored', { teamId: team.id, rows: r.inserted });
}
