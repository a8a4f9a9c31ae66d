import type { OpenAPIHono } from '@hono/zod-openapi';

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
