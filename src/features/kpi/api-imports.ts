/**
 * POST /api/v1/imports: a platform's own export file (CSV/XLSX, multipart `file`) read the way the
 * chat reads it. `dry_run=1` answers the preview and stores nothing; otherwise the rows are stored
 * in one transaction (any problem stores nothing) and the answer says how many values were new and
 * how many replaced — the same file sent twice replaces, never adds.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { allowBodyUpTo, type DataApi } from '../../core/data-api';
import type { Deps } from '../../core/deps';
import { activeStores } from '../stores/repo';
import { day } from './api';
import { normalizeLabel } from './headers';
import { readImport, storeImport, isImportProblem, type ImportProblem, type ImportSummary } from './import-file';
import { MAX_EXPANDED_BYTES, MAX_FILE_BYTES, MAX_ROWS } from './read-file';
import { teamMetricLabels } from './team-metrics-repo';

const PATH = '/api/v1/imports';
/** The file plus the form's own parts around it (boundaries, the other fields). */
export const MAX_IMPORT_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;
const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

const Form = z
  .object({
    file: z.file().openapi({
      type: 'string',
      format: 'binary',
      description: `The export as downloaded from the platform (CSV in UTF-8/GBK, or XLSX; up to ${MB(MAX_FILE_BYTES)}). Its name may carry the day (客服绩效_20261130.xlsx).`,
    }),
    store: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .openapi({ description: "The team's store the rows are for, when the file does not name one." }),
    date: day.optional().openapi({ description: 'The day the rows are for, when the file has no date column.' }),
    dry_run: z
      .enum(['1', '0', 'true', 'false'])
      .optional()
      .openapi({ description: '1: answer the preview, store nothing.' }),
  })
  .openapi('ImportForm');

const Refused = z
  .object({
    line: z.number(),
    why: z.enum(['bad_value', 'out_of_range', 'no_store', 'no_date']),
    column: z.string().optional(),
    text: z.string().optional(),
    value: z.number().optional(),
    range: z.enum(['negative', 'over_100']).optional(),
    agent: z.string().optional(),
  })
  .openapi('ImportRefusedRow');

const Preview = z
  .object({
    file: z.string(),
    kind: z.enum(['csv', 'xlsx']),
    encoding: z.string().optional(),
    sheet: z.string().optional(),
    platform: z.enum(['taobao', 'jd', 'douyin', 'pdd', 'kuaishou']).optional(),
    header_line: z.number(),
    columns: z.array(z.object({ label: z.string(), metric: z.string() })),
    ignored: z.array(z.string()),
    days: z.array(z.string()),
    stores: z.array(z.string()),
    agents: z.array(z.string()).openapi({ description: 'The first 30 agents.' }),
    agent_count: z.number(),
    rows: z.number(),
    values: z.number(),
    samples: z.array(
      z.object({
        line: z.number(),
        store: z.string(),
        agent: z.string().optional(),
        date: z.string(),
        metric: z.string(),
        value: z.number(),
      }),
    ),
    refused: z.array(Refused).openapi({ description: 'Rows left out and why (the first 20); the rest are stored.' }),
    refused_count: z.number(),
    unknown_stores: z.array(z.string()),
    summary_rows: z.number().openapi({ description: 'Summary rows skipped (合计, 汇总, 店铺汇总值 …).' }),
  })
  .openapi('ImportPreview');

const Failure = z
  .object({
    ok: z.literal(false),
    error: z.string(),
    problem: z
      .enum([
        'empty',
        'too_large',
        'zip_bomb',
        'xls_legacy',
        'unreadable',
        'too_many_rows',
        'no_header',
        'need_date',
        'need_store',
        'unknown_store',
        'nothing_to_import',
      ])
      .optional(),
    found: z.array(z.string()).optional().openapi({ description: 'no_header: the labels the file has.' }),
    stores: z.array(z.string()).optional().openapi({ description: "need_store, unknown_store: the team's stores." }),
    unknown_stores: z.array(z.string()).optional(),
    range: z.object({ from: z.string(), to: z.string() }).optional(),
    preview: Preview.optional(),
    problems: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  })
  .openapi('ImportFailure');

const route = createRoute({
  method: 'post',
  path: PATH,
  summary: "Import a platform's export file (preview with dry_run=1; importing it again replaces)",
  description:
    'The same preview the chat shows: platform, days, stores, agents, which columns became which metrics, three samples and the rows refused. Without dry_run the rows are stored as one transaction; refused rows are left out.',
  security: [{ bearer: [] }],
  request: { body: { content: { 'multipart/form-data': { schema: Form } }, required: true } },
  responses: {
    200: {
      description: 'The preview (dry_run), or stored with every value replacing one already there',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.literal(true),
            dry_run: z.boolean(),
            preview: Preview,
            inserted: z.number().optional(),
            replaced: z.number().optional(),
          }),
        },
      },
    },
    201: {
      description: 'Stored, with new values',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.literal(true),
            dry_run: z.literal(false),
            preview: Preview,
            inserted: z.number(),
            replaced: z.number(),
          }),
        },
      },
    },
    401: { description: 'Bad token', content: { 'application/json': { schema: Failure } } },
    413: { description: `Body over ${MB(MAX_FILE_BYTES)}`, content: { 'application/json': { schema: Failure } } },
    422: {
      description: 'The file cannot be imported; nothing stored',
      content: { 'application/json': { schema: Failure } },
    },
  },
});

type FailureBody = z.infer<typeof Failure>;

/** What went wrong with the file, for a person reading the answer of their script. */
function explain(p: ImportProblem, elsewhere?: string): FailureBody & { status: 413 | 422 } {
  const fail = (status: 413 | 422, error: string, more: Partial<FailureBody> = {}) => ({
    status,
    ok: false as const,
    error,
    problem: p.problem,
    ...more,
  });
  switch (p.problem) {
    case 'empty':
      return fail(422, 'the file is empty');
    case 'too_large':
      return fail(413, `the file is over ${MB(MAX_FILE_BYTES)}`);
    case 'zip_bomb':
      return fail(422, `the XLSX expands to more than ${MB(MAX_EXPANDED_BYTES)}; it is not read`);
    case 'xls_legacy':
      return fail(422, 'an old .xls file is not read: save it as .xlsx or .csv and send it again');
    case 'unreadable':
      return fail(422, `the file cannot be read: ${p.detail}`);
    case 'too_many_rows':
      return fail(422, `the file has more than ${MAX_ROWS.toLocaleString('en-US')} rows: split it`);
    case 'no_header':
      return fail(
        422,
        `no header row with metric columns was found; the file has: ${p.found.join(', ') || '(nothing)'}` +
          (elsewhere ? `; it is another kind of file: POST it to ${elsewhere}` : ''),
        { found: p.found },
      );
    case 'need_date':
      return fail(
        422,
        p.range
          ? `the file covers ${p.range.from} to ${p.range.to}: pass date=YYYY-MM-DD for the day its rows are for`
          : 'the file says no day: pass date=YYYY-MM-DD',
        p.range ? { range: p.range } : {},
      );
    case 'need_store':
      return fail(
        422,
        p.stores.length
          ? `the file names no store: pass store=<name>, one of: ${p.stores.join(', ')}`
          : 'the team has no store yet: add one with /store add, then send the file again',
        { stores: p.stores },
      );
  }
}

function previewOf(fileName: string, s: ImportSummary): z.infer<typeof Preview> {
  return {
    file: fileName,
    kind: s.kind,
    ...(s.encoding ? { encoding: s.encoding } : {}),
    ...(s.sheet ? { sheet: s.sheet } : {}),
    ...(s.platform ? { platform: s.platform } : {}),
    header_line: s.headerLine,
    columns: s.columns,
    ignored: s.ignored,
    days: s.days,
    stores: s.stores,
    agents: s.agents,
    agent_count: s.agentCount,
    rows: s.rows,
    values: s.values,
    samples: s.samples.map(({ day, ...x }) => ({ ...x, date: day })),
    refused: s.refused,
    refused_count: s.refusedCount,
    unknown_stores: s.unknownStores,
    summary_rows: s.summaryRows,
  };
}

/** Why a file that read fine still cannot be imported: stores the team lacks, or no row to store. */
function refusalOf(preview: z.infer<typeof Preview>, stores: string[]): (FailureBody & { status: 422 }) | undefined {
  if (preview.unknown_stores.length)
    return {
      status: 422,
      ok: false,
      error: `this team has no store ${preview.unknown_stores.map((s) => `"${s}"`).join(', ')} (add it with /store add); nothing was stored`,
      problem: 'unknown_store',
      unknown_stores: preview.unknown_stores,
      stores,
      preview,
    };
  if (!preview.rows)
    return {
      status: 422,
      ok: false,
      error: 'no row of the file can be imported (see preview.refused)',
      problem: 'nothing_to_import',
      preview,
    };
  return undefined;
}

/** Thrown inside the import's transaction so that a refusal rolls back whatever it stored. */
class Refusal extends Error {
  constructor(readonly body: FailureBody & { status: 413 | 422 }) {
    super(body.error);
  }
}

export function registerImportsApi(api: DataApi, deps: Deps): void {
  /** A file with no KPI header that another feature's kind recognises: where its API takes it. */
  const routeOfKind = (p: ImportProblem): string | undefined =>
    p.problem === 'no_header'
      ? Object.values(deps.app.fileKinds).find((k) => k.apiRoute && k.isHeader(p.found))?.apiRoute
      : undefined;
  allowBodyUpTo(api, PATH, MAX_IMPORT_BODY_BYTES);
  api.openapi(route, async (c) => {
    const teamId = c.get('teamId');
    const form = c.req.valid('form');
    const answer = ({ status, ...body }: FailureBody & { status: 413 | 422 }) => c.json(body, status);
    const stores = await activeStores(deps.db, teamId);
    const names = stores.map((s) => s.name);
    let store: string | undefined;
    if (form.store) {
      store = names.find((n) => normalizeLabel(n) === normalizeLabel(form.store));
      if (!store)
        return answer({
          status: 422,
          ok: false,
          error: `this team has no store "${form.store}"; its stores: ${names.join(', ') || '(none)'}`,
          problem: 'unknown_store',
          unknown_stores: [form.store],
          stores: names,
        });
    }
    if (form.file.size > MAX_FILE_BYTES) return answer(explain({ problem: 'too_large', bytes: form.file.size }));
    const bytes = new Uint8Array(await form.file.arrayBuffer());
    const fileName = form.file.name || 'upload';
    const ctx = {
      fileName,
      stores: names,
      ...(form.date ? { day: form.date } : {}),
      ...(store ? { store } : {}),
      extraMetrics: await teamMetricLabels(deps.db, teamId),
    };

    if (form.dry_run === '1' || form.dry_run === 'true') {
      const read = await readImport(bytes, ctx);
      if (isImportProblem(read)) return answer(explain(read, routeOfKind(read)));
      const preview = previewOf(fileName, read);
      const refused = refusalOf(preview, names);
      if (refused) return answer(refused);
      return c.json({ ok: true as const, dry_run: true, preview }, 200);
    }

    const storeIds = new Map(stores.map((s) => [s.name, s.id]));
    try {
      const done = await deps.db.transaction(async (tx) => {
        const r = await storeImport(tx, teamId, bytes, ctx, storeIds, 'import:api', deps.clock.now());
        if (isImportProblem(r)) throw new Refusal(explain(r, routeOfKind(r)));
        const preview = previewOf(fileName, r.summary);
        const refused = refusalOf(preview, names);
        if (refused) throw new Refusal(refused);
        return { preview, inserted: r.inserted, replaced: r.replaced };
      });
      const body = { ok: true as const, dry_run: false as const, ...done };
      return done.inserted > 0 ? c.json(body, 201) : c.json(body, 200);
    } catch (err) {
      if (err instanceof Refusal) return answer(err.body);
      throw err;
    }
  });
}
