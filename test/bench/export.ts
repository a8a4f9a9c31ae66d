/**
 * Export bench (issue 17): a team of 200 stores × 90 days × 15 metrics of store-level KPI values
 * (270,000 values: 18,000 store-days, each one row of 15 metric columns) on Postgres. Timed: the
 * export's whole work for /export kpi 90d — the XLSX
 * written with exceljs's streaming writer to a temporary file, then stored in the outbox's file
 * store in chunks — and the same rows as CSV through GET /api/v1/export/kpi. Target ≤ 5 s for the
 * 90-day XLSX. Memory: the peak RSS and heap above the start, sampled every 10 ms, for 10, 30 and
 * 90 days (2k, 6k, 18k rows of 19 cells): flat means the peak does not grow with the rows.
 * TEST_DATABASE_URL picks the server.
 */
import { stat, rm } from 'node:fs/promises';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../src/core/deps';
import type { Team } from '../../src/core/teams';
import { query } from '../../src/db/client';
import { buildXlsxFile } from '../../src/features/export/build';
import { exportContext, findKind } from '../../src/features/export/context';
import { csvStream } from '../../src/features/export/csv-stream';
import { lastDays } from '../../src/features/export/period';
import { storeOutboxFile } from '../../src/outbox/files';
import { benchDatabase } from '../helpers/db';
import { seedDigestStores } from '../helpers/digest-stores';
import { benchDeps, benchTeam } from './in-process';

const TARGET_MS = 5_000;
const STORES = 200;
const DAYS = 90;
const MB = 1024 * 1024;

/** Runs `f` while sampling memory; returns its time and the peaks above what was in use before. */
async function measured<T>(
  f: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number; rss: number; heap: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - base.rss);
    heap = Math.max(heap, m.heapUsed - base.heapUsed);
  };
  const timer = setInterval(sample, 10);
  const t = performance.now();
  const cpu = process.cpuUsage();
  try {
    const value = await f();
    sample();
    const used = process.cpuUsage(cpu);
    return { value, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

async function xlsxRun(deps: Deps, team: Team, days: number) {
  const kind = findKind(deps.app.exports, 'kpi');
  if (!kind.ok) throw new Error('no kpi export');
  const range = lastDays(days, deps.clock.now(), team.timeZone);
  return measured(async () =>
    deps.db.transaction(async (tx) => {
      const d = { ...deps, db: tx };
      const built = await buildXlsxFile(d, kind.kind, team.id, range, 'ou_bench_supervisor');
      try {
        const bytes = (await stat(built.file)).size;
        const stored = await storeOutboxFile(tx, {
          teamId: team.id,
          name: built.name,
          bytes: { path: built.file },
          now: deps.clock.now(),
        });
        return { rows: built.rows, bytes, chunks: Math.ceil(stored.size / (256 * 1024)) };
      } finally {
        await rm(built.file, { force: true });
      }
    }),
  );
}

async function csvRun(deps: Deps, team: Team, days: number) {
  const kind = findKind(deps.app.exports, 'kpi');
  if (!kind.ok) throw new Error('no kpi export');
  const range = lastDays(days, deps.clock.now(), team.timeZone);
  return measured(async () => {
    const reader = csvStream(kind.kind, await exportContext(deps, team, range), 'zh-CN').getReader();
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
    return { bytes };
  });
}

export const exportBench = {
  name: 'export',
  async run(): Promise<boolean> {
    const database = await benchDatabase();
    const { deps, close } = await benchDeps(database.url);
    try {
      const { team } = await benchTeam(deps, 'oc_export_bench');
      const now = deps.clock.now();
      // Up to today, so that "the last 90 days" holds all of them.
      const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const seeded = performance.now();
      const { values } = await seedDigestStores(deps.db, team.id, { stores: STORES, days: DAYS, lastDay: today, now });
      const seedMs = performance.now() - seeded;
      await query(deps.db, sql`analyze kpi_values`);
      const [pg] = await query<{ v: string }>(deps.db, sql`select current_setting('server_version') as v`);
      console.log(
        `export: ${STORES} stores × ${DAYS} days × 15 metrics (${values} KPI values, seeded in ${(seedMs / 1000).toFixed(1)} s)`,
      );
      console.log(
        `  ${os.cpus().length} cores, Node ${process.version}, Postgres ${pg?.v}; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(
            ' ',
          )}; gc ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'forced before each run' : 'not exposed'}`,
      );
      // A warm-up (JIT, the pool, Postgres' cache).
      await xlsxRun(deps, team, 7);
      let ok = true;
      for (const days of [10, 30, 90]) {
        const x = await xlsxRun(deps, team, days);
        const c = await csvRun(deps, team, days);
        const rowsPerS = Math.round(x.value.rows / (x.ms / 1000));
        console.log(
          `  ${String(days).padStart(2)} days: XLSX ${x.value.rows} rows, ${(x.value.bytes / MB).toFixed(1)} MB in ${(x.ms / 1000).toFixed(2)} s (${rowsPerS} rows/s, Node CPU ${(x.cpuMs / 1000).toFixed(2)} s; peak +${(x.rss / MB).toFixed(0)} MB RSS, +${(x.heap / MB).toFixed(0)} MB heap)` +
            ` | CSV ${(c.value.bytes / MB).toFixed(1)} MB in ${(c.ms / 1000).toFixed(2)} s (CPU ${(c.cpuMs / 1000).toFixed(2)} s; peak +${(c.rss / MB).toFixed(0)} MB RSS, +${(c.heap / MB).toFixed(0)} MB heap)`,
        );
        if (days === DAYS) {
          const hit = x.ms <= TARGET_MS;
          ok &&= hit;
          console.log(
            `  90-day XLSX ${(x.ms / 1000).toFixed(2)} s (target ≤ ${TARGET_MS / 1000} s) ${hit ? 'OK' : 'MISSED'}`,
          );
          if (x.value.bytes > 30 * MB) console.log(`  note: the file is over Feishu's 30 MB upload limit`);
        }
      }
      return ok;
    } finally {
      await close();
      await database.destroy();
    }
  },
};
