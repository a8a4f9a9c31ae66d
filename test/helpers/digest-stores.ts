/**
 * A team with many stores of KPI history for the digest's size test and bench: `stores` stores
 * (named 店铺001…, on rotating platforms), each with `days` days × 15 metrics of store-level values
 * up to `lastDay`, seeded with upsertValues. About a third of the stores miss some target each day.
 */
import type { Db } from '../../src/db/client';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { addStore } from '../../src/features/stores/repo';
import type { PlatformKey } from '../../src/features/stores/platforms';
import { FIFTEEN_METRICS } from './kpi-metrics';

const PLATFORMS: PlatformKey[] = ['tmall', 'jd', 'douyin', 'pdd', 'taobao'];

export async function seedDigestStores(
  db: Db,
  teamId: number,
  o: { stores: number; days: number; lastDay: string; now: Date },
): Promise<{ values: number }> {
  const ids: number[] = [];
  for (let i = 0; i < o.stores; i++) {
    const name = `店铺${String(i + 1).padStart(3, '0')}`;
    const row = await addStore(db, teamId, { name, platform: PLATFORMS[i % PLATFORMS.length]! }, o.now);
    if (row) ids.push(row.id);
  }
  const last = Date.parse(`${o.lastDay}T00:00:00Z`);
  const rows: ValueRow[] = [];
  ids.forEach((storeId, s) => {
    for (let d = 0; d < o.days; d++) {
      const day = new Date(last - d * 86_400_000).toISOString().slice(0, 10);
      for (const [metric, v] of FIFTEEN_METRICS)
        rows.push({ storeId, agent: '', metric, day, hour: -1, value: v(s, d), base: null });
    }
  });
  await upsertValues(db, teamId, rows, 'test:digest', o.now);
  return { values: rows.length };
}
