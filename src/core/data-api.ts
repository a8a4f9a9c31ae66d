import type { OpenAPIHono } from '@hono/zod-openapi';

/** What a data-API handler knows besides the request: the team its token belongs to. */
export type ApiEnv = { Variables: { teamId: number } };
/** The /api/v1 app features register their routes on (see src/http/api.ts). */
export type DataApi = OpenAPIHono<ApiEnv>;
