/**
 * One export file, from bytes to what a preview shows and to stored values. The chat's preview
 * card, its 导入 button and POST /api/v1/imports all go through here, so the three read a file the
 * same way. `readImport` stores nothing; `storeImport` stores every row the preview would show as
 * one transaction (a crash or an error leaves nothing half-imported).
 */
import type { Db } from '../../db/client';
import {
  exportRowReader,
  exportScanner,
  isProblem,
  type ExportContext,
  type ExportRow,
  type Refusal,
} from './export-table';
import type { ExportPlatform } from './headers';
import { FileProblemError, isFileProblem, openExportFile, type FileProblem } from './read-file';
import { upsertValues, type ValueRow } from './repo';
import type { Cell } from './values';
import type { ExportProblem } from './export-table';

/** Refused rows a preview lists one by one; the rest are counted. */
export const REFUSALS_SHOWN = 20;
/** Rows of a file short enough to be read once and kept for the second pass (bounded memory). */
const REPLAY_ROWS = 2000;
/** Agent names a preview lists; the rest are counted. */
export const AGENTS_SHOWN = 30;

export interface ImportSummary {
  kind: 'csv' | 'xlsx';
  encoding?: string;
  sheet?: string;
  platform?: ExportPlatform;
  headerLine: number;
  columns: { label: string; metric: string }[];
  ignored: string[];
  /** Days the rows are for, ascending. */
  days: string[];
  /** Team stores the rows are for, in order of first appearance. */
  stores: string[];
  /** Agents (first AGENTS_SHOWN) and how many in all. */
  agents: string[];
  agentCount: number;
  /** Rows read and values they carry. */
  rows: number;
  values: number;
  /** Three sample values from the first row(s), as the preview shows them. */
  samples: { line: number; store: string; agent?: string; day: string; metric: string; value: number }[];
  refused: Refusal[];
  refusedCount: number;
  unknownStores: string[];
  summaryRows: number;
  /**
   * The rate columns (by position) that write bare percentages: what the first pass learnt. Storing
   * a previewed file passes it back (`storeImport`'s `known`) and reads the file once, not twice.
   */
  percentColumns: number[];
}

export type ImportProblem = FileProblem | ExportProblem;

export const isImportProblem = <T extends object>(r: T | ImportProblem): r is ImportProblem => 'problem' in r;

export type ImportContext = ExportContext;

/** What a preview learnt of the file that its import need not learn again. */
export type KnownLayout = Pick<ImportSummary, 'percentColumns'>;

interface Sink {
  row(r: ExportRow): void | Promise<void>;
}

/**
 * Reads the file in two streaming passes over its bytes and hands each row to `sink`; the summary
 * says what was read. Pass one finds the header and each rate column's scale (and meets any
 * unreadable or overlong file before a row reaches the sink); pass two reads the rows. Memory
 * holds the bytes, the header and the summary's sets of days, stores and agents — never more than
 * REPLAY_ROWS rows.
 */
async function readRows(
  bytes: Uint8Array,
  ctx: ImportContext,
  sink?: Sink,
  known?: KnownLayout,
): Promise<{ summary: ImportSummary } | { problem: ImportProblem }> {
  const file = openExportFile(bytes);
  if (isFileProblem(file)) return { problem: file };
  const days = new Set<string>();
  const stores = new Set<string>();
  const agents = new Set<string>();
  const samples: ImportSummary['samples'] = [];
  const refused: Refusal[] = [];
  let rows = 0;
  let values = 0;
  try {
    const scanner = exportScanner(ctx);
    // A short file's rows are kept from the first pass and replayed, sparing the second parse.
    let kept: Cell[][] | undefined = [];
    // Known scales (a previewed file): one pass — the header's rows are kept, then the rest stream on.
    const source = file.rows()[Symbol.asyncIterator]();
    let rest: AsyncIterable<Cell[]> | undefined;
    for (let next = await source.next(); !next.done; next = await source.next()) {
      scanner.scan(next.value);
      if (kept && kept.push(next.value) > REPLAY_ROWS) kept = undefined;
      if (known && scanner.headerDecided()) {
        rest = { [Symbol.asyncIterator]: () => source };
        break;
      }
    }
    const layout = scanner.layout();
    if (isProblem(layout)) return { problem: layout };
    if (known) for (const c of layout.columns) layout.percentScale.set(c.at, known.percentColumns.includes(c.at));
    const reader = exportRowReader(layout, ctx, (r) => {
      if (refused.length < REFUSALS_SHOWN) refused.push(r);
    });
    async function* keptThenRest(): AsyncIterable<Cell[]> {
      yield* kept!;
      if (rest) yield* rest;
    }
    for await (const cells of kept ? keptThenRest() : file.rows()) {
      const r = reader.row(cells);
      if (!r) continue;
      rows++;
      days.add(r.day);
      stores.add(r.store);
      if (r.agent) agents.add(r.agent);
      values += r.samples.length;
      for (const s of r.samples) {
        if (samples.length >= 3) break;
        samples.push({
          line: r.line,
          store: r.store,
          ...(r.agent ? { agent: r.agent } : {}),
          day: r.day,
          metric: s.metric,
          value: s.value,
        });
      }
      await sink?.row(r);
    }
    const totals = reader.finish();
    if (isProblem(totals)) return { problem: totals };
    const sheet = file.sheet();
    return {
      summary: {
        kind: file.kind,
        ...(file.encoding ? { encoding: file.encoding } : {}),
        ...(sheet ? { sheet } : {}),
        ...(totals.platform ? { platform: totals.platform } : {}),
        headerLine: totals.headerLine,
        columns: totals.columns,
        ignored: totals.ignored,
        days: [...days].sort(),
        stores: [...stores],
        agents: [...agents].slice(0, AGENTS_SHOWN),
        agentCount: agents.size,
        rows,
        values,
        samples,
        refused,
        refusedCount: totals.refusedCount,
        unknownStores: totals.unknownStores,
        summaryRows: totals.summaryRows,
        percentColumns: [...layout.percentScale].filter(([, pct]) => pct).map(([at]) => at),
      },
    };
  } catch (err) {
    if (err instanceof FileProblemError) return { problem: err.fileProblem };
    throw err;
  }
}

/** What the file holds, as the preview shows it. Stores nothing. */
export async function readImport(bytes: Uint8Array, ctx: ImportContext): Promise<ImportSummary | ImportProblem> {
  const r = await readRows(bytes, ctx);
  return 'problem' in r ? r.problem : r.summary;
}

/** One export row as the values it stores for its store (the whole day: exports are daily). */
export const valuesOf = (row: ExportRow, storeId: number): ValueRow[] =>
  row.samples.map((s) => ({
    storeId,
    agent: row.agent ?? '',
    metric: s.metric,
    day: row.day,
    hour: -1,
    value: s.value,
    base: s.base ?? null,
  }));

/** Values stored per statement while importing (keeps memory flat for a large file). */
const FLUSH_ROWS = 1000;

/**
 * Stores every row of the file (refused rows are left out, as the preview said), replacing what
 * the same store, agent, metric and day had. `db` should be a transaction: the caller commits the
 * import whole. `storeIds` maps the team's store names to ids.
 */
export async function storeImport(
  db: Db,
  teamId: number,
  bytes: Uint8Array,
  ctx: ImportContext,
  storeIds: ReadonlyMap<string, number>,
  source: string,
  now: Date,
  known?: KnownLayout,
): Promise<{ summary: ImportSummary; inserted: number; replaced: number } | ImportProblem> {
  let pending: ValueRow[] = [];
  let inserted = 0;
  let replaced = 0;
  // One batch is stored while the next is read: Postgres and the parser work at the same time,
  // and memory holds at most two batches.
  let storing: Promise<void> | undefined;
  const flush = async () => {
    if (storing) await storing;
    storing = undefined;
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    storing = upsertValues(db, teamId, batch, source, now).then((r) => {
      inserted += r.inserted;
      replaced += r.replaced;
    });
    // Awaited by the next flush; until then a failure must not count as unhandled.
    storing.catch(() => {});
  };
  const r = await readRows(
    bytes,
    ctx,
    {
      row: async (row) => {
        const storeId = storeIds.get(row.store);
        if (storeId === undefined) return;
        pending.push(...valuesOf(row, storeId));
        if (pending.length >= FLUSH_ROWS) await flush();
      },
    },
    known,
  );
  if (!('problem' in r)) await flush(); // the last batch
  if (storing) await storing;
  if ('problem' in r) return r.problem;
  return { summary: r.summary, inserted, replaced };
}
