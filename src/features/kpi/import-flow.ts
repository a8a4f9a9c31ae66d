/**
 * A chat import's work, as timers (each runs in the transaction holding its timer row): `kpi.preview`
 * downloads the file once, reads it (storing nothing in kpi_values) and shows the preview card or
 * asks for a day or a store; `kpi.store` stores what the preview showed after 导入. One card per
 * import: the first pass replies with it, every later change patches it (ref kpi:import:<id>).
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Card } from '../../cards/card';
import { interactive, mention } from '../../cards/card';
import type { Deps } from '../../core/deps';
import { scheduleTimer, type TimerRow } from '../../core/timers';
import { localeOf, teamOf, type Team } from '../../core/teams';
import { t } from '../../i18n';
import { enqueue, PRIORITY } from '../../outbox/enqueue';
import { explainFailure } from '../../outbox/explain';
import { PlatformError, type MessageBody } from '../../port/platform';
import { activeStores } from '../stores/repo';
import { daysText, needDateCard, needStoreCard, previewCard, statusCard } from './import-card';
import {
  isImportProblem,
  readImport,
  storeImport,
  AGENTS_SHOWN,
  type ImportContext,
  type ImportProblem,
  type ImportSummary,
} from './import-file';
import { teamMetricLabels } from './team-metrics-repo';
import { countReplaced, lastImportOf, lockImport, updateImport, type ImportRow } from './import-repo';
import { IX } from './import-texts';
import { kindOfHead } from '../../core/file-kinds';
import { HEAD_ROWS, MAX_EXPANDED_BYTES, MAX_FILE_BYTES, MAX_ROWS, openExportFile, isFileProblem } from './read-file';
import type { Cell } from './values';

export const PREVIEW_TIMER = 'kpi.preview';
export const STORE_TIMER = 'kpi.store';

/** Tries of a download that fails for a reason that may pass (network, rate limit). */
const DOWNLOAD_ATTEMPTS = 4;

export const cardRef = (id: number) => `kpi:import:${id}`;

/** Starts preview pass `pass` of import `id` now (the first by the command, later ones by answers). */
export async function schedulePreview(deps: Deps, teamId: number, id: number, pass: number, now: Date) {
  await scheduleTimer(
    deps.db,
    { teamId, kind: PREVIEW_TIMER, ref: `import:${id}:${pass}`, dueAt: now, payload: { id } },
    now,
  );
  deps.wake();
}

export async function scheduleStore(deps: Deps, teamId: number, id: number, by: string, now: Date) {
  await scheduleTimer(
    deps.db,
    { teamId, kind: STORE_TIMER, ref: `import:${id}`, dueAt: now, payload: { id, by } },
    now,
  );
  deps.wake();
}

/** The import's card (or text): a reply to the command on the first pass, a patch of that card after. */
async function show(deps: Deps, row: ImportRow, body: Card | string, now: Date, pass: number): Promise<void> {
  const ref = cardRef(row.id);
  const uuid = `kpi-import:${row.id}:${pass}`;
  if (pass === 0 || typeof body === 'string') {
    const content: MessageBody =
      typeof body === 'string' ? { msgType: 'text', content: { text: body } } : interactive(body);
    await enqueue(deps.db, now, {
      kind: 'reply',
      teamId: row.teamId,
      messageId: row.sourceMessageId,
      chatId: row.chatId,
      body: content,
      priority: PRIORITY.interactive,
      // A text answer is no card to patch later.
      ...(typeof body === 'string' ? {} : { ref }),
      uuid,
    });
  } else {
    await patchImportCard(deps, row.teamId, row.id, body, now, uuid);
  }
}

export async function patchImportCard(deps: Deps, teamId: number, id: number, c: Card, now: Date, uuid: string) {
  await enqueue(deps.db, now, {
    kind: 'patch',
    teamId,
    message: { ref: cardRef(id) },
    card: c,
    priority: PRIORITY.interactive,
    uuid,
  });
}

/** What a refusal says, naming the file. */
export function problemText(L: ReturnType<typeof localeOf>, file: string, p: ImportProblem): string {
  switch (p.problem) {
    case 'empty':
      return t(L, IX.empty, { file });
    case 'too_large':
      return t(L, IX.tooLarge, { file });
    case 'zip_bomb':
      return t(L, IX.zipBomb, { file, mb: Math.round(MAX_EXPANDED_BYTES / 1024 / 1024) });
    case 'xls_legacy':
      return t(L, IX.xlsLegacy, { file });
    case 'unreadable':
      return t(L, IX.unreadable, { file, detail: p.detail.slice(0, 120) });
    case 'too_many_rows':
      return t(L, IX.tooManyRows, { file, max: MAX_ROWS });
    case 'no_header':
      return t(L, IX.noHeader, { file, found: p.found.length ? p.found.join('、') : t(L, IX.noHeaderNone) });
    case 'need_date':
    case 'need_store':
      // Asked by a card, not refused; here only when there is nobody to ask (no store at all).
      return t(L, IX.needStoreNone);
  }
}

/** The file's bytes: kept from an earlier pass, else downloaded (at most 20 MB) and kept. */
async function bytesOf(
  deps: Deps,
  team: Team,
  row: ImportRow,
  now: Date,
  attempts: number,
): Promise<{ bytes: Uint8Array } | { refusal: string }> {
  if (row.bytes) return { bytes: row.bytes };
  const L = localeOf(deps.config, team);
  const platform = deps.platformFor(team.platform);
  let bytes: Uint8Array;
  try {
    bytes = await platform.downloadFile(row.fileMessageId, { key: row.fileKey, name: row.fileName }, MAX_FILE_BYTES);
  } catch (err) {
    const permanent = err instanceof PlatformError && err.retry.kind === 'permanent';
    // A network blip or a rate limit: the timer tries again later, a few times, then says so.
    if (!permanent && attempts < DOWNLOAD_ATTEMPTS - 1) throw err;
    if (err instanceof PlatformError && err.reason === 'file_too_large')
      return { refusal: t(L, IX.tooLarge, { file: row.fileName }) };
    const failure =
      err instanceof PlatformError
        ? { reason: err.reason, code: err.code ?? null, message: err.message }
        : { reason: 'network', message: err instanceof Error ? err.message : String(err) };
    const why = t(L, explainFailure(failure, platform.words));
    return { refusal: t(L, IX.downloadFailed, { file: row.fileName, why }) };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await updateImport(deps.db, row.id, { bytes, size: bytes.length, sha256 }, now);
  return { bytes };
}

const localTime = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm');

/** kpi.preview: read the file and show what it holds, or ask, or say why not. */
/** How this import's file is read: the team's stores and own metrics, the day and store it was given. */
async function exportContext(deps: Deps, row: ImportRow, stores: readonly { name: string }[]): Promise<ImportContext> {
  return {
    fileName: row.fileName,
    stores: stores.map((s) => s.name),
    ...(row.day ? { day: row.day } : {}),
    ...(row.store ? { store: row.store } : {}),
    extraMetrics: await teamMetricLabels(deps.db, row.teamId),
  };
}

export async function runPreview(deps: Deps, timer: TimerRow): Promise<void> {
  const row = await lockImport(deps.db, Number(timer.payload.id));
  if (!row || row.status !== 'previewing') return; // cancelled meanwhile, or a stale timer
  const now = deps.clock.now();
  const team = await teamOf(deps.db, row.teamId);
  const L = localeOf(deps.config, team);
  const pass = row.previews;
  const fail = async (text: string, problem: string) => {
    await updateImport(deps.db, row.id, { status: 'failed', problem, bytes: null, previews: pass + 1 }, now);
    if (pass === 0) await show(deps, row, text, now, pass);
    else await show(deps, row, statusCard({ fileName: row.fileName, state: 'failed', text, locale: L }), now, pass);
  };
  const got = await bytesOf(deps, team, row, now, timer.attempts);
  if ('refusal' in got) return fail(got.refusal, 'download');
  const stores = await activeStores(deps.db, team.id);
  const read = await readImport(got.bytes, await exportContext(deps, row, stores));
  const asked = (problem: string, c: Card) =>
    updateImport(deps.db, row.id, { status: 'previewed', problem, summary: null, previews: pass + 1 }, now).then(() =>
      show(deps, row, c, now, pass),
    );
  if (isImportProblem(read)) {
    if (read.problem === 'need_date')
      return asked(
        'need_date',
        needDateCard({
          id: row.id,
          team: team.id,
          fileName: row.fileName,
          ...(read.range ? { range: read.range } : {}),
          locale: L,
        }),
      );
    if (read.problem === 'need_store' && stores.length)
      return asked(
        'need_store',
        needStoreCard({
          id: row.id,
          team: team.id,
          fileName: row.fileName,
          stores: stores.map((s) => s.name),
          locale: L,
        }),
      );
    if (read.problem === 'no_header' && (await handOver(deps, team, row, got.bytes, now, pass))) return;
    return fail(problemText(L, row.fileName, read), read.problem);
  }
  const ids = new Map(stores.map((s) => [s.name, s.id]));
  const replaces = await countReplaced(deps.db, team.id, {
    storeIds: read.stores.flatMap((s) => (ids.has(s) ? [ids.get(s)!] : [])),
    days: read.days,
    metrics: [...new Set(read.columns.map((c) => c.metric))],
    agents: read.agentCount === 0 ? 'none' : read.agentCount > AGENTS_SHOWN ? 'all' : read.agents,
  });
  const sha = row.sha256 ?? createHash('sha256').update(got.bytes).digest('hex');
  const before = await lastImportOf(deps.db, team.id, sha, row.id);
  await updateImport(deps.db, row.id, { status: 'previewed', problem: null, summary: read, previews: pass + 1 }, now);
  await show(
    deps,
    row,
    previewCard({
      id: row.id,
      team: team.id,
      fileName: row.fileName,
      summary: read,
      replaces,
      ...(before ? { before: { by: before.by, at: localTime(before.at, team.timeZone) } } : {}),
      locale: L,
    }),
    now,
    pass,
  );
}

/**
 * A file with no KPI header that another feature's file kind recognises by its head (a keyword
 * report): this import ends there ("handed:<kind>", nothing stored here) and the kind shows its own
 * preview, in this timer's transaction. False when no kind knows the file.
 */
async function handOver(deps: Deps, team: Team, row: ImportRow, bytes: Uint8Array, now: Date, pass: number) {
  const kinds = Object.values(deps.app.fileKinds);
  if (!kinds.length) return false;
  const file = openExportFile(bytes, (cells) => kinds.some((k) => k.isHeader(cells)));
  if (isFileProblem(file)) return false;
  const head: Cell[][] = [];
  for await (const cells of file.rows()) if (head.push(cells) >= HEAD_ROWS) break;
  const found = kindOfHead(deps.app.fileKinds, head);
  if (!found) return false;
  await updateImport(
    deps.db,
    row.id,
    { status: 'failed', problem: `handed:${found.key}`, bytes: null, previews: pass + 1 },
    now,
  );
  await found.kind.take(
    deps,
    team,
    {
      source: `kpi-import:${row.id}`,
      fileName: row.fileName,
      bytes,
      messageId: row.sourceMessageId,
      chatId: row.chatId,
      requestedBy: row.requestedBy,
    },
    now,
  );
  return true;
}

class ImportRefused extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.problem);
  }
}

/**
 * The file stored within a savepoint of the timer's transaction, so a file that fails half-way
 * (read once, with the scales its preview learnt) leaves nothing behind while its failure is recorded.
 */
async function storeAll(
  deps: Deps,
  row: ImportRow,
  bytes: Uint8Array,
  stores: readonly { name: string; id: number }[],
  now: Date,
): ReturnType<typeof storeImport> {
  const ctx = await exportContext(deps, row, stores);
  const learnt = (row.summary as Partial<ImportSummary> | null)?.percentColumns;
  const known = Array.isArray(learnt) ? { percentColumns: learnt } : undefined;
  try {
    return await deps.db.transaction(async (tx) => {
      const ids = new Map(stores.map((s) => [s.name, s.id]));
      const r = await storeImport(tx, row.teamId, bytes, ctx, ids, `import:${row.id}`, now, known);
      if (isImportProblem(r)) throw new ImportRefused(r);
      return r;
    });
  } catch (err) {
    if (err instanceof ImportRefused) return err.problem;
    throw err;
  }
}

/** kpi.store: store the file in this transaction, then say how many values were stored and replaced. */
export async function runStore(deps: Deps, timer: TimerRow): Promise<void> {
  const row = await lockImport(deps.db, Number(timer.payload.id));
  if (!row || row.status !== 'importing') return;
  const now = deps.clock.now();
  const team = await teamOf(deps.db, row.teamId);
  const L = localeOf(deps.config, team);
  const by = typeof timer.payload.by === 'string' ? timer.payload.by : row.requestedBy;
  const stores = await activeStores(deps.db, team.id);
  const result = row.bytes
    ? await storeAll(deps, row, row.bytes, stores, now)
    : ({ problem: 'empty' } as ImportProblem);
  const finish = (state: 'failed' | 'imported', text: string) =>
    patchImportCard(
      deps,
      team.id,
      row.id,
      statusCard({ fileName: row.fileName, state, text, locale: L }),
      now,
      `kpi-import:${row.id}:stored`,
    );
  if (isImportProblem(result)) {
    // Nothing of the file was stored: its savepoint was rolled back.
    await updateImport(deps.db, row.id, { status: 'failed', problem: result.problem, bytes: null }, now);
    return finish('failed', t(L, IX.importFailed, { file: row.fileName }));
  }
  const { summary, inserted, replaced } = result;
  await updateImport(
    deps.db,
    row.id,
    { status: 'imported', bytes: null, inserted, replaced, importedBy: by, importedAt: now },
    now,
  );
  const text = t(L, IX.imported, {
    who: mention(by),
    n: inserted + replaced,
    stores: summary.stores.join('、'),
    days: daysText(summary.days),
    replaced: replaced ? t(L, IX.importedReplaced, { n: replaced }) : t(L, IX.importedNew),
  });
  await finish('imported', text);
}
