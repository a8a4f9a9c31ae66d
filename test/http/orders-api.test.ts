import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';

let bot: ApiBot;
let token: string;
let other: string;
let teamId: number;

const order = (o: Record<string, unknown> = {}) => ({
  id: '4012345678901234567',
  store: '天猫旗舰店',
  amount: 120,
  address_region: '浙江省杭州市',
  logistics_updated_at: '2026-12-01T08:00:00+08:00',
  ...o,
});
const post = (body: unknown, t = token) =>
  bot.app.request('/api/v1/orders', {
    method: 'POST',
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
type Row = {
  order_id: string;
  amount: number | null;
  region: string | null;
  buyer_refunds: number | null;
  warned: boolean;
};
const stored = (team = teamId) =>
  query<Row>(
    bot.deps.db,
    sql`select order_id, amount, region, buyer_refunds, warned_at is not null as warned from risk_orders where team_id = ${team} order by order_id`,
  );
const cards = async () =>
  Number(
    (
      await query<{ n: number }>(
        bot.deps.db,
        sql`select count(*)::int as n from outbox where ref like 'risk:%:card' and kind = 'send'`,
      )
    )[0]!.n,
  );

beforeAll(async () => {
  ({ bot, token, other, teamId } = await startApiTeams());
});
afterAll(() => bot.close());

describe('POST /api/v1/orders', () => {
  it('stores orders; the same batch twice acts once; a later report merges (what it leaves out is kept)', async () => {
    const batch = { orders: [order(), order({ id: 'A-2', amount: 3000 })] };
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, stored: 2, inserted: 2, replaced: 0, warned: 1 });
    expect(await cards()).toBe(1);
    const again = await post(batch);
    expect(await again.json()).toMatchObject({ ok: true, inserted: 0, replaced: 2, warned: 0 });
    expect(await cards()).toBe(1);
    await post({ orders: [{ id: '4012345678901234567', store: '天猫旗舰店', buyer_refunds: 1 }] });
    const row = (await stored()).find((r) => r.order_id === '4012345678901234567')!;
    expect(row).toMatchObject({ amount: 120, region: '浙江省杭州市', buyer_refunds: 1, warned: false });
  });

  it('bad input is a 422 with a Chinese reason per field, and nothing of the batch is stored', async () => {
    const before = await stored();
    const res = await post({
      orders: [
        order({ id: 'NEW-1' }),
        order({ id: 'NEW-2', amount: '很多' }),
        order({ id: 'NEW-3', logistics_updated_at: '昨天' }),
      ],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { problems: { path: string; reason: string }[] };
    expect(body.problems.map((p) => p.path)).toEqual(['orders.1.amount', 'orders.2.logistics_updated_at']);
    expect(body.problems[0]!.reason).toContain('金额');
    expect(body.problems[1]!.reason).toContain('物流更新时间');
    const unknown = await post({ orders: [order({ id: 'NEW-4' }), order({ id: 'NEW-5', store: '拼多多' })] });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      ok: false,
      error: expect.stringContaining('什么都没有保存'),
      problems: [{ index: 1, path: 'orders.1.store', reason: expect.stringContaining('本组没有店铺「拼多多」') }],
    });
    expect((await post({ orders: [] })).status).toBe(422);
    expect((await post({ orders: [order({ id: '' })] })).status).toBe(422);
    expect(await stored()).toEqual(before);
  });

  it("a token reaches only its own team's stores; a bad token is 401; it is in the OpenAPI document", async () => {
    expect((await post({ orders: [order({ store: '京东自营店' })] }, other)).status).toBe(422);
    expect((await post({ orders: [order()] }, 'nope')).status).toBe(401);
    const doc = await (await bot.app.request('/api/v1/openapi.json')).text();
    expect(doc).toContain('/api/v1/orders');
  });
});
