/**
 * What a feature exports (/export and GET /api/v1/export/<kind>): a kind of record, its columns
 * with Chinese-first headers and a cell type each, and its rows for a team and a period, read a
 * page at a time so that a 90-day export of 200 stores never sits in memory. The export feature
 * (src/features/export/) writes them as XLSX or CSV; core only carries the definitions.
 */
import { sql, type SQL } from 'drizzle-orm';
import { query } from '../db/client';
import type { Text } from '../i18n';
import type { Deps } from './deps';
import type { Team } from './teams';

/**
 * How a cell is shown: `date` a local day ("2026-11-30"), `datetime` an instant (shown in the
 * team's zone), `int`/`number`/`money` numbers, `percent` a fraction (0.95 → 95.0%), `minutes` a
 * duration in minutes, `text` anything else.
 */
export type ExportCellType = 'text' | 'int' | 'number' | 'money' | 'percent' | 'minutes' | 'date' | 'datetime';

/** One cell: a local day is a "YYYY-MM-DD" string, an instant a Date; null is an empty cell. */
export type ExportCell = string | number | Date | null;

export interface ExportColumn {
  title: Text;
  type: ExportCellType;
  /** Width in characters on the sheet (default from the title and type). */
  width?: number;
  /**
   * What the summary sheet says of the column: the sum, the mean of its numbers, or how many rows
   * hold each value (a status, a store; at most a few dozen values are listed).
   */
  summary?: 'sum' | 'avg' | 'count';
}

/**
 * The period asked for: the local days `fromDay`…`toDay` (both included) of the team's zone, and
 * the same as instants [from, to).
 */
export interface ExportRange {
  fromDay: string;
  toDay: string;
  from: Date;
  to: Date;
  timeZone: string;
}

/** What a kind's rows are read with. */
export interface ExportContext {
  deps: Deps;
  team: Team;
  range: ExportRange;
  /** A member's name by open id (the id itself when the bot knows no name). */
  nameOf(openId: string | null | undefined): string;
}

export interface ExportKind {
  /** The word after /export and in the API path: "kpi", "anomalies". Unique across features. */
  kind: string;
  /** Words that also name it ("异常"). */
  aliases?: string[];
  /** The sheet's and the file's name: "KPI 数据". */
  title: Text;
  /** The columns, or how to find them for a team and period (KPI: one column per metric it holds). */
  columns: ExportColumn[] | ((ctx: ExportContext) => Promise<ExportColumn[]>);
  /** The rows of [range], one array of cells per record, in the columns' order. */
  rows(ctx: ExportContext): AsyncIterable<ExportCell[]>;
}

/** A kind's columns for one export. */
export const columnsOf = (kind: ExportKind, ctx: ExportContext): Promise<ExportColumn[]> =>
  typeof kind.columns === 'function' ? kind.columns(ctx) : Promise.resolve(kind.columns);

/** Rows a page at a time: `page(after)` returns up to `size` rows after the last one's key. */
export async function* pagedRows<R, K>(
  page: (after: K | undefined, size: number) => Promise<R[]>,
  keyOf: (row: R) => K,
  size = 2_000,
): AsyncIterable<R> {
  let after: K | undefined;
  for (;;) {
    const rows = await page(after, size);
    for (const r of rows) yield r;
    if (rows.length < size) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/**
 * A team's records of one table in the export's period, a page at a time by id: `select` is the
 * columns and the table (`alias` its alias, if any), `at` the time column the period is of. The
 * bounds go as ISO text cast to timestamptz: postgres.js refuses a Date in a raw template (PGlite
 * takes one, so only the Postgres pass would see it).
 */
export function recordsInRange<R extends { id: number | string }>(
  ctx: ExportContext,
  q: { select: SQL; at: string; alias?: string },
): AsyncIterable<R> {
  const col = (c: string) => sql.raw(q.alias ? `${q.alias}.${c}` : c);
  const from = ctx.range.from.toISOString();
  const to = ctx.range.to.toISOString();
  return pagedRows<R, number>(
    (after, size) =>
      query<R>(
        ctx.deps.db,
        sql`${q.select}
            where ${col('team_id')} = ${ctx.team.id}
              and ${col(q.at)} >= ${from}::timestamptz and ${col(q.at)} < ${to}::timestamptz
              and ${col('id')} > ${after ?? 0}
            order by ${col('id')} limit ${size}`,
      ),
    (r) => Number(r.id),
  );
}
