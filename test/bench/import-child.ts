/**
 * One import in a process of its own, so its memory figures are its own (the import bench runs
 * one per file size and way of reading): `tsx import-child.ts <stream|whole> <file.xlsx> <db url|pglite>`.
 *   stream     storeImport: two streaming passes, values upserted 1,000 at a time (the data API's way)
 *   previewed  the chat's 导入: the preview (readImport, not timed) learnt the rate scales, so
 *              storeImport reads the file once
 *   whole   the reference: every row read into memory, then the table, then the same upserts
 * Prints one JSON line: ms, values, peak RSS and heap (process.memoryUsage() every 50 ms), and
 * the RSS and heap just before the import started (the file's bytes already read).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openPglite, openPostgres, type Database } from '../../src/db/client';
import { teams } from '../../src/db/schema';
import { applyMigrations } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/migrations-fs';
import { isProblem, readExportTable } from '../../src/features/kpi/export-table';
import { isImportProblem, readImport, storeImport, valuesOf } from '../../src/features/kpi/import-file';
import { isFileProblem, readExportFile } from '../../src/features/kpi/read-file';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { stores } from '../../src/features/stores/schema';
import { kpiValues } from '../../src/features/kpi/schema';
import { eq } from 'drizzle-orm';

const [mode, file, url] = process.argv.slice(2) as ['stream' | 'previewed' | 'whole', string, string];
const now = new Date();

async function open(): Promise<Database> {
  if (url !== 'pglite') return openPostgres(url, { max: 2 });
  const db = await openPglite(undefined);
  await applyMigrations(db.db, await loadMigrations());
  return db;
}

const database = await open();
const [team] = await database.db
  .insert(teams)
  .values({ tenantKey: 'bench', chatId: `oc_import_${process.pid}_${mode}`, timeZone: 'Asia/Shanghai', createdAt: now })
  .returning();
const [store] = await database.db
  .insert(stores)
  .values({ teamId: team!.id, name: '天猫旗舰店', platform: 'tmall', createdAt: now })
  .returning();
const storeIds = new Map([['天猫旗舰店', store!.id]]);
const ctx = { fileName: path.basename(file), stores: ['天猫旗舰店'] };
const bytes = new Uint8Array(readFileSync(file));

// The chat previews a file before 导入; what the preview learnt is its summary's.
const preview = mode === 'previewed' ? await readImport(bytes, ctx) : undefined;
if (preview && isImportProblem(preview)) throw new Error(JSON.stringify(preview));
const known = preview ? { percentColumns: preview.percentColumns } : undefined;

global.gc?.();
const before = process.memoryUsage();
let peakRss = before.rss;
let peakHeap = before.heapUsed;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const sampler = setInterval(sample, 50);

const started = performance.now();
const stored = await database.db.transaction(async (tx) => {
  if (mode !== 'whole') {
    const r = await storeImport(tx, team!.id, bytes, ctx, storeIds, 'bench', now, known);
    if (isImportProblem(r)) throw new Error(JSON.stringify(r));
    return { values: r.inserted + r.replaced, rows: r.summary.rows };
  }
  const f = await readExportFile(bytes);
  if (isFileProblem(f)) throw new Error(f.problem);
  const table = readExportTable(f.rows, ctx);
  if (isProblem(table)) throw new Error(table.problem);
  const values: ValueRow[] = table.rows.flatMap((row) => valuesOf(row, store!.id));
  let n = 0;
  for (let i = 0; i < values.length; i += 1000) {
    const r = await upsertValues(tx, team!.id, values.slice(i, i + 1000), 'bench', now);
    n += r.inserted + r.replaced;
  }
  return { values: n, rows: table.rows.length };
});
const ms = performance.now() - started;
sample();
clearInterval(sampler);
// Every run stores into an empty table: what the runs before left would slow the later ones' indexes.
await database.db.delete(kpiValues).where(eq(kpiValues.teamId, team!.id));
await database.close();
console.log(
  JSON.stringify({
    mode,
    ms,
    ...stored,
    bytes: bytes.length,
    rssBefore: before.rss,
    heapBefore: before.heapUsed,
    peakRss,
    peakHeap,
  }),
);
