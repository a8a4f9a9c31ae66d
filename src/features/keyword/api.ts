/**
 * POST /api/v1/keywords: keyword counts in for the token's team, an idempotent upsert per store,
 * keyword, day and hour. A batch is stored whole or not at all: a store the team does not have
 * answers 422 naming each one, and nothing is stored. POST /api/v1/keywords/import takes the AI
 * assistant's report file, read as a file sent to the bot is (import.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { allowBodyUpTo, ApiFailure, batchUpsertRoute, type DataApi } from '../../core/data-api';
import type { Deps } from '../../core/deps';
import { day } from '../kpi/api';
import { MAX_IMPORT_BODY_BYTES } from '../kpi/api-imports';
import { MAX_FILE_BYTES } from '../kpi/read-file';
import { countRows, readKeywordFile, reportProblemText } from './import';
import { activeStores } from '../stores/repo';
import { MAX_COUNTS, upsertCounts, type CountRow } from './repo';

const Count = z
  .object({
    keyword: z.string().trim().min(1).max(40).openapi({ example: '质量差' }),
    count: z.number().int().min(0).openapi({ example: 38 }),
    date: day,
    hour: z
      .number()
      .int()
      .min(0)
      .max(23)
      .optional()
      .openapi({ description: 'Hour of the day (team time zone); omitted: the whole day (stored, not judged).' }),
    store: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .openapi({ example: '天猫旗舰店', description: 'Omitted: the team as a whole.' }),
  })
  .openapi('KeywordCount');

const Batch = z.object({ counts: z.array(Count).min(1).max(MAX_COUNTS) }).openapi('KeywordBatch');
const Failure = ApiFailure;

const post = batchUpsertRoute({
  path: '/api/v1/keywords',
  summary: 'Store keyword counts (idempotent upsert per team, store, keyword and period)',
  batch: Batch,
  items: 'counts',
});

export function registerKeywordsApi(api: DataApi, deps: Deps): void {
  api.openapi(post, async (c) => {
    const teamId = c.get('teamId');
    const { counts } = c.req.valid('json');
    const storeId = new Map((await activeStores(deps.db, teamId)).map((s) => [s.name, s.id]));
    const problems: { path: string; index: number; reason: string }[] = [];
    const rows: CountRow[] = [];
    counts.forEach((k, index) => {
      const id = k.store === undefined ? 0 : storeId.get(k.store);
      if (id === undefined)
        problems.push({
          index,
          path: `counts.${index}.store`,
          reason: `this team has no store "${k.store}" (add it with /store add)`,
        });
      else rows.push({ storeId: id, keyword: k.keyword, day: k.date, hour: k.hour ?? -1, count: k.count });
    });
    if (problems.length)
      return c.json({ ok: false as const, error: 'invalid counts; nothing was stored', problems }, 422);
    const r = await deps.db.transaction((tx) => upsertCounts(tx, teamId, rows, deps.clock.now()));
    return c.json({ ok: true as const, stored: r.inserted + r.replaced, ...r }, 200);
  });
}

const IMPORT_PATH = '/api/v1/keywords/import';

const ImportForm = z
  .object({
    file: z.file().openapi({
      type: 'string',
      format: 'binary',
      description:
        "The AI assistant's hot / unknown-question report (CSV or XLSX): 关键词 or 问题, 次数 / 出现次数 / 咨询次数, and 日期, 时段, 店铺 when it has them.",
    }),
    dry_run: z
      .enum(['1', '0', 'true', 'false'])
      .optional()
      .openapi({ description: '1: answer the preview, store nothing.' }),
  })
  .openapi('KeywordImportForm');

const ReportPreview = z
  .object({
    file: z.string(),
    header_line: z.number(),
    rows: z.number(),
    counts: z.number(),
    keywords: z.number(),
    days: z.array(z.string()),
    hourly: z.boolean().openapi({ description: 'false: whole-day counts (stored, not judged).' }),
    summary_rows: z.number(),
    refused: z.array(
      z.object({
        line: z.number(),
        why: z.enum(['bad_count', 'bad_hour', 'no_date', 'unknown_store']),
        text: z.string().optional(),
        store: z.string().optional(),
      }),
    ),
  })
  .openapi('KeywordReportPreview');

const importRoute = createRoute({
  method: 'post',
  path: IMPORT_PATH,
  summary: "Import the AI assistant's keyword report (preview with dry_run=1; importing it again replaces)",
  security: [{ bearer: [] }],
  request: { body: { content: { 'multipart/form-data': { schema: ImportForm } }, required: true } },
  responses: {
    200: {
      description: 'The preview (dry_run), or stored',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.literal(true),
            dry_run: z.boolean(),
            preview: ReportPreview,
            inserted: z.number().optional(),
            replaced: z.number().optional(),
          }),
        },
      },
    },
    401: { description: 'Bad token', content: { 'application/json': { schema: ApiFailure } } },
    413: { description: 'Body too large', content: { 'application/json': { schema: ApiFailure } } },
    422: {
      description: 'Not a keyword report that can be imported; nothing stored',
      content: { 'application/json': { schema: ApiFailure.extend({ problem: z.string() }) } },
    },
  },
});

export function registerKeywordImportApi(api: DataApi, deps: Deps): void {
  allowBodyUpTo(api, IMPORT_PATH, MAX_IMPORT_BODY_BYTES);
  api.openapi(importRoute, async (c) => {
    const teamId = c.get('teamId');
    const form = c.req.valid('form');
    const fileName = form.file.name || 'upload';
    const stores = await activeStores(deps.db, teamId);
    const read =
      form.file.size > MAX_FILE_BYTES
        ? ({ problem: 'too_large' } as const)
        : await readKeywordFile(
            new Uint8Array(await form.file.arrayBuffer()),
            fileName,
            stores.map((s) => s.name),
          );
    if ('problem' in read) {
      const p = read.problem;
      const error =
        p === 'need_date' || p === 'too_many' || p === 'no_rows'
          ? reportProblemText('en', fileName, read as { problem: typeof p })
          : p === 'no_header'
            ? 'no header row with a keyword column (关键词 / 问题) and a count column (次数 / 出现次数 / 咨询次数) was found'
            : `the file cannot be read (${p})`;
      return c.json({ ok: false as const, error, problem: p }, p === 'too_large' ? 413 : 422);
    }
    const preview = {
      file: fileName,
      header_line: read.headerLine,
      rows: read.rows,
      counts: read.counts.length,
      keywords: new Set(read.counts.map((k) => k.keyword)).size,
      days: read.days,
      hourly: read.hourly,
      summary_rows: read.summaryRows,
      refused: read.refused,
    };
    if (form.dry_run === '1' || form.dry_run === 'true')
      return c.json({ ok: true as const, dry_run: true, preview }, 200);
    const rows = countRows(read.counts, new Map(stores.map((s) => [s.name, s.id])));
    const r = await deps.db.transaction((tx) => upsertCounts(tx, teamId, rows, deps.clock.now()));
    return c.json({ ok: true as const, dry_run: false, preview, ...r }, 200);
  });
}
