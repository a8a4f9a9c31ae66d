import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { keywordCounts } from '../../src/features/keyword/schema';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';

let bot: ApiBot;
let token: string;
let other: string;
let teamId: number;

const count = (o: Record<string, unknown> = {}) => ({
  keyword: '质量差',
  count: 12,
  date: '2026-11-30',
  hour: 10,
  store: '天猫旗舰店',
  ...o,
});
const post = (body: unknown, t = token) =>
  bot.app.request('/api/v1/keywords', {
    method: 'POST',
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const stored = () => bot.deps.db.select().from(keywordCounts).where(eq(keywordCounts.teamId, teamId));

beforeAll(async () => {
  ({ bot, token, other, teamId } = await startApiTeams());
});
afterAll(() => bot.close());

describe('POST /api/v1/keywords', () => {
  it('stores a batch; the same batch again replaces, never adds', async () => {
    const batch = { counts: [count(), count({ hour: 11, count: 20 }), count({ store: undefined, hour: undefined })] };
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, stored: 3, inserted: 3, replaced: 0 });
    expect(await (await post(batch)).json()).toEqual({ ok: true, stored: 3, inserted: 0, replaced: 3 });
    const rows = await stored();
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.storeId === 0)).toMatchObject({ hour: -1, count: 12 });
    // A new count for the same key replaces the old one.
    await post({ counts: [count({ count: 30 })] });
    expect((await stored()).find((r) => r.hour === 10)?.count).toBe(30);
  });

  it('an unknown store → 422 naming each index, and nothing of the batch stored', async () => {
    const before = (await stored()).length;
    const res = await post({
      counts: [count({ date: '2026-11-29' }), count({ date: '2026-11-29', store: '拼多多店' })],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { problems: { index: number; path: string; reason: string }[] };
    expect(body.problems.map((p) => [p.index, p.path])).toEqual([[1, 'counts.1.store']]);
    expect(body.problems[0]!.reason).toContain('拼多多店');
    expect((await stored()).length).toBe(before);
  });

  it('a malformed count (negative, not an integer, hour 24, no keyword, no real day) → 422 with its index', async () => {
    for (const bad of [{ count: -1 }, { count: 1.5 }, { hour: 24 }, { keyword: ' ' }, { date: '2026-02-30' }]) {
      const res = await post({ counts: [count({ date: '2026-11-28' }), count({ date: '2026-11-28', ...bad })] });
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect(JSON.stringify(await res.json())).toContain('counts');
    }
    expect((await stored()).filter((r) => r.day === '2026-11-28')).toHaveLength(0);
  });

  it("a token reaches only its own team's stores; no token → 401", async () => {
    expect((await post({ counts: [count({ store: '京东自营店' })] }, other)).status).toBe(422);
    expect((await post({ counts: [count()] }, 'nope')).status).toBe(401);
  });
});
