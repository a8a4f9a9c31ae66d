import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

/** What a data-API handler knows besides the request: the team its token belongs to. */
export type ApiEnv = { Variables: { teamId: number } };
/** The /api/v1 app features register their routes on (see src/http/api.ts). */
export type DataApi = OpenAPIHono<ApiEnv>;

const bodyLimits = new WeakMap<DataApi, Map<string, number>>();

/**
 * Lets one route take bodies up to `maxBytes` instead of the data API's default (a platform
 * export file is bigger than a JSON batch). The token check and the rate limit apply the same.
 */
export function allowBodyUpTo(api: DataApi, path: string, maxBytes: number): void {
  const limits = bodyLimits.get(api) ?? new Map<string, number>();
  limits.set(path, maxBytes);
  bodyLimits.set(api, limits);
}

/** The body limit a route asked for, if any. */
export const bodyLimitOf = (api: DataApi, path: string): number | undefined => bodyLimits.get(api)?.get(path);

/** A data-API failure: what went wrong and, for a batch, each bad item's path and reason. */
export const ApiFailure = z
  .object({
    ok: z.literal(false),
    error: z.string(),
    problems: z.array(z.object({ path: z.string(), index: z.number().optional(), reason: z.string() })).optional(),
  })
  .openapi('Failure');

/**
 * The route of a JSON batch stored whole or not at all (samples, counts …): 200 with how many were
 * new and how many replaced, 401, 413, or 422 listing each bad item.
 */
export function batchUpsertRoute<S extends z.ZodTypeAny>(o: {
  path: string;
  summary: string;
  batch: S;
  items: string;
}) {
  return createRoute({
    method: 'post',
    path: o.path,
    summary: o.summary,
    security: [{ bearer: [] }],
    request: { body: { content: { 'application/json': { schema: o.batch } }, required: true } },
    responses: {
      200: {
        description: 'Stored',
        content: {
          'application/json': {
            schema: z.object({ ok: z.literal(true), stored: z.number(), inserted: z.number(), replaced: z.number() }),
          },
        },
      },
      401: { description: 'Bad token', content: { 'application/json': { schema: ApiFailure } } },
      413: { description: 'Body over 2 MB', content: { 'application/json': { schema: ApiFailure } } },
      422: {
        description: `Invalid ${o.items}; nothing stored`,
        content: { 'application/json': { schema: ApiFailure } },
      },
    },
  });
}
