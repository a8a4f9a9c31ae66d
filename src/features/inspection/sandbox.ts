/**
 * The sandbox's demo account reports (POST /api/v1/accounts would bring them on a real team):
 * every demo store's two accounts, reported in the last ten minutes, one of them offline — so the
 * morning card's item 1 shows what an offline account looks like.
 */
import type { SandboxData } from '../../core/feature';
import { activeStores } from '../stores/repo';
import { upsertAccounts } from './repo';

const SEATS = ['小王', '小陈'];

export const seedDemoAccounts: SandboxData = async (deps, team, now) => {
  const stores = await activeStores(deps.db, team.id);
  if (!stores.length) return;
  const at = new Date(Math.floor(now.getTime() / 600_000) * 600_000);
  const rows = stores.flatMap((s, i) =>
    SEATS.map((seat, j) => ({ storeId: s.id, account: `${s.name}:${seat}`, online: !(i === 1 && j === 1), at })),
  );
  await upsertAccounts(deps.db, team.id, rows, now);
};
