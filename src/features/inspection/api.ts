/**
 * POST /api/v1/accounts: store-account login status for the morning inspection (item 1), an
 * idempotent upsert per team, store and account (a report older than the stored one changes
 * nothing). A batch is stored whole or not at all: a store the team does not have answers 422
 * naming each one.
 */
import { z } from '@hono/zod-openapi';
import { batchUpsertRoute, type DataApi } from '../../core/data-api';
import type { Deps } from '../../core/deps';
import { activeStores } from '../stores/repo';
import { upsertAccounts, type AccountRow } from './repo';

export const MAX_ACCOUNTS = 5_000;

const Account = z
  .object({
    store: z.string().min(1).max(40).openapi({ example: '天猫旗舰店' }),
    account: z.string().trim().min(1).max(80).openapi({ example: '天猫旗舰店:小王' }),
    online: z.boolean().openapi({ example: false }),
    at: z.string().datetime({ offset: true }).openapi({ example: '2026-12-01T08:05:00+08:00' }),
  })
  .openapi('StoreAccount');

const Batch = z.object({ accounts: z.array(Account).min(1).max(MAX_ACCOUNTS) }).openapi('AccountBatch');

const post = batchUpsertRoute({
  path: '/api/v1/accounts',
  summary: 'Store-account login status (idempotent upsert per team, store and account)',
  batch: Batch,
  items: 'accounts',
});

export function registerAccountsApi(api: DataApi, deps: Deps): void {
  api.openapi(post, async (c) => {
    const teamId = c.get('teamId');
    const { accounts } = c.req.valid('json');
    const storeId = new Map((await activeStores(deps.db, teamId)).map((s) => [s.name, s.id]));
    const problems: { path: string; index: number; reason: string }[] = [];
    const rows: AccountRow[] = [];
    accounts.forEach((a, index) => {
      const id = storeId.get(a.store);
      if (id === undefined)
        problems.push({
          index,
          path: `accounts.${index}.store`,
          reason: `this team has no store "${a.store}" (add it with /store add)`,
        });
      else rows.push({ storeId: id, account: a.account, online: a.online, at: new Date(a.at) });
    });
    if (problems.length)
      return c.json({ ok: false as const, error: 'invalid accounts; nothing was stored', problems }, 422);
    const r = await deps.db.transaction((tx) => upsertAccounts(tx, teamId, rows, deps.clock.now()));
    return c.json({ ok: true as const, stored: r.inserted + r.replaced, ...r }, 200);
  });
}
