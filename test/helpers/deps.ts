import { ManualClock } from '../../src/clock';
import { loadConfig, type Config } from '../../src/config';
import { cachedBot, type Deps } from '../../src/core/deps';
import type { PlatformApi } from '../../src/core/platform';
import type { Database } from '../../src/db/client';
import { silentLogger, type Logger } from '../../src/log';

/**
 * Deps for a test: a real database, the platform given (normally the SDK client pointed at the
 * fake Feishu server), a movable clock, and deferred work collected so a test can await it.
 */
export function createTestDeps(opts: {
  database: Database;
  platform: PlatformApi;
  clock?: ManualClock;
  config?: Partial<Config>;
  env?: Record<string, string>;
  log?: Logger;
}): Deps & { clock: ManualClock; settle(): Promise<void>; wakes: number } {
  const clock = opts.clock ?? new ManualClock();
  const pending = new Set<Promise<unknown>>();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', ...opts.env }), ...opts.config };
  const deps = {
    config,
    db: opts.database.db,
    dbKind: opts.database.kind,
    dbPing: () => opts.database.ping(),
    clock,
    log: opts.log ?? silentLogger,
    platform: opts.platform,
    bot: cachedBot(opts.platform),
    defer(work: Promise<unknown>) {
      const p = work.catch(() => {}).finally(() => pending.delete(p));
      pending.add(p);
    },
    wakes: 0,
    wake() {
      deps.wakes++;
    },
    async settle() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
  return deps;
}
