/**
 * POST /api/v1/keywords: keyword counts in for the token's team, an idempotent upsert per store,
 * keyword, day and hour. A batch is stored whole or not at all: a store the team does not have
 * answers 422 naming each one, and nothing is stored.
 */
import { z } from '@hono/zod-openapi';
import { ApiFailure, batchUpsertRoute, type DataApi } from '../../core/data-api';
import type { Deps } from '../../core/deps';
import { day } from '../kpi/api';
import { activeStores } from '../stores/repo';
import { upsertCounts, type CountRow } from './repo';

export const MAX_COUNTS = 10_000;

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
