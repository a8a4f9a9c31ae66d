/**
 * The rows of kpi_imports. Every change of status is one UPDATE … WHERE status = <expected>, so a
 * double click or two replicas racing change it once: the loser gets undefined back.
 */
import { and, desc, eq, getTableColumns, inArray, lt, sql } from 'drizzle-orm';
import { query, type Db } from '../../db/client';
import type { ImportSummary } from './import-file';
import { kpiImports, type ImportStatus } from './schema';

export type ImportRow = typeof kpiImports.$inferSelect;
/** A row without its bytes: what cards and answers need. */
export type ImportInfo = Omit<ImportRow, 'bytes'> & { summary: ImportSummary | null };

const { bytes: _bytes, ...infoColumns } = getTableColumns(kpiImports);

/** The row for this source message: the one made now, or the one a first delivery of the event made. */
export async function createImport(
  db: Db,
  row: {
    teamId: number;
    sourceMessageId: string;
    chatId: string;
    requestedBy: string;
    fileMessageId: string;
    fileKey: string;
    fileName: string;
    day?: string;
    store?: string;
  },
  now: Date,
): Promise<{ info: ImportInfo; created: boolean }> {
  const [made] = await db
    .insert(kpiImports)
    .values({
      ...row,
      day: row.day ?? null,
      store: row.store ?? null,
      status: 'previewing',
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: kpiImports.id });
  const [info] = await db
    .select(infoColumns)
    .from(kpiImports)
    .where(and(eq(kpiImports.teamId, row.teamId), eq(kpiImports.sourceMessageId, row.sourceMessageId)));
  return { info: info as ImportInfo, created: Boolean(made) };
}

export async function importInfo(db: Db, teamId: number, id: number): Promise<ImportInfo | undefined> {
  const [row] = await db
    .select(infoColumns)
    .from(kpiImports)
    .where(and(eq(kpiImports.teamId, teamId), eq(kpiImports.id, id)));
  return row as ImportInfo | undefined;
}

/** The row with its bytes, locked for the caller's transaction (a timer's). */
export async function lockImport(db: Db, id: number): Promise<ImportRow | undefined> {
  const [row] = await db.select().from(kpiImports).where(eq(kpiImports.id, id)).for('update');
  return row;
}

/** Moves the row from one of `from` to `to` with `set`; undefined when it was not in `from` (it moved already). */
export async function transition(
  db: Db,
  teamId: number,
  id: number,
  from: readonly ImportStatus[],
  set: Partial<Omit<ImportRow, 'id' | 'teamId'>> & { status: ImportStatus },
  now: Date,
): Promise<ImportInfo | undefined> {
  const [row] = await db
    .update(kpiImports)
    .set({ ...set, updatedAt: now })
    .where(and(eq(kpiImports.teamId, teamId), eq(kpiImports.id, id), inArray(kpiImports.status, [...from])))
    .returning(infoColumns);
  return row as ImportInfo | undefined;
}

/** Changes what the person answered (day, store) and anything else, whatever the status. */
export async function updateImport(
  db: Db,
  id: number,
  set: Partial<Omit<ImportRow, 'id' | 'teamId'>>,
  now: Date,
): Promise<void> {
  await db
    .update(kpiImports)
    .set({ ...set, updatedAt: now })
    .where(eq(kpiImports.id, id));
}

/** The last time this very file (same bytes) was imported into the team, other than import `exceptId`. */
export async function lastImportOf(
  db: Db,
  teamId: number,
  sha256: string,
  exceptId: number,
): Promise<{ by: string; at: Date } | undefined> {
  const [row] = await db
    .select({ by: kpiImports.importedBy, requestedBy: kpiImports.requestedBy, at: kpiImports.importedAt })
    .from(kpiImports)
    .where(
      and(
        eq(kpiImports.teamId, teamId),
        eq(kpiImports.sha256, sha256),
        eq(kpiImports.status, 'imported'),
        sql`${kpiImports.id} <> ${exceptId}`,
      ),
    )
    .orderBy(desc(kpiImports.importedAt))
    .limit(1);
  return row?.at ? { by: row.by ?? row.requestedBy, at: row.at } : undefined;
}

/**
 * How many values the import would replace (read-only): those the team has for the file's
 * stores, days and metrics, of the file's agents — or, when the file has no agent column, of the
 * stores as a whole. With more agents than the summary names, every agent of those stores counts.
 */
export async function countReplaced(
  db: Db,
  teamId: number,
  o: { storeIds: number[]; days: string[]; metrics: string[]; agents: string[] | 'all' | 'none' },
): Promise<number> {
  if (!o.storeIds.length || !o.days.length || !o.metrics.length) return 0;
  const agents =
    o.agents === 'all'
      ? sql`and agent <> ''`
      : o.agents === 'none'
        ? sql`and agent = ''`
        : o.agents.length
          ? sql`and agent in ${o.agents}`
          : sql`and false`;
  const [row] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from kpi_values
        where team_id = ${teamId} and hour = -1 and store_id in ${o.storeIds} and day in ${o.days}
          and metric in ${o.metrics} ${agents}`,
  );
  return row?.n ?? 0;
}

/**
 * Imports nobody decided on since `before`: cancelled, their bytes dropped (a file waits in the
 * database for an answer a day or two, not for ever). Their buttons then say "cancelled".
 */
export async function expireUndecided(db: Db, before: Date, now: Date): Promise<number> {
  const rows = await db
    .update(kpiImports)
    .set({ status: 'cancelled', problem: 'expired', bytes: null, updatedAt: now })
    .where(and(inArray(kpiImports.status, ['previewing', 'previewed']), lt(kpiImports.updatedAt, before)))
    .returning({ id: kpiImports.id });
  return rows.length;
}
