/**
 * Alert evaluation cost (issue #10): batches of 10,000 KPI samples (50 stores × 20 metrics × 10
 * agents) arriving once a second, with 1,000 targets (one per store and metric); each batch is
 * stored (upsertValues, one transaction) and then judged (evaluateKpi, one transaction, as the
 * data signal's timer runs it). Reported: the evaluation's p50/p99/max per batch, and the store's.
 * About half the samples breach, so up to 10,000 alerts exist and change from batch to batch.
 * BENCH_BATCHES (default 20); TEST_DATABASE_URL picks the server. No target is asserted: it is a figure.
 */
import { evaluateKpi } from '../../src/features/alert/evaluate';
import { CATALOG } from '../../src/features/kpi/catalog';
import { setTarget, upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { benchTeam } from './bench-team';
import { percentile } from './stats';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const STORES = 50;
const AGENTS = 10;

export const alerts = {
  name: 'alerts',
  async run(): Promise<boolean> {
    const { database, deps, team, storeRows, now } = await benchTeam(STORES);
    try {
      const metrics = CATALOG.filter((m) => m.direction !== 'none').slice(0, 20);
      for (const s of storeRows)
        for (const m of metrics)
          await setTarget(
            deps.db,
            team.id,
            {
              metric: m.key,
              storeId: s.id,
              op: m.direction === 'up' ? '>=' : '<=',
              value: m.unit === 'ratio' ? 0.5 : 50,
            },
            'bench',
            now,
          );
      const day = new Date(now.getTime() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
      const evalMs: number[] = [];
      const storeMs: number[] = [];
      let alertsAt = 0;
      for (let b = 0; b < BATCHES; b++) {
        const rows: ValueRow[] = [];
        for (const s of storeRows)
          for (const m of metrics)
            for (let a = 0; a < AGENTS; a++) {
              const x = Math.random();
              rows.push({
                storeId: s.id,
                agent: `客服${a}`,
                metric: m.key,
                day,
                hour: -1,
                value: m.unit === 'ratio' ? x : x * 100,
                base: 100,
              });
            }
        const t0 = performance.now();
        await deps.db.transaction((tx) => upsertValues(tx, team.id, rows, 'api', new Date()));
        const t1 = performance.now();
        await deps.db.transaction((tx) => evaluateKpi({ ...deps, db: tx }, team, new Date()));
        const t2 = performance.now();
        storeMs.push(t1 - t0);
        evalMs.push(t2 - t1);
        const wait = 1000 - (t2 - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const [{ n }] = (await database.db.execute(`select count(*)::int as n from alerts`)) as unknown as [
        { n: number },
      ];
      alertsAt = n;
      const fmt = (xs: number[]) => {
        const s = [...xs].sort((a, b) => a - b);
        return `p50 ${percentile(s, 50).toFixed(0)} ms · p99 ${percentile(s, 99).toFixed(0)} ms · max ${s.at(-1)!.toFixed(0)} ms`;
      };
      console.log(
        `alerts: ${BATCHES} batches of ${STORES * metrics.length * AGENTS} samples, ${STORES * metrics.length} targets, ${alertsAt} alert rows`,
      );
      console.log(`  evaluation per batch: ${fmt(evalMs)}`);
      console.log(`  storing per batch:    ${fmt(storeMs)}`);
      return true;
    } finally {
      await database.destroy();
    }
  },
};
