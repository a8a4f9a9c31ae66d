import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { Logger } from '../log';
import type { PlatformApi } from './platform';

/** Everything handlers, jobs and the outbox need, injected — tests and the sandbox swap parts. */
export interface Deps {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  /** Cheap database liveness probe (for /healthz). */
  dbPing(): Promise<void>;
  clock: Clock;
  log: Logger;
  platform: PlatformApi;
  /** Who the bot is on the platform (cached after the first call). */
  bot(): Promise<{ openId: string; name: string }>;
  /** Keep work alive after the HTTP answer: waitUntil on Workers, a tracked promise on Node. */
  defer(work: Promise<unknown>): void;
  /** Something was enqueued or became due: nudge the outbox/timer loop to look now. */
  wake(): void;
}

export function cachedBot(platform: PlatformApi): Deps['bot'] {
  let pending: Promise<{ openId: string; name: string }> | undefined;
  return () => {
    pending ??= platform.botInfo().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
