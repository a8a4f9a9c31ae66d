/**
 * GET /api/v1/export/<kind>?from=&to=: the same records /export puts in the XLSX, as CSV (RFC 4180,
 * UTF-8 with BOM, streamed a page of rows at a time) for the team of the token. Bad from/to → 400,
 * an unknown kind → 404, mood → 403, each with a Chinese message (and the English one).
 */
import { z } from '@hono/zod-openapi';
import { ApiFailure, type DataApi } from '../../core/data-api';
import type { Deps } from '../../core/deps';
import { localeOf, teamOf } from '../../core/teams';
import { t, type Text } from '../../i18n';
import { exportContext, findKind, kindList } from './context';
import { csvStream } from './csv-stream';
import { MAX_API_DAYS, parseApiRange } from './period';
import { EX } from './texts';

const both = (text: Text, params: Record<string, string | number> = {}) =>
  `${t('zh-CN', text, params)} (${t('en', text, params)})`;

export function registerExportApi(api: DataApi, deps: Deps): void {
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/v1/export/{kind}',
    summary: 'One kind of record as CSV (the same as /export sends as XLSX)',
    security: [{ bearer: [] }],
    request: {
      params: z.object({ kind: z.string().openapi({ example: 'anomalies' }) }),
      query: z.object({
        from: z
          .string()
          .optional()
          .openapi({ example: '2026-11-01', description: 'first local day (default: 30 days before to)' }),
        to: z
          .string()
          .optional()
          .openapi({ example: '2026-11-30', description: 'last local day, included (default: today)' }),
      }),
    },
    responses: {
      200: { description: 'CSV, UTF-8 with BOM, CRLF', content: { 'text/csv': { schema: z.string() } } },
      400: { description: 'Bad from/to', content: { 'application/json': { schema: ApiFailure } } },
      401: { description: 'Bad token', content: { 'application/json': { schema: ApiFailure } } },
      403: { description: 'Private data, never exported', content: { 'application/json': { schema: ApiFailure } } },
      404: { description: 'No such kind', content: { 'application/json': { schema: ApiFailure } } },
    },
  });

  api.get('/api/v1/export/:kind', async (c) => {
    const teamId = c.get('teamId');
    const word = c.req.param('kind');
    const kinds = deps.app.exports;
    const found = findKind(kinds, word);
    if (!found.ok)
      return found.why === 'mood'
        ? c.json({ ok: false as const, error: both(EX.apiMood) }, 403)
        : c.json({ ok: false as const, error: both(EX.apiUnknown, { word, kinds: kindList(kinds) }) }, 404);
    const team = await teamOf(deps.db, teamId);
    const parsed = parseApiRange({ from: c.req.query('from'), to: c.req.query('to') }, deps.clock.now(), team.timeZone);
    if (!parsed.ok) {
      const text = { bad_from: EX.apiBadFrom, bad_to: EX.apiBadTo, reversed: EX.apiReversed, too_long: EX.apiTooLong }[
        parsed.problem
      ];
      return c.json({ ok: false as const, error: both(text, { days: MAX_API_DAYS }) }, 400);
    }
    const { range } = parsed;
    const ctx = await exportContext(deps, team, range);
    const name = `${found.kind.kind}_${range.fromDay}_${range.toDay}.csv`;
    return c.body(csvStream(found.kind, ctx, localeOf(deps.config, team)), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
  });
}
