/**
 * Keyword reports through the import path. The KPI import hands over a file whose header is a
 * keyword report's (FileKind "keywordReport", core/file-kinds.ts): the file is read here with the
 * KPI import's reader, its counts kept in keyword_imports and shown as a preview with 导入 / 取消.
 * 导入 stores them through upsertCounts — the same upsert and "keywords" data signal as
 * POST /api/v1/keywords — so the warning fires the same way and the same file twice stores once.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { button, buttons, card, markdown, type Card, type CardElement } from '../../cards/card';
import { mention } from '../../cards/mention';
import type { Locale } from '../../config';
import type { ActionContext } from '../../core/context';
import type { FileKind } from '../../core/file-kinds';
import type { CardActionAnswer } from '../../core/inbound';
import { localeOf } from '../../core/teams';
import { query, type Db } from '../../db/client';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { readExportFile, isFileProblem, type FileProblem } from '../kpi/read-file';
import { activeStores } from '../stores/repo';
import { MAX_COUNTS, upsertCounts, type CountRow } from './repo';
import {
  isKeywordHeader,
  readKeywordReport,
  type KeywordReport,
  type ReportProblem,
  type ReportRefusal,
} from './report';
import { keywordImports } from './schema';
import { KIX } from './texts';
import { cardId } from '../../core/card-values';

export const importCardRef = (id: number) => `keyword:import:${id}`;
export type KeywordImport = typeof keywordImports.$inferSelect;

/** The report in a file's bytes, for a team with these stores. */
export async function readKeywordFile(
  bytes: Uint8Array,
  fileName: string,
  stores: readonly string[],
): Promise<KeywordReport | ReportProblem | FileProblem | { problem: 'too_many' }> {
  const file = await readExportFile(bytes, isKeywordHeader);
  if (isFileProblem(file)) return file;
  const r = readKeywordReport(file.rows, { fileName, stores });
  if ('problem' in r) return r;
  return r.counts.length > MAX_COUNTS ? { problem: 'too_many' } : r;
}

/** The counts as rows of keyword_counts; a store removed since the preview is left out. */
export const countRows = (counts: KeywordImport['counts'], storeIds: ReadonlyMap<string, number>): CountRow[] =>
  counts.flatMap((c) => {
    const storeId = c.store ? storeIds.get(c.store) : 0;
    return storeId === undefined ? [] : [{ storeId, keyword: c.keyword, day: c.day, hour: c.hour, count: c.count }];
  });

/** How many of `rows` keyword_counts has already (importing replaces those). */
export async function countStored(db: Db, teamId: number, rows: readonly CountRow[]): Promise<number> {
  if (!rows.length) return 0;
  const keys = rows.map((r) => [r.storeId, r.keyword, r.day, r.hour]);
  const [r] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from keyword_counts k
        join json_array_elements(${JSON.stringify(keys)}::json) as r
          on k.store_id = (r->>0)::bigint and k.keyword = r->>1 and k.day = (r->>2)::date and k.hour = (r->>3)::smallint
        where k.team_id = ${teamId}`,
  );
  return r?.n ?? 0;
}

export function refusalLine(L: Locale, r: ReportRefusal): string {
  switch (r.why) {
    case 'bad_count':
      return t(L, KIX.badCount, { line: r.line, text: r.text });
    case 'bad_hour':
      return t(L, KIX.badHour, { line: r.line, text: r.text });
    case 'no_date':
      return t(L, KIX.noDate, { line: r.line });
    case 'unknown_store':
      return t(L, KIX.unknownStore, { line: r.line, store: r.store });
  }
}

const daysText = (days: readonly string[]) =>
  days.length <= 1 ? (days[0] ?? '') : `${days[0]} ~ ${days[days.length - 1]}（${days.length}）`;

/** What the preview says of the report (the card's body, the API's `summary`). */
export function previewLines(L: Locale, r: KeywordReport, replaces: number): string[] {
  const keywords = new Set(r.counts.map((c) => c.keyword));
  const byKeyword = new Map<string, number>();
  for (const c of r.counts) byKeyword.set(c.keyword, (byKeyword.get(c.keyword) ?? 0) + c.count);
  const top = [...byKeyword].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const stores = [...new Set(r.counts.map((c) => c.store || t(L, KIX.teamWide)))];
  const lines = [
    t(L, KIX.summary, {
      header: r.headerLine,
      rows: r.rows,
      keywords: keywords.size,
      counts: r.counts.length,
      days: daysText(r.days),
      hourly: t(L, r.hourly ? KIX.hourly : KIX.daily),
    }),
    t(L, KIX.stores, { list: stores.join('、') }),
    t(L, KIX.top, { list: top.map(([k, n]) => `${k} ${n}`).join('、') }),
  ];
  if (r.summaryRows) lines.push(t(L, KIX.summaryRows, { n: r.summaryRows }));
  if (r.refused.length)
    lines.push(
      t(L, KIX.refused, {
        n: r.refused.length,
        list:
          r.refused
            .slice(0, 10)
            .map((x) => refusalLine(L, x))
            .join('；') + (r.refused.length > 10 ? '…' : ''),
      }),
    );
  if (replaces) lines.push(t(L, KIX.replaces, { n: replaces }));
  return lines;
}

function previewCard(L: Locale, row: KeywordImport, r: KeywordReport, replaces: number): Card {
  const elements: CardElement[] = [
    markdown(previewLines(L, r, replaces).join('\n')),
    buttons([
      button({
        text: t(L, KIX.importButton),
        type: 'primary_filled',
        value: { action: 'keyword.import', id: row.id, team: row.teamId },
      }),
      button({ text: t(L, KIX.cancelButton), value: { action: 'keyword.cancel', id: row.id, team: row.teamId } }),
    ]),
  ];
  return card({ title: t(L, KIX.previewTitle, { file: row.fileName }), color: 'blue', elements });
}

const doneCard = (L: Locale, row: KeywordImport, text: string): Card =>
  card({
    title: t(L, row.status === 'imported' ? KIX.importedTitle : KIX.cancelledTitle, { file: row.fileName }),
    color: row.status === 'imported' ? 'green' : 'grey',
    elements: [markdown(text)],
  });

/** What a report that cannot be imported says (chat and API). */
export function reportProblemText(
  L: Locale,
  file: string,
  p: ReportProblem | { problem: 'too_many' },
  refused: readonly ReportRefusal[] = [],
): string {
  if (p.problem === 'need_date') return t(L, KIX.needDate, { file });
  if (p.problem === 'too_many') return t(L, KIX.tooMany, { file, max: MAX_COUNTS });
  return t(L, KIX.noRows, { file, detail: refused.map((r) => refusalLine(L, r)).join('；') });
}

/** The file kind the KPI import hands keyword reports to: the preview, as a reply to the file. */
export const keywordReportKind: FileKind = {
  isHeader: isKeywordHeader,
  apiRoute: '/api/v1/keywords/import',
  async take(deps, team, file, now) {
    const L = localeOf(deps.config, team);
    const stores = await activeStores(deps.db, team.id);
    const read = await readKeywordFile(
      file.bytes,
      file.fileName,
      stores.map((s) => s.name),
    );
    const reply = async (body: Card | string, ref?: string) =>
      enqueue(deps.db, now, {
        kind: 'reply',
        teamId: team.id,
        messageId: file.messageId,
        chatId: file.chatId,
        body:
          typeof body === 'string'
            ? { msgType: 'text', content: { text: body } }
            : { msgType: 'interactive', content: body },
        priority: PRIORITY.interactive,
        ...(ref ? { ref } : {}),
        uuid: uuidFor(`keyword-import:${team.id}:${file.source}`),
      });
    // A file problem the KPI reader met first never reaches here; a report's own problem is said.
    if ('problem' in read)
      return void (await reply(
        read.problem === 'need_date' ||
          read.problem === 'too_many' ||
          read.problem === 'no_header' ||
          read.problem === 'no_rows'
          ? reportProblemText(L, file.fileName, read)
          : t(L, KIX.noRows, { file: file.fileName, detail: read.problem }),
      ));
    const [row] = await deps.db
      .insert(keywordImports)
      .values({
        teamId: team.id,
        source: file.source,
        fileName: file.fileName,
        requestedBy: file.requestedBy,
        status: 'previewed',
        counts: read.counts,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return; // handed over before: its preview is out already
    const ids = new Map(stores.map((s) => [s.name, s.id]));
    const replaces = await countStored(deps.db, team.id, countRows(read.counts, ids));
    await reply(previewCard(L, row, read, replaces), importCardRef(row.id));
    deps.wake();
  },
};

type Found = { row: KeywordImport } | { answer: CardActionAnswer };

async function pressed(ctx: ActionContext, value: Record<string, unknown>): Promise<Found> {
  const id = cardId(value);
  const [row] = id
    ? await ctx.deps.db
        .select()
        .from(keywordImports)
        .where(and(eq(keywordImports.id, id), eq(keywordImports.teamId, ctx.team.id)))
    : [];
  if (!row) return { answer: { toast: { type: 'warning', content: ctx.t(KIX.notFound) } } };
  const role = ctx.caller.role;
  if (ctx.caller.openId !== row.requestedBy && role !== 'supervisor' && role !== 'leader')
    return { answer: { toast: { type: 'warning', content: ctx.t(KIX.notAllowed) } } };
  return { row };
}

/** Moves the import out of "previewed" once; undefined when a press before did. */
async function finish(db: Db, row: KeywordImport, set: Partial<KeywordImport>, now: Date) {
  const [done] = await db
    .update(keywordImports)
    .set({ ...set, updatedAt: now })
    .where(and(eq(keywordImports.id, row.id), eq(keywordImports.status, 'previewed')))
    .returning();
  return done;
}

/**
 * Previews left undecided since `before` are cancelled and their counts dropped, as the KPI
 * import's are (jobs/kpi-imports.ts); a later 导入 on the card says it was cancelled.
 */
export async function expireUndecidedKeywordImports(db: Db, before: Date, now: Date): Promise<number> {
  const rows = await db
    .update(keywordImports)
    .set({ status: 'cancelled', doneBy: null, counts: [], updatedAt: now })
    .where(and(eq(keywordImports.status, 'previewed'), lt(keywordImports.updatedAt, before)))
    .returning({ id: keywordImports.id });
  return rows.length;
}

const stale = (ctx: ActionContext, row: KeywordImport): CardActionAnswer => ({
  toast: { type: 'info', content: ctx.t(KIX.stale, { status: row.status }) },
});

/** 导入: stores the counts the preview showed (one transaction, signalled like the API's). */
export async function importAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  const found = await pressed(ctx, value);
  if ('answer' in found) return found.answer;
  const L = localeOf(ctx.deps.config, ctx.team);
  const by = ctx.caller.openId;
  const done = await ctx.deps.db.transaction(async (tx) => {
    const moved = await finish(tx, found.row, { status: 'imported', doneBy: by }, ctx.now);
    if (!moved) return undefined;
    const ids = new Map((await activeStores(tx, ctx.team.id)).map((s) => [s.name, s.id]));
    const r = await upsertCounts(tx, ctx.team.id, countRows(moved.counts, ids), ctx.now);
    await tx.update(keywordImports).set(r).where(eq(keywordImports.id, moved.id));
    return { ...moved, ...r };
  });
  if (!done) return stale(ctx, found.row);
  ctx.deps.wake();
  const text = t(L, KIX.imported, {
    who: mention(by),
    n: done.inserted + done.replaced,
    inserted: done.inserted,
    replaced: done.replaced,
    days: daysText([...new Set(done.counts.map((c) => c.day))].sort()),
  });
  return {
    toast: { type: 'success', content: ctx.t(KIX.importedTitle, { file: done.fileName }) },
    card: doneCard(L, done, text),
  };
}

/** 取消: nothing stored. */
export async function cancelAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  const found = await pressed(ctx, value);
  if ('answer' in found) return found.answer;
  const L = localeOf(ctx.deps.config, ctx.team);
  const done = await finish(ctx.deps.db, found.row, { status: 'cancelled', doneBy: ctx.caller.openId }, ctx.now);
  if (!done) return stale(ctx, found.row);
  const text = t(L, KIX.cancelled, { who: mention(ctx.caller.openId) });
  return {
    toast: { type: 'info', content: ctx.t(KIX.cancelledTitle, { file: done.fileName }) },
    card: doneCard(L, done, text),
  };
}
