/**
 * A bench's team on a throwaway Postgres database: deps whose Feishu client points nowhere (the
 * bench reads what the outbox holds, nothing is sent), one team and `storeCount` stores.
 */
import { app } from '../../src/app';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { createDeps } from '../../src/core/deps';
import { teamOf } from '../../src/core/teams';
import { teams } from '../../src/db/schema';
import { FeishuEmulator } from '../../src/emulator/feishu';
import { stores } from '../../src/features/stores/schema';
import { silentLogger } from '../../src/log';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { benchDatabase } from '../helpers/db';

export async function benchTeam(storeCount: number) {
  const database = await benchDatabase();
  const emulator = new FeishuEmulator();
  const deps = createDeps({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    app,
    database,
    platform: createFeishuPlatform({
      appId: emulator.app.appId,
      appSecret: emulator.app.appSecret,
      domain: 'http://127.0.0.1:9',
      log: silentLogger,
    }),
    log: silentLogger,
    defer: () => {},
  });
  const now = systemClock.now();
  const [t] = await deps.db
    .insert(teams)
    .values({ tenantKey: 't', chatId: 'oc_bench', name: 'bench', timeZone: 'Asia/Shanghai', createdAt: now })
    .returning();
  const team = await teamOf(deps.db, t!.id);
  const storeRows = await deps.db
    .insert(stores)
    .values(
      Array.from({ length: storeCount }, (_, i) => ({
        teamId: team.id,
        name: `店铺${i + 1}`,
        platform: 'jd',
        createdAt: now,
      })),
    )
    .returning();
  return { database, deps, team, storeRows, now };
}
