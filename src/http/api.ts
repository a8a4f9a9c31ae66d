/**
 * The data API (/api/v1): a per-team bearer token from /setup token, JSON bodies validated by the
 * same zod schemas that generate /api/v1/openapi.json. A bad token → 401; a body over 2 MB (or what
 * its route allows, allowBodyUpTo: an export file up to 20 MB) → 413;
 * a batch with any invalid item → 422 listing each item's index and why, and nothing of it stored;
 * a team over its request rate → 429 with Retry-After. Features add their routes through
 * defineFeature({ api }).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimitOf, type ApiEnv, type DataApi } from '../core/data-api';
import type { Deps } from '../core/deps';
import { teamOfToken } from '../core/api-tokens';
import { readBody } from '../port/read-body';
import { teamLimiter } from './team-limiter';

export const API_BASE = '/api/v1';
export const MAX_API_BODY_BYTES = 2 * 1024 * 1024;

export interface ApiProblem {
  /** Index in the batch and field path ("samples.3.value"), when the problem is one item's. */
  path: string;
  index?: number;
  reason: string;
}

/** zod's issues as one problem per bad field, with the batch index when there is one. */
const validationHook: Hook<unknown, ApiEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const problems: ApiProblem[] = result.error.issues.map((i) => {
    const index = i.path.find((p): p is number => typeof p === 'number');
    return { path: i.path.join('.'), ...(index !== undefined ? { index } : {}), reason: i.message };
  });
  return c.json({ ok: false, error: 'invalid request', problems }, 422);
};

export function registerDataApi(app: Hono, deps: Deps): void {
  const api: DataApi = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const limiter = teamLimiter({ perSecond: 20, burst: 40 });

  api.use(`${API_BASE}/*`, async (c, next) => {
    if (c.req.path === `${API_BASE}/openapi.json`) return next();
    const max = bodyLimitOf(api, c.req.path) ?? MAX_API_BODY_BYTES;
    const tooLarge = () =>
      c.json({ ok: false, error: `payload too large (${Math.round(max / 1024 / 1024)} MB at most)` }, 413);
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > max) return tooLarge();
    const auth = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    const teamId = token ? await teamOfToken(deps.db, token) : undefined;
    if (teamId === undefined) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json(
        {
          ok: false,
          error:
            'missing or invalid token: send "Authorization: Bearer <token>" (a supervisor gets it with /setup token)',
        },
        401,
      );
    }
    const wait = limiter.take(teamId, Date.now());
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return c.json({ ok: false, error: 'too many requests for this team: slow down' }, 429);
    }
    if (declared === undefined && c.req.method !== 'GET' && c.req.raw.body) {
      // A chunked body is measured as it is read, and refused the moment it passes the limit.
      const bytes = await readBody(c.req.raw, max);
      if (!bytes) return tooLarge();
      c.req.raw = new Request(c.req.raw, { body: bytes as Uint8Array<ArrayBuffer> });
    }
    c.set('teamId', teamId);
    return next();
  });

  for (const f of deps.app.features) f.api?.(api, deps);
  // A caller's mistake the validators throw (415 for a body that is not the route's media type, 400
  // for a malformed form) answers as JSON with its own status; anything else is ours: a 500.
  api.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) return c.json({ ok: false, error: err.message }, err.status);
    deps.log.error('request failed', { method: c.req.method, path: c.req.path, error: err.stack ?? err.message });
    return c.json({ ok: false, error: 'internal error' }, 500);
  });

  api.doc(`${API_BASE}/openapi.json`, {
    openapi: '3.0.0',
    info: {
      title: 'floorwalker data API',
      version: '1',
      description:
        'KPI samples, platform exports, violations and more, per team. Authorization: Bearer <token from /setup token>.',
    },
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.route('/', api);
}
