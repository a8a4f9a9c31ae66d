/**
 * An order export sent to the bot privately like a KPI export: the KPI import hands it to the risk
 * feature (its header is an order export's), which stores it whole through the same path as
 * POST /api/v1/orders and says what it did; a refused row refuses the file and changes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { PLATFORMS, textOf } from '../helpers/bot';
import { fileWorld, type FileWorld } from '../helpers/file-world';
import { startOpsTeam } from '../helpers/ops-team';

describe.each(PLATFORMS)('order exports sent to the bot (%s)', (platform) => {
  let w: Awaited<ReturnType<typeof startOpsTeam>>;
  let files: FileWorld;

  const csv = (rows: string[]) =>
    new TextEncoder().encode(['订单号,店铺,实付金额,收货地区,物流更新时间,买家退款次数', ...rows].join('\n'));
  const orders = () =>
    query<{ order_id: string; amount: number; warned: boolean }>(
      w.bot.deps.db,
      sql`select order_id, amount, warned_at is not null as warned from risk_orders order by order_id`,
    );

  beforeAll(async () => {
    w = await startOpsTeam({ at: new Date('2026-12-01T03:30:00Z'), stores: ['天猫旗舰店'], platform });
    files = fileWorld(w.bot);
  });
  afterAll(() => w.bot.close());

  describe('an order export sent privately', () => {
    it('refuses a file with a bad row, naming the line, and stores nothing', async () => {
      const bad = csv(['F-1,天猫旗舰店,100,浙江,2026-12-01 09:00,0', 'F-2,天猫旗舰店,很多,浙江,2026-12-01 09:00,0']);
      const sent = await files.sendPrivately(w.bot.users.supervisor, '订单导出_bad.csv', bad);
      const text = sent.map(textOf).join('\n');
      expect(text).toContain('没有导入');
      expect(text).toContain('第 3 行');
      expect(text).toContain('金额');
      expect(await orders()).toEqual([]);
    });

    it('stores the orders (local times in the team zone) and raises the risky ones; the same file again acts once', async () => {
      const good = csv([
        'F-1,天猫旗舰店,100,浙江省,2026-12-01 09:00,0',
        'F-2,天猫旗舰店,4999,浙江省,2026-12-01 09:00,0',
        'F-3,天猫旗舰店,80,西藏自治区,2026-12-01 09:00,',
      ]);
      const sent = await files.sendPrivately(w.bot.users.supervisor, '订单导出.csv', good);
      expect(sent.map(textOf).join('\n')).toContain('3 个订单（新 3，更新 0），其中 2 个新的风险订单');
      expect((await orders()).map((o) => [o.order_id, o.warned])).toEqual([
        ['F-1', false],
        ['F-2', true],
        ['F-3', true],
      ]);
      const [t] = await query<{ at: string }>(
        w.bot.deps.db,
        sql`select logistics_at::text as at from risk_orders where order_id = 'F-1'`,
      );
      expect(new Date(t!.at).toISOString()).toBe('2026-12-01T01:00:00.000Z');
      const cards = async () =>
        Number(
          (
            await query<{ n: number }>(
              w.bot.deps.db,
              sql`select count(*)::int as n from outbox where ref like 'risk:%:card'`,
            )
          )[0]!.n,
        );
      expect(await cards()).toBe(2);
      await files.sendPrivately(w.bot.users.supervisor, '订单导出.csv', good);
      expect(await orders()).toHaveLength(3);
      expect(await cards()).toBe(2);
    });
  });
});
