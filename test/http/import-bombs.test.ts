import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';

/** Files built to hurt the import: a 10 MB line, bytes that are no text in any encoding. */
let bot: ApiBot;
let token: string;
beforeAll(async () => {
  ({ bot, token } = await startApiTeams());
});
afterAll(() => bot.close());

const upload = async (bytes: Uint8Array, name: string) => {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  const res = await bot.app.request('/api/v1/imports', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { error?: string; problem?: string } };
};
const stored = async () =>
  (
    await query<{ n: number }>(
      bot.deps.db,
      sql`select (select count(*) from kpi_values)::int + (select count(*) from kpi_imports)::int as n`,
    )
  )[0]!.n;

describe('import bombs', () => {
  it(
    'a CSV with a 10 MB line, and bytes that claim GBK but are not: 4xx with a message, nothing stored',
    { timeout: 60_000 },
    async () => {
      const before = await stored();
      const line = new TextEncoder().encode(
        `日期,店铺,首次响应时长(秒)\n2026-11-25,天猫旗舰店,${'9'.repeat(10 << 20)}\n`,
      );
      const started = performance.now();
      const long = await upload(line, 'long-line.csv');
      const ms = performance.now() - started;
      expect(long.status).toBeGreaterThanOrEqual(400);
      expect(long.status).toBeLessThan(500);
      expect(long.body.error).toEqual(expect.any(String));
      // Not a timed assertion (figures belong to bench): a sanity bound far above any healthy run.
      expect(ms).toBeLessThan(30_000);
      const notGbk = new Uint8Array(4096).map((_, i) => (i % 2 ? 0xff : 0x80));
      for (const name of ['客服绩效_gbk.csv', '客服绩效.xlsx']) {
        const r = await upload(notGbk, name);
        expect(r.status, name).toBeGreaterThanOrEqual(400);
        expect(r.status, name).toBeLessThan(500);
        expect(r.body.error, name).toEqual(expect.any(String));
      }
      expect(await stored()).toBe(before);
    },
  );
});
