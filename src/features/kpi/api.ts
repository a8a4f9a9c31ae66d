/**
 * POST /api/v1/metrics and GET /api/v1/metrics: KPI samples in and out for the token's team.
 * A batch is stored whole or not at all: any invalid sample, or a store the team does not have,
 * answers 422 naming each one, and nothing is stored.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { ApiFailure, batchUpsertRoute, type DataApi } from '../../core/data-api';
import type { Deps } from '../../core/deps';
import { activeStores } from '../stores/repo';
import { metricByKey } from './catalog';
import { loadValues, upsertValues, type ValueRow } from './repo';
import { loadOwnMetrics } from './team-metrics-repo';
import { outOfRange } from './values';

export const MAX_SAMPLES = 10_000;

/**
 * Whether "YYYY-MM-DD" is a day of the calendar. Remembered: a batch of 1,000 samples names a
 * handful of days, and parsing each sample's date was half the request's validation time.
 */
const realDays = new Map<string, boolean>();
function isRealDay(d: string): boolean {
  let ok = realDays.get(d);
  if (ok === undefined) {
    ok = !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
    if (realDays.size >= 10_000) realDays.clear();
    realDays.set(d, ok);
  }
  return ok;
}

export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(isRealDay, 'not a real day')
  .openapi({ example: '2026-11-30' });

const Sample = z
  .object({
    store: z.string().min(1).max(40).openapi({ example: '天猫旗舰店' }),
    metric: z.string().min(1).max(60).openapi({
      example: 'first_response_s',
      description: "A catalog key or one of the team's own metrics' keys (see /kpi metrics).",
    }),
    value: z
      .number()
      .finite()
      .openapi({ example: 28.5, description: 'Rates as fractions 0–1, durations in seconds, money in CNY.' }),
    date: day,
    hour: z
      .number()
      .int()
      .min(0)
      .max(23)
      .optional()
      .openapi({ description: 'Hour of the day (team time zone) for hourly data; omitted: the whole day.' }),
    agent: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .openapi({ description: 'The agent (sub-account nick); omitted: the store as a whole.' }),
    base: z
      .number()
      .finite()
      .min(0)
      .optional()
      .openapi({ description: 'What a rate was computed over (e.g. 接待人数), for weighted roll-ups.' }),
  })
  .openapi('Sample');

const Batch = z.object({ samples: z.array(Sample).min(1).max(MAX_SAMPLES) }).openapi('SampleBatch');
const Failure = ApiFailure;

const post = batchUpsertRoute({
  path: '/api/v1/metrics',
  summary: 'Store KPI samples (idempotent upsert per team, store, agent, metric and period)',
  batch: Batch,
  items: 'samples',
});

const get = createRoute({
  method: 'get',
  path: '/api/v1/metrics',
  summary: 'Read KPI values back',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      store: z.string().optional(),
      metric: z.string().optional(),
      agent: z.string().optional(),
      from: day,
      to: day,
    }),
  },
  responses: {
    200: {
      description: 'Values',
      content: {
        'application/json': {
          schema: z.object({ ok: z.literal(true), values: z.array(Sample.extend({ updated_at: z.string() })) }),
        },
      },
    },
    422: { description: 'Bad query', content: { 'application/json': { schema: Failure } } },
  },
});

export function registerMetricsApi(api: DataApi, deps: Deps): void {
  api.openapi(post, async (c) => {
    const teamId = c.get('teamId');
    const { samples } = c.req.valid('json');
    const stores = await activeStores(deps.db, teamId);
    const storeId = new Map(stores.map((s) => [s.name, s.id]));
    const own = new Map((await loadOwnMetrics(deps.db, teamId)).map((m) => [m.key, m]));
    const problems: { path: string; index: number; reason: string }[] = [];
    const rows: ValueRow[] = [];
    samples.forEach((s, index) => {
      const metric = metricByKey(s.metric) ?? own.get(s.metric);
      const id = storeId.get(s.store);
      if (!metric)
        problems.push({
          index,
          path: `samples.${index}.metric`,
          reason: `unknown metric "${s.metric}" (GET the catalog with /kpi metrics)`,
        });
      if (id === undefined)
        problems.push({
          index,
          path: `samples.${index}.store`,
          reason: `this team has no store "${s.store}" (add it with /store add)`,
        });
      const range = metric ? outOfRange(s.value, metric.unit) : undefined;
      if (range)
        problems.push({
          index,
          path: `samples.${index}.value`,
          reason: range === 'negative' ? 'must not be negative' : 'a rate is a fraction from 0 to 1',
        });
      if (metric && id !== undefined && !range) {
        rows.push({
          storeId: id,
          agent: s.agent ?? '',
          metric: metric.key,
          day: s.date,
          hour: s.hour ?? -1,
          value: s.value,
          base: s.base ?? null,
        });
      }
    });
    if (problems.length)
      return c.json({ ok: false as const, error: 'invalid samples; nothing was stored', problems }, 422);
    const r = await deps.db.transaction((tx) => upsertValues(tx, teamId, rows, 'api', deps.clock.now()));
    return c.json({ ok: true as const, stored: r.inserted + r.replaced, ...r }, 200);
  });

  api.openapi(get, async (c) => {
    const teamId = c.get('teamId');
    const q = c.req.valid('query');
    const stores = await activeStores(deps.db, teamId);
    const wanted = q.store ? stores.filter((s) => s.name === q.store) : stores;
    if (q.store && !wanted.length)
      return c.json({ ok: false as const, error: `this team has no store "${q.store}"` }, 422);
    const names = new Map(stores.map((s) => [s.id, s.name]));
    const rows = await loadValues(deps.db, teamId, {
      from: q.from,
      to: q.to,
      storeIds: wanted.map((s) => s.id),
      ...(q.metric ? { metrics: [q.metric] } : {}),
      ...(q.agent ? { agent: q.agent } : {}),
      hourly: true,
    });
    return c.json(
      {
        ok: true as const,
        values: rows.map((r) => ({
          store: names.get(r.storeId) ?? '',
          metric: r.metric,
          value: r.value,
          date: r.day,
          ...(r.hour >= 0 ? { hour: r.hour } : {}),
          ...(r.agent ? { agent: r.agent } : {}),
          ...(r.base !== null ? { base: r.base } : {}),
          updated_at: r.updatedAt.toISOString(),
        })),
      },
      200,
    );
  });
}
