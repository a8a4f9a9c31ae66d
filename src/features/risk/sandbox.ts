/**
 * The sandbox's risk demo: five orders of the first demo store, one risky for each reason and one
 * that is not, stored the way POST /api/v1/orders stores them (so the cards go out for real).
 * Idempotent: once the first demo order is stored, nothing more is done.
 */
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import { activeStores } from '../stores/repo';
import { orderByOrderId } from './repo';
import { ingestOrders, type OrderInput } from './ingest';

const HOUR = 3_600_000;

export async function seedRiskDemo(deps: Deps, team: Team, now: Date): Promise<void> {
  const store = (await activeStores(deps.db, team.id))[0];
  if (!store || (await orderByOrderId(deps.db, team.id, 'DEMO-R1'))) return;
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const base = { storeId: store.id, storeName: store.name };
  const orders: OrderInput[] = [
    { ...base, orderId: 'DEMO-R1', amount: 189, region: '浙江省杭州市', logisticsAt: at(60), buyer: 'tb_小鹿' },
    { ...base, orderId: 'DEMO-R2', amount: 99, region: '新疆维吾尔自治区乌鲁木齐市', logisticsAt: at(5) },
    { ...base, orderId: 'DEMO-R3', amount: 3899, region: '上海市', logisticsAt: at(3), buyer: 'tb_大客户' },
    { ...base, orderId: 'DEMO-R4', amount: 59, region: '广东省深圳市', logisticsAt: at(8), buyerRefunds: 5 },
    { ...base, orderId: 'DEMO-R5', amount: 129, region: '江苏省南京市', logisticsAt: at(2), buyerRefunds: 0 },
  ];
  await deps.db.transaction((tx) => ingestOrders({ ...deps, db: tx }, team, orders, now));
  deps.wake();
}
