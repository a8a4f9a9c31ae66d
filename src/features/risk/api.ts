/**
 * POST /api/v1/orders: orders to check for risk, an idempotent upsert per team and order id (a
 * field left out keeps what was stored; the same batch twice acts once). A batch is stored whole or
 * not at all: an unknown store answers 422 naming each one. Risky orders get their card at once.
 */
import { z } from '@hono/zod-openapi';
import { batchUpsertRoute, type DataApi } from '../../core/data-api';
import type { Deps } from '../../core/deps';
import { teamOf } from '../../core/teams';
import { activeStores } from '../stores/repo';
import { ingestOrders, type OrderInput } from './ingest';

export const MAX_ORDERS = 2_000;

/** What one order of a batch or a file row says, before its store is looked up. */
export interface ReportedOrder {
  id: string;
  store: string;
  buyer?: string;
  amount?: number;
  address_region?: string;
  logistics_updated_at?: string;
  delivered?: boolean;
  buyer_refunds?: number;
}

export const Order = z
  .object({
    id: z
      .string({ message: '缺少订单号 id（id is missing）' })
      .trim()
      .min(1, '订单号 id 不能为空（id is empty）')
      .max(64, '订单号最长 64 个字符（id too long）')
      .openapi({ example: '4012345678901234567' }),
    store: z
      .string({ message: '缺少店铺 store（store is missing）' })
      .min(1, '店铺 store 不能为空（store is empty）')
      .max(40, '店铺名最长 40 个字符（store too long）')
      .openapi({ example: '天猫旗舰店' }),
    buyer: z.string().trim().max(80, '买家最长 80 个字符（buyer too long）').optional().openapi({ example: 'tb_5566' }),
    amount: z
      .number({ message: '金额 amount 应为数字，单位元（amount must be a number of yuan）' })
      .min(0, '金额不能为负（amount must not be negative）')
      .max(10_000_000, '金额过大（amount too large）')
      .optional()
      .openapi({ example: 2599 }),
    address_region: z
      .string()
      .trim()
      .max(60, '收货地区最长 60 个字符（address_region too long）')
      .optional()
      .openapi({ example: '新疆维吾尔自治区' }),
    logistics_updated_at: z
      .string()
      .datetime({
        offset: true,
        message:
          '物流更新时间应为带时区的 ISO 时间，如 2026-11-29T10:00:00+08:00（logistics_updated_at must be ISO 8601 with an offset）',
      })
      .optional()
      .openapi({ example: '2026-11-29T10:00:00+08:00' }),
    delivered: z.boolean({ message: 'delivered 应为 true/false（delivered must be a boolean）' }).optional(),
    buyer_refunds: z
      .number({ message: '退款次数 buyer_refunds 应为整数（buyer_refunds must be an integer）' })
      .int('退款次数 buyer_refunds 应为整数（buyer_refunds must be an integer）')
      .min(0, '退款次数不能为负（buyer_refunds must not be negative）')
      .max(10_000, '退款次数过大（buyer_refunds too large）')
      .optional()
      .openapi({ example: 4 }),
  })
  .openapi('Order');

const Batch = z
  .object({
    orders: z
      .array(Order, { message: '缺少 orders 数组（orders must be an array）' })
      .min(1, 'orders 至少要有一个订单（orders is empty）')
      .max(MAX_ORDERS, `一批最多 ${MAX_ORDERS} 个订单（at most ${MAX_ORDERS} orders a batch）`),
  })
  .openapi('OrderBatch');

const post = batchUpsertRoute({
  path: '/api/v1/orders',
  summary: 'Orders to check for risk (idempotent upsert per team and order id; risky ones get a warning card)',
  batch: Batch,
  items: 'orders',
});

export type Problem = { path: string; index: number; reason: string };

/** The reported orders with their stores, or each one whose store the team does not have. */
export function withStores(
  orders: readonly ReportedOrder[],
  stores: ReadonlyMap<string, number>,
  path = 'orders',
): { inputs: OrderInput[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const inputs: OrderInput[] = [];
  orders.forEach((o, index) => {
    const storeId = stores.get(o.store);
    if (storeId === undefined) {
      problems.push({
        index,
        path: `${path}.${index}.store`,
        reason: `本组没有店铺「${o.store}」，请先 /store add（this team has no store "${o.store}"）`,
      });
      return;
    }
    inputs.push({
      orderId: o.id,
      storeId,
      storeName: o.store,
      ...(o.buyer !== undefined ? { buyer: o.buyer } : {}),
      ...(o.amount !== undefined ? { amount: o.amount } : {}),
      ...(o.address_region !== undefined ? { region: o.address_region } : {}),
      ...(o.logistics_updated_at !== undefined ? { logisticsAt: new Date(o.logistics_updated_at) } : {}),
      ...(o.delivered !== undefined ? { delivered: o.delivered } : {}),
      ...(o.buyer_refunds !== undefined ? { buyerRefunds: o.buyer_refunds } : {}),
    });
  });
  return { inputs, problems };
}

export function registerOrdersApi(api: DataApi, deps: Deps): void {
  api.openapi(post, async (c) => {
    const teamId = c.get('teamId');
    const { orders } = c.req.valid('json');
    const stores = new Map((await activeStores(deps.db, teamId)).map((s) => [s.name, s.id]));
    const { inputs, problems } = withStores(orders, stores);
    if (problems.length)
      return c.json(
        { ok: false as const, error: '订单有误，什么都没有保存（invalid orders; nothing was stored）', problems },
        422,
      );
    const team = await teamOf(deps.db, teamId);
    const now = deps.clock.now();
    const r = await deps.db.transaction((tx) => ingestOrders({ ...deps, db: tx }, team, inputs, now));
    deps.wake();
    return c.json({ ok: true as const, stored: r.inserted + r.replaced, ...r }, 200);
  });
}
