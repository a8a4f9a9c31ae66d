/**
 * The surge suggestion's cost (issue #13): it runs on every "kpi" data signal of a team. A team of
 * 200 stores with 8 days of hourly 咨询人数 (200 × 8 × 24 = 38,400 rows) and 8 days of 15 daily
 * store metrics beside them; evaluateSurges (one transaction, as the signal's timer runs it) is
 * timed BENCH_RUNS times (default 30). The first run finds the surging stores (one in ten at 3×) and
 * posts their cards; the later ones find them posted already. TEST_DATABASE_URL picks the server.
 * No target is asserted: it is a figure.
 */
import { DateTime } from 'luxon';
import { query } from '../../src/db/client';
import { evaluateSurges } from '../../src/features/incident/surge';
import { CATALOG } from '../../src/features/kpi/catalog';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { sql } from 'drizzle-orm';
import { benchTeam } from './bench-team';
import { percentile } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const STORES = 200;
const DAYS = 8;

export const incidentSurge = {
  name: 'incident-surge',
  async run(): Promise<boolean> {
    const { database, deps, team, storeRows, now } = await benchTeam(STORES);
    try {
      const local = DateTime.fromJSDate(now, { zone: team.timeZone });
      const daily = CATALOG.filter((m) => m.key !== 'consult_users').slice(0, 15);
      const rows: ValueRow[] = [];
      for (let d = DAYS - 1; d >= 0; d--) {
        const day = local.minus({ days: d }).toISODate()!;
        storeRows.forEach((s, k) => {
          for (let hour = 0; hour < 24; hour++) {
            const surging = d === 0 && hour === local.hour && k % 10 === 0;
            rows.push({
              storeId: s.id,
              agent: '',
              metric: 'consult_users',
              day,
              hour,
              value: surging ? 90 : 30,
              base: null,
            });
          }
          for (const m of daily)
            rows.push({ storeId: s.id, agent: '', metric: m.key, day, hour: -1, value: Math.random(), base: 100 });
        });
      }
      for (let i = 0; i < rows.length; i += 10_000)
        await deps.db.transaction((tx) => upsertValues(tx, team.id, rows.slice(i, i + 10_000), 'bench', now));
      const ms: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        await deps.db.transaction((tx) => evaluateSurges({ ...deps, db: tx }, team, now));
        ms.push(performance.now() - t0);
      }
      const [cards] = await query<{ n: number }>(database.db, sql`select count(*)::int as n from incident_surges`);
      const [first, ...later] = ms;
      const s = [...later].sort((a, b) => a - b);
      console.log(
        `incident-surge: ${STORES} stores, ${rows.length} KPI rows (${STORES * DAYS * 24} hourly consults), ${cards!.n} surge cards`,
      );
      console.log(
        `  first evaluation (finds and posts): ${first!.toFixed(0)} ms; later: p50 ${percentile(s, 50).toFixed(0)} ms · p99 ${percentile(s, 99).toFixed(0)} ms · max ${s.at(-1)!.toFixed(0)} ms`,
      );
      return cards!.n === STORES / 10;
    } finally {
      await database.destroy();
    }
  },
};
