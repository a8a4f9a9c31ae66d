/**
 * POST /api/v1/violations: a violation (违规) of one of the token's team's stores. Idempotent by
 * (team, id): the same id again answers 200 with `created: false` and posts nothing.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { DataApi } from '../../core/data-api';
import type { Deps } from '../../core/deps';
import { teamOf } from '../../core/teams';
import { activeStores } from '../stores/repo';
import { recordViolation } from './violation-service';

const Violation = z
  .object({
    id: z.string().min(1).max(120).openapi({ example: 'tm-2026-1201-0042', description: "The caller's id of it." }),
    store: z.string().min(1).max(40).openapi({ example: '天猫旗舰店' }),
    kind: z.string().min(1).max(40).openapi({ example: '虚假发货' }),
    points: z.number().finite().min(0).optional().openapi({ example: 6, description: 'Penalty points (扣分).' }),
    amount: z.number().finite().min(0).optional().openapi({ example: 500, description: 'Fine in CNY (罚款).' }),
    description: z.string().min(1).max(2000),
    occurred_at: z.string().datetime({ offset: true }).openapi({ example: '2026-12-01T10:30:00+08:00' }),
  })
  .openapi('Violation');

const Failure = z.object({ ok: z.literal(false), error: z.string() });

const post = createRoute({
  method: 'post',
  path: '/api/v1/violations',
  summary: 'Report a store violation (idempotent per team and id): its card is posted at once',
  security: [{ bearer: [] }],
  request: { body: { content: { 'application/json': { schema: Violation } }, required: true } },
  responses: {
    200: {
      description: 'Recorded (or already recorded: created is false)',
      content: {
        'application/json': {
          schema: z.object({ ok: z.literal(true), violation: z.number(), created: z.boolean(), severe: z.boolean() }),
        },
      },
    },
    401: { description: 'Bad token', content: { 'application/json': { schema: Failure } } },
    422: { description: 'Invalid violation or unknown store', content: { 'application/json': { schema: Failure } } },
  },
});

export function registerViolationsApi(api: DataApi, deps: Deps): void {
  api.openapi(post, async (c) => {
    const teamId = c.get('teamId');
    const v = c.req.valid('json');
    const store = (await activeStores(deps.db, teamId)).find((s) => s.name === v.store);
    if (!store)
      return c.json({ ok: false as const, error: `this team has no store "${v.store}" (add it with /store add)` }, 422);
    const team = await teamOf(deps.db, teamId);
    const r = await recordViolation(
      deps,
      team,
      {
        source: `api:${v.id}`,
        store,
        kind: v.kind,
        points: v.points ?? null,
        amount: v.amount ?? null,
        description: v.description,
        occurredAt: new Date(v.occurred_at),
        reportedBy: null,
      },
      deps.clock.now(),
    );
    return c.json(
      { ok: true as const, violation: r.violation.id, created: r.outcome === 'new', severe: r.violation.severe === 1 },
      200,
    );
  });
}
