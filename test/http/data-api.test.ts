import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadValues } from '../../src/features/kpi/repo';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';

let bot: ApiBot;
let token: string;
let other: string;
let teamId: number;

const sample = (o: Record<string, unknown> = {}) => ({
  store: '天猫旗舰店',
  metric: 'first_response_s',
  value: 28.5,
  date: '2026-11-30',
  ...o,
});
const post = (body: unknown, t = token, headers: Record<string, string> = {}) =>
  bot.app.request('/api/v1/metrics', {
    method: 'POST',
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  ({ bot, token, other, teamId } = await startApiTeams());
});
afterAll(() => bot.close());

describe('POST /api/v1/metrics', () => {
  it('stores a batch; the same batch again replaces, never adds', async () => {
    const batch = {
      samples: [
        sample(),
        sample({ agent: '小王', value: 41, base: 90 }),
        sample({ metric: 'reply_3min_rate', value: 0.93, hour: 9 }),
      ],
    };
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, stored: 3, inserted: 3, replaced: 0 });
    expect(await (await post(batch)).json()).toEqual({ ok: true, stored: 3, inserted: 0, replaced: 3 });
    expect(await loadValues(bot.deps.db, teamId, { from: '2026-11-30', to: '2026-11-30', hourly: true })).toHaveLength(
      3,
    );
  });

  it('one invalid sample → 422 with each bad index and why, and nothing of the batch stored', async () => {
    const res = await post({
      samples: [
        sample({ date: '2026-11-29' }),
        sample({ date: '2026-11-29', value: 'fast' }),
        sample({ date: '2026-11-29', metric: 'mood' }),
        sample({ date: '2026-11-29', store: '拼多多店' }),
        sample({ date: '2026-11-29', metric: 'reply_3min_rate', value: 1.5 }),
      ],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { problems: { index: number; path: string }[] };
    expect(body.problems.map((p) => p.index)).toEqual([1]);
    const second = await post({
      samples: [
        sample({ date: '2026-11-29' }),
        sample({ date: '2026-11-29', metric: 'mood' }),
        sample({ date: '2026-11-29', store: '拼多多店' }),
        sample({ date: '2026-11-29', metric: 'reply_3min_rate', value: 1.5 }),
      ],
    });
    expect(second.status).toBe(422);
    const problems = ((await second.json()) as { problems: { index: number; path: string; reason: string }[] })
      .problems;
    expect(problems.map((p) => [p.index, p.path])).toEqual([
      [1, 'samples.1.metric'],
      [2, 'samples.2.store'],
      [3, 'samples.3.value'],
    ]);
    expect(problems[1]!.reason).toContain('拼多多店');
    expect(await loadValues(bot.deps.db, teamId, { from: '2026-11-29', to: '2026-11-29', hourly: true })).toEqual([]);
  });

  it("a bad or missing token → 401; another team's token reads and writes only its own data", async () => {
    expect((await post({ samples: [sample()] }, 'fw_not-a-real-token-at-all-xxxxxxxx')).status).toBe(401);
    expect((await bot.app.request('/api/v1/metrics?from=2026-11-30&to=2026-11-30')).status).toBe(401);
    const theirs = await bot.app.request('/api/v1/metrics?from=2026-11-01&to=2026-11-30', {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(await theirs.json()).toEqual({ ok: true, values: [] });
    // Team B has no 京东自营店; A's store names mean nothing to B's token.
    expect((await post({ samples: [sample({ store: '京东自营店' })] }, other)).status).toBe(422);
    const mine = (await (
      await bot.app.request('/api/v1/metrics?from=2026-11-30&to=2026-11-30&metric=first_response_s', {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { values: unknown[] };
    expect(mine.values).toHaveLength(2);
  });

  it('a body over 2 MB → 413, declared or chunked; over 10,000 samples → 422', async () => {
    const big = JSON.stringify({ samples: [sample({ agent: 'x'.repeat(2 * 1024 * 1024) })] });
    const declared = await bot.app.request('/api/v1/metrics', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(big.length),
      },
      body: big,
    });
    expect(declared.status).toBe(413);
    const chunked = await viaServer(big);
    expect(chunked).toBe(413);
    const many = await post({ samples: Array.from({ length: 10_001 }, (_, i) => sample({ agent: `a${i}` })) });
    expect(many.status).toBe(422);
  });

  it('serves the OpenAPI document generated from the same schemas', async () => {
    const doc = (await (await bot.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toContain('/api/v1/metrics');
    expect(doc.components.schemas).toHaveProperty('Sample');
  });
});

/** Sends `body` chunked (no content-length) to the app behind a real HTTP server. */
async function viaServer(body: string): Promise<number> {
  const { getRequestListener } = await import('@hono/node-server');
  const server = createServer(getRequestListener(bot.app.fetch));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const stream = new ReadableStream({
      start(c) {
        const bytes = new TextEncoder().encode(body);
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      },
    });
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/metrics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    return res.status;
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
