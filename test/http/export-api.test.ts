import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';

let bot: ApiBot;
let token: string;
let other: string;
let teamId: number;

const get = (path: string, t: string | undefined = token) =>
  bot.app.request(path, t ? { headers: { authorization: `Bearer ${t}` } } : {});

beforeAll(async () => {
  ({ bot, token, other, teamId } = await startApiTeams());
  const [store] = await query<{ id: number }>(
    bot.deps.db,
    sql`select id from stores where team_id = ${teamId} and name = '天猫旗舰店'`,
  );
  const now = bot.deps.clock.now();
  await bot.deps.db.execute(
    sql`insert into kpi_values (team_id, store_id, agent, metric, day, value, source, updated_at) values
        (${teamId}, ${store!.id}, '小王, "老王"', 'first_response_s', '2026-11-02', 28.5, 'manual', ${now.toISOString()}::timestamptz),
        (${teamId}, ${store!.id}, '=cmd()', 'first_response_s', '2026-11-03', 31, 'manual', ${now.toISOString()}::timestamptz),
        (${teamId}, ${store!.id}, '', 'first_response_s', '2026-12-05', 40, 'manual', ${now.toISOString()}::timestamptz)`,
  );
});
afterAll(() => bot.close());

describe('GET /api/v1/export/<kind>', () => {
  it('streams CSV: BOM, Chinese headers, one record a line, RFC 4180 quoting, formulas defused, the period kept', async () => {
    const res = await get('/api/v1/export/kpi?from=2026-11-01&to=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('kpi_2026-11-01_2026-11-30.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\ufeff日期,店铺,客服,小时,首次响应时长（秒）\r\n')).toBe(true);
    const rows = parse(text.slice(1), { relaxQuotes: false }) as string[][];
    expect(rows).toHaveLength(1 + 2);
    expect(rows[1]!.slice(0, 3)).toEqual(['2026-11-02', '天猫旗舰店', '小王, "老王"']);
    expect(rows[1]![4]).toBe('28.5');
    expect(rows[2]![2]).toBe("'=cmd()");
    expect(text).toContain('"小王, ""老王"""');
  });

  it('bad from/to → 400 in Chinese; unknown kind → 404; mood → 403; no token → 401', async () => {
    for (const [q, words] of [
      ['from=11-01', 'from 要写成日期'],
      ['to=2026-13-01', 'to 要写成日期'],
      ['from=2026-11-30&to=2026-11-01', 'from 不能晚于 to'],
      ['from=2024-01-01&to=2026-11-30', '一次最多导出 366 天'],
    ] as const) {
      const res = await get(`/api/v1/export/kpi?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain(words);
    }
    const unknown = await get('/api/v1/export/salaries');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('没有「salaries」这种导出');
    for (const word of ['mood', '情绪']) {
      const mood = await get(`/api/v1/export/${encodeURIComponent(word)}`);
      expect(mood.status).toBe(403);
      expect(((await mood.json()) as { error: string }).error).toContain('情绪数据从不导出');
    }
    expect((await get('/api/v1/export/kpi', '')).status).toBe(401);
  });

  it("each token reaches only its own team's records; every kind answers with its header", async () => {
    const theirs = await (await get('/api/v1/export/kpi?from=2026-11-01&to=2026-11-30', other)).text();
    expect(theirs.trim().split('\r\n')).toHaveLength(1);
    for (const kind of bot.deps.app.exports) {
      const res = await get(`/api/v1/export/${kind.kind}?from=2026-11-01&to=2026-12-31`);
      expect(res.status, kind.kind).toBe(200);
      expect((await res.text()).split('\r\n')[0]!.length).toBeGreaterThan(3);
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await bot.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/v1/export/{kind}');
  });
});
