import { ManualClock } from '../../src/clock';
import { loadConfig, type Config } from '../../src/config';
import { app as theApp } from '../../src/app';
import type { App } from '../../src/core/app-def';
import { createDeps, trackedDefer, type Deps } from '../../src/core/deps';
import type { PlatformApi } from '../../src/port/platform';
import type { Database } from '../../src/db/client';
import { silentLogger, type Logger } from '../../src/log';

/**
 * Deps for a test: a real database, the platform given (normally the SDK client pointed at the
 * fake Feishu server), a movable clock, and deferred work collected so a test can await it.
 */
export function createTestDeps(opts: {
  database: Database;
  platform: PlatformApi;
  /** Further platforms, for teams on them (Deps.platformFor). */
  platforms?: PlatformApi[];
  clock?: ManualClock;
  config?: Partial<Config>;
  env?: Record<string, string>;
  log?: Logger;
  /** The features and commands (default: the real app). */
  app?: App;
}): Deps & { clock: ManualClock; settle(): Promise<void>; wakes: number } {
  const clock = opts.clock ?? new ManualClock();
  const deferred = trackedDefer();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', ...opts.env }), ...opts.config };
  const deps = {
    ...createDeps({
      config,
      app: opts.app ?? theApp,
      database: opts.database,
      platform: opts.platform,
      ...(opts.platforms ? { platforms: opts.platforms } : {}),
      log: opts.log ?? silentLogger,
      clock,
      defer: deferred.defer,
    }),
    clock,
    wakes: 0,
    wake() {
      deps.wakes++;
    },
    async settle() {
      await deferred.settle();
    },
  };
  return deps;
}
